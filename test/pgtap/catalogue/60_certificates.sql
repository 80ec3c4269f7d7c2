-- 60_certificates.sql — the SQL API of certificate-item validation (issue 6), for 01_catalogue.sql.
-- INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES ...;
-- INSERT INTO api_procedures / api_aggregates likewise.
INSERT INTO api VALUES
    -- the range type behind the exclusion constraint (constructors made by PostgreSQL)
    ('catalogue_code_range', '{text,text}', 'catalogue_code_range', 'immutable', false, 's'),
    ('catalogue_code_range', '{text,text,text}', 'catalogue_code_range', 'immutable', false, 's'),
    ('catalogue_code_multirange', '{}', 'catalogue_code_multirange', 'immutable', true, 's'),
    ('catalogue_code_multirange', '{catalogue_code_range}', 'catalogue_code_multirange', 'immutable', true, 's'),
    ('catalogue_code_multirange', '{catalogue_code_range[]}', 'catalogue_code_multirange', 'immutable', true, 's'),
    -- integrity triggers and registration (write: VOLATILE, PARALLEL UNSAFE)
    ('certificate_status_guard', '{}', 'trigger', 'volatile', false, 'u'),
    ('certificate_verification_guard', '{}', 'trigger', 'volatile', false, 'u'),
    ('register_certificate_verification', '{text,regprocedure,text}', 'certificate_verifications', 'volatile', false, 'u'),
    -- reading the catalogue
    ('catalogue_closest_names', '{text,text,integer}', 'text[]', 'stable', false, 's'),
    ('catalogue_item_code', '{text,text}', 'text', 'stable', false, 's'),
    ('catalogue_issuer', '{text}', 'record', 'stable', false, 's'),
    ('catalogue_answer', '{text,text,text,date}', 'record', 'stable', false, 's'),
    -- answers: VOLATILE and PARALLEL UNSAFE because they may log themselves
    ('certificate_audit_record', '{text,text,text,resident_id,date,jsonb}', 'boolean', 'volatile', false, 'u'),
    ('check_certificate', '{text,text,date}', 'record', 'volatile', false, 'u'),
    ('check_certificates', '{text[],text,date}', 'setof record', 'volatile', false, 'u'),
    ('audit_issued_certificates', '{regclass,name,name,name,name}', 'setof record', 'volatile', false, 'u'),
    ('check_task_admission', '{text,text,date}', 'record', 'volatile', false, 'u'),
    ('verify_certificate', '{text,resident_id,date}', 'record', 'volatile', false, 'u');
INSERT INTO api VALUES
    ('summarise_issued_certificates', '{regclass,name,name,name,date,date}', 'setof record', 'volatile', false, 'u');
