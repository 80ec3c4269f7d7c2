-- 80_privacy.sql — the SQL API of privacy and robustness (issue 8), for 01_catalogue.sql.
-- INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES ...;
-- INSERT INTO api_procedures / api_aggregates likewise.
INSERT INTO api VALUES
    -- pseudonyms: read the keys for their caller (SECURITY DEFINER), STABLE
    ('pseudonym', '{resident_id,text}', 'text', 'stable', true, 's'),
    ('pseudonym', '{resident_id,text,integer}', 'text', 'stable', true, 's'),
    ('pseudonym_key_version', '{text}', 'integer', 'immutable', true, 's'),
    -- keys: made, rotated and retired (VOLATILE, PARALLEL UNSAFE)
    ('pseudonym_new_secret', '{}', 'bytea', 'volatile', true, 'u'),
    ('pseudonym_key_create', '{text,timestamp with time zone,text}', 'integer', 'volatile', false, 'u'),
    ('pseudonym_rotate', '{text,interval,timestamp with time zone,text}', 'integer', 'volatile', false, 'u'),
    ('pseudonym_key_retire', '{text,integer}', 'timestamp with time zone', 'volatile', false, 'u'),
    ('pseudonym_keys_check', '{}', 'trigger', 'volatile', false, 'u');
-- roles, row-level security and masking (82_roles.sql)
INSERT INTO api VALUES
    ('row_security_tables', '{}', 'setof record', 'immutable', false, 's'),
    ('sees_identities', '{}', 'boolean', 'stable', false, 's'),
    ('name_mask', '{text}', 'text', 'immutable', true, 's'),
    ('resident_id_shown', '{resident_id}', 'text', 'stable', true, 's'),
    ('name_shown', '{text}', 'text', 'stable', true, 's'),
    ('grant_role_privileges', '{}', 'setof text', 'volatile', false, 'u'),
    ('create_roles', '{}', 'setof text', 'volatile', false, 'u'),
    -- masked explanations for report writers (SECURITY DEFINER, run as aidlink_admin)
    ('source_row_evidence', '{link_sources,text}', 'record', 'stable', false, 's'),
    ('source_row_digest', '{text,text}', 'text', 'stable', false, 's'),
    ('explain_value_mask', '{text,text}', 'text', 'immutable', false, 's'),
    ('explain_link_masked', '{text,text,resident_id,text}', 'setof record', 'stable', false, 's'),
    ('explain_score_masked', '{text,date}', 'setof record', 'stable', false, 's');
-- per-key grants and linkage on pseudonyms (83_pseudonym_access.sql)
INSERT INTO api VALUES
    ('pseudonym_key_grant', '{text,regrole}', 'boolean', 'volatile', false, 'u'),
    ('pseudonym_key_revoke', '{text,regrole}', 'boolean', 'volatile', false, 'u'),
    ('pseudonym_index_refresh', '{text}', 'bigint', 'volatile', false, 'u'),
    ('resident_id_of_pseudonym', '{text,text}', 'resident_id', 'stable', true, 's');
