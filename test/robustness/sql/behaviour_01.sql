-- What aidlink 0.1's functions, operators and aggregates answer on the
-- user's data: one md5 per line, compared before and after an upgrade.
SET client_min_messages = warning;
SELECT 'functions|' || md5(string_agg(concat_ws(',', rid, aidlink.resident_id_birth_date(rid), aidlink.resident_id_sex(rid),
        aidlink.resident_id_region(rid), aidlink.resident_id_age(rid, '2026-01-01'), aidlink.resident_id_mask(rid),
        aidlink.resident_id_legacy15(rid), aidlink.resident_id_plausibility_problem(rid, '2026-01-01'),
        rid::bigint, aidlink.resident_id_hash(rid), aidlink.resident_id_hash_extended(rid, 7),
        code, aidlink.uscc_region(code), aidlink.uscc_authority(code), aidlink.uscc_entity_type(code),
        aidlink.uscc_org_code(code), aidlink.uscc_hash_extended(code, 7), org, aidlink.org_code_hash(org),
        public.age_on(rid, '2030-06-30')), E'\n' ORDER BY n))
FROM public.all_types;
SELECT 'parsers|' || md5(string_agg(concat_ws(',', t, aidlink.to_resident_id(t), aidlink.resident_id_problem(t),
        aidlink.to_uscc(t), aidlink.uscc_problem(t), aidlink.to_org_code(t), aidlink.org_code_problem(t)), E'\n' ORDER BY t))
FROM (VALUES ('11010519491231002x'), ('110105-1949 1231-002x'), ('110105194912310021'), ('110105491231002'),
             ('91350100M000100Y43'), ('91350100M000100Y44'), ('D2143569-X'), ('D2143569-1'), (''), ('x')) v(t);
SET search_path = public, aidlink;
SELECT 'operators|' || md5(string_agg(concat_ws(',', a.rid < b.rid, a.rid = b.rid, a.code >= b.code, a.org <> b.org), '' ORDER BY a.n))
FROM public.all_types a JOIN public.all_types b ON b.n = a.n % 97;
SELECT 'aggregates|' || concat_ws(',', min(rid), max(rid), min(code), max(code), min(org), max(org)) FROM public.all_types;
SELECT 'views|' || md5(string_agg(v::text, E'\n' ORDER BY v::text)) FROM public.people_by_region v;
SELECT 'index|' || count(*) FROM public.all_types WHERE aidlink.resident_id_birth_date(rid) BETWEEN '1950-01-01' AND '1960-12-31';
SELECT 'partitions|' || string_agg(tableoid::regclass::text || ':' || c, ',' ORDER BY tableoid::regclass::text)
FROM (SELECT tableoid, count(*) c FROM public.by_person GROUP BY tableoid) p;
