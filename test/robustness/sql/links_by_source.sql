-- source|rows|md5 of its links without the run that wrote them
SELECT source_name || '|' || count(*) || '|' ||
       md5(string_agg(row(row_key, resident_id, method, status, reason, problem, detail, in_reference,
                          match_weight, match_probability, candidates, row_hash)::text, E'\n' ORDER BY row_key))
FROM aidlink.links GROUP BY source_name ORDER BY source_name;
