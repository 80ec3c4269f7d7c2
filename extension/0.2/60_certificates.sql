
-----------------------------------------------------------------------------
-- Certificate items (issue 6): which certificates may be issued, by whom,
-- and what replaces the ones that may not
-----------------------------------------------------------------------------
-- Cities publish lists of the certificate items (zhengming shixiang) that
-- community and village committees were asked to stamp: each item kept,
-- cancelled, moved to a named department, or replaced by the applicant's
-- written commitment or by a check of shared data.  The lists are data a
-- DBA edits (the tables below, each status with the date it takes effect and
-- the published list it comes from); the database refuses a status that
-- says nothing of what replaces a cancelled item, two statuses of one item
-- for one kind of issuer on one date, and dates out of order.  The same
-- tables hold the admission list of work assigned to communities (items of
-- kind 'task').

CREATE TYPE aidlink.catalogue_code_range AS RANGE (subtype = text, collation = "C");
COMMENT ON TYPE aidlink.catalogue_code_range IS
  'A range of catalogue codes in the C collation, used as [code, code]: it lets a GiST exclusion constraint say "same item and same kind of issuer" (GiST has no operator class for plain text without btree_gist) alongside "overlapping dates"';
COMMENT ON TYPE aidlink.catalogue_code_multirange IS
  'Multirange of aidlink.catalogue_code_range (made by PostgreSQL with the range type; not used by aidlink)';
COMMENT ON CAST (aidlink.catalogue_code_range AS aidlink.catalogue_code_multirange) IS
  'A range as a multirange of one (made by PostgreSQL with the range type)';
COMMENT ON FUNCTION aidlink.catalogue_code_range(text, text) IS
  'Constructor of aidlink.catalogue_code_range, bounds [lower, upper)';
COMMENT ON FUNCTION aidlink.catalogue_code_range(text, text, text) IS
  'Constructor of aidlink.catalogue_code_range with explicit bounds (''[]'' for a single code)';
COMMENT ON FUNCTION aidlink.catalogue_code_multirange() IS
  'Constructor of an empty aidlink.catalogue_code_multirange';
COMMENT ON FUNCTION aidlink.catalogue_code_multirange(aidlink.catalogue_code_range) IS
  'Constructor of aidlink.catalogue_code_multirange from one range';
COMMENT ON FUNCTION aidlink.catalogue_code_multirange(aidlink.catalogue_code_range[]) IS
  'Constructor of aidlink.catalogue_code_multirange from ranges';

CREATE TABLE aidlink.certificate_lists (
    list_code    text PRIMARY KEY
                 CONSTRAINT certificate_list_code_is_a_code CHECK (list_code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    title        text NOT NULL CONSTRAINT certificate_list_has_a_title CHECK (btrim(title) <> ''),
    publisher    text NOT NULL CONSTRAINT certificate_list_has_a_publisher CHECK (btrim(publisher) <> ''),
    published_on date NOT NULL,
    reference    text,
    note         text
);
COMMENT ON TABLE aidlink.certificate_lists IS
  'Published lists of certificate items (and admission lists of community work), one row each: every status in aidlink.certificate_item_statuses cites the list it comes from';
COMMENT ON COLUMN aidlink.certificate_lists.list_code IS 'Short code of the list (letters, digits, _ . -), cited by statuses';
COMMENT ON COLUMN aidlink.certificate_lists.title IS 'The list''s title as published';
COMMENT ON COLUMN aidlink.certificate_lists.publisher IS 'Who published it (for instance the city''s civil affairs bureau)';
COMMENT ON COLUMN aidlink.certificate_lists.published_on IS 'Date of publication';
COMMENT ON COLUMN aidlink.certificate_lists.reference IS 'Where the text can be read (document number, address)';
COMMENT ON COLUMN aidlink.certificate_lists.note IS 'Anything a reader should know (for example that item names are illustrative)';

CREATE TABLE aidlink.certificate_issuer_kinds (
    issuer_kind text PRIMARY KEY
                CONSTRAINT certificate_issuer_kind_is_a_code CHECK (issuer_kind ~ '^[a-z][a-z0-9_]{0,62}$'),
    kind_name   text NOT NULL UNIQUE
                CONSTRAINT certificate_issuer_kind_has_a_name CHECK (btrim(kind_name) = kind_name AND kind_name <> ''),
    description text
);
COMMENT ON TABLE aidlink.certificate_issuer_kinds IS
  'Kinds of issuer and of department: community committee, village committee, subdistrict office, police station, market-supervision bureau ...  Statuses are given per kind; a transferred item names the kind of department that takes it over';
COMMENT ON COLUMN aidlink.certificate_issuer_kinds.issuer_kind IS 'Code of the kind (lower case, digits, underscores)';
COMMENT ON COLUMN aidlink.certificate_issuer_kinds.kind_name IS 'Its name, as an applicant is told where to go';
COMMENT ON COLUMN aidlink.certificate_issuer_kinds.description IS 'What this kind of body is';

CREATE TABLE aidlink.certificate_issuers (
    issuer_code text PRIMARY KEY
                CONSTRAINT certificate_issuer_code_is_a_code CHECK (issuer_code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    issuer_name text NOT NULL UNIQUE
                CONSTRAINT certificate_issuer_has_a_name CHECK (btrim(issuer_name) = issuer_name AND issuer_name <> ''),
    issuer_kind text NOT NULL REFERENCES aidlink.certificate_issuer_kinds ON UPDATE CASCADE,
    uscc        aidlink.uscc,
    note        text
);
CREATE INDEX certificate_issuers_kind ON aidlink.certificate_issuers (issuer_kind);
COMMENT ON TABLE aidlink.certificate_issuers IS
  'Issuers by name (a given community committee, police station ...), each of a kind; checks accept an issuer''s code or name, or the name of a kind';
COMMENT ON COLUMN aidlink.certificate_issuers.issuer_code IS 'Code of the issuer (letters, digits, _ . -)';
COMMENT ON COLUMN aidlink.certificate_issuers.issuer_name IS 'Its full name';
COMMENT ON COLUMN aidlink.certificate_issuers.issuer_kind IS 'Its kind (aidlink.certificate_issuer_kinds): the statuses of that kind apply to it';
COMMENT ON COLUMN aidlink.certificate_issuers.uscc IS 'Its unified social credit code, when known';
COMMENT ON COLUMN aidlink.certificate_issuers.note IS 'Anything a reader should know';

CREATE TABLE aidlink.certificate_items (
    item_code   text PRIMARY KEY
                CONSTRAINT certificate_item_code_is_a_code CHECK (item_code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    item_name   text NOT NULL UNIQUE
                CONSTRAINT certificate_item_has_a_name CHECK (btrim(item_name) = item_name AND item_name <> ''),
    item_kind   text NOT NULL DEFAULT 'certificate'
                CONSTRAINT certificate_item_kind_known CHECK (item_kind IN ('certificate', 'task')),
    legal_basis text,
    note        text
);
COMMENT ON TABLE aidlink.certificate_items IS
  'Certificate items (proofs an office asks an applicant for) and community tasks (work a department asks a community to do), one row each; what each kind of issuer may do with them is in aidlink.certificate_item_statuses';
COMMENT ON COLUMN aidlink.certificate_items.item_code IS 'Code of the item (letters, digits, _ . -)';
COMMENT ON COLUMN aidlink.certificate_items.item_name IS 'Its name (unique); checks accept the code, the name, or the name as aidlink.name_fold folds it (full-width, spaces, traditional characters)';
COMMENT ON COLUMN aidlink.certificate_items.item_kind IS 'certificate (checked by aidlink.check_certificate) or task (checked by aidlink.check_task_admission)';
COMMENT ON COLUMN aidlink.certificate_items.legal_basis IS 'The law or rule that makes an office ask for it, when there is one';
COMMENT ON COLUMN aidlink.certificate_items.note IS 'Anything a reader should know (for example that the name is illustrative)';

CREATE TABLE aidlink.certificate_verifications (
    verification_name text PRIMARY KEY
                      CONSTRAINT certificate_verification_name_is_a_code CHECK (verification_name ~ '^[a-z][a-z0-9_]{0,62}$'),
    check_function    regprocedure NOT NULL,
    description       text NOT NULL
                      CONSTRAINT certificate_verification_is_described CHECK (btrim(description) <> ''),
    registered_by     name NOT NULL DEFAULT current_user,
    registered_at     timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE aidlink.certificate_verifications IS
  'Checks of shared data that replace certificates: each names a function f(person aidlink.resident_id, on_date date) RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text), STABLE, that reads the linked sources. Only roles with INSERT on this table (none but the owner by default) may register one, and only a function they own (its owner could otherwise change it later); the shape is checked on every insert and update';
COMMENT ON COLUMN aidlink.certificate_verifications.verification_name IS 'Name of the check (lower case, digits, underscores), cited by statuses replaced_by_data_check';
COMMENT ON COLUMN aidlink.certificate_verifications.check_function IS 'The function that answers for a person on a date, with one row of evidence per source row it relied on';
COMMENT ON COLUMN aidlink.certificate_verifications.description IS 'What the check establishes, and from which sources';
COMMENT ON COLUMN aidlink.certificate_verifications.registered_by IS 'The role that registered it';
COMMENT ON COLUMN aidlink.certificate_verifications.registered_at IS 'When';

CREATE TABLE aidlink.certificate_item_statuses (
    item_code         text NOT NULL REFERENCES aidlink.certificate_items ON UPDATE CASCADE,
    issuer_kind       text NOT NULL REFERENCES aidlink.certificate_issuer_kinds ON UPDATE CASCADE,
    effective_from    date NOT NULL,
    effective_until   date,
    status            text NOT NULL
                      CONSTRAINT certificate_status_known CHECK (status IN
                      ('retained', 'cancelled', 'transferred', 'replaced_by_commitment', 'replaced_by_data_check')),
    list_code         text NOT NULL REFERENCES aidlink.certificate_lists ON UPDATE CASCADE,
    legal_basis       text,
    transferred_to    text REFERENCES aidlink.certificate_issuer_kinds ON UPDATE CASCADE,
    replacement       text,
    verification_name text REFERENCES aidlink.certificate_verifications ON UPDATE CASCADE,
    note              text,
    PRIMARY KEY (item_code, issuer_kind, effective_from),
    CONSTRAINT certificate_status_dates_in_order
        CHECK (effective_until IS NULL OR effective_until > effective_from),
    CONSTRAINT certificate_status_retained_cites_basis
        CHECK (status <> 'retained' OR btrim(legal_basis) <> ''),
    CONSTRAINT certificate_status_transferred_names_department
        CHECK ((status = 'transferred') = (transferred_to IS NOT NULL) AND transferred_to IS DISTINCT FROM issuer_kind),
    CONSTRAINT certificate_status_says_what_replaces
        CHECK (status IN ('retained', 'transferred') OR btrim(replacement) <> ''),
    CONSTRAINT certificate_status_data_check_names_verification
        CHECK ((status = 'replaced_by_data_check') = (verification_name IS NOT NULL)),
    CONSTRAINT certificate_status_one_per_date EXCLUDE USING gist (
        aidlink.catalogue_code_range(item_code, item_code, '[]') WITH =,
        aidlink.catalogue_code_range(issuer_kind, issuer_kind, '[]') WITH =,
        daterange(effective_from, effective_until) WITH &&)
);
CREATE INDEX certificate_item_statuses_list ON aidlink.certificate_item_statuses (list_code);
COMMENT ON TABLE aidlink.certificate_item_statuses IS
  'What each kind of issuer may do with each item, over time: retained (may issue; cites its legal basis), cancelled (may not; says what replaces it, which may be nothing), transferred (to the named kind of department), replaced_by_commitment (the applicant''s written commitment), replaced_by_data_check (a registered verification of shared data). One status per item and kind of issuer on any date (an exclusion constraint), each from a published list';
COMMENT ON COLUMN aidlink.certificate_item_statuses.item_code IS 'The item (aidlink.certificate_items)';
COMMENT ON COLUMN aidlink.certificate_item_statuses.issuer_kind IS 'The kind of issuer the status applies to';
COMMENT ON COLUMN aidlink.certificate_item_statuses.effective_from IS 'First day the status applies';
COMMENT ON COLUMN aidlink.certificate_item_statuses.effective_until IS 'First day it no longer applies (NULL: until further notice); after effective_from';
COMMENT ON COLUMN aidlink.certificate_item_statuses.status IS 'retained, cancelled, transferred, replaced_by_commitment or replaced_by_data_check';
COMMENT ON COLUMN aidlink.certificate_item_statuses.list_code IS 'The published list the status comes from (aidlink.certificate_lists)';
COMMENT ON COLUMN aidlink.certificate_item_statuses.legal_basis IS 'Why the issuer keeps the item (required when retained)';
COMMENT ON COLUMN aidlink.certificate_item_statuses.transferred_to IS 'The kind of department that takes the item over (required when transferred, and only then)';
COMMENT ON COLUMN aidlink.certificate_item_statuses.replacement IS 'What replaces the certificate, in words an applicant understands (required when cancelled or replaced; "nothing: the office no longer asks for it" is an answer)';
COMMENT ON COLUMN aidlink.certificate_item_statuses.verification_name IS 'The registered check of shared data that replaces it (required when replaced_by_data_check, and only then)';
COMMENT ON COLUMN aidlink.certificate_item_statuses.note IS 'Anything a reader should know';

CREATE TABLE aidlink.certificate_settings (
    only_row      boolean PRIMARY KEY DEFAULT true CONSTRAINT certificate_settings_one_row CHECK (only_row),
    audit_answers boolean NOT NULL
);
COMMENT ON TABLE aidlink.certificate_settings IS
  'Settings of certificate checks in this database (at most one row; no row means all off): INSERT INTO aidlink.certificate_settings (audit_answers) VALUES (true) logs every answer. A table rather than a GUC so that a session cannot switch its own audit off';
COMMENT ON COLUMN aidlink.certificate_settings.only_row IS 'Always true: the table has one row at most';
COMMENT ON COLUMN aidlink.certificate_settings.audit_answers IS 'Log every answer of check_certificate, check_certificates, check_task_admission, verify_certificate and audit_issued_certificates in aidlink.certificate_answers';

CREATE TABLE aidlink.certificate_answers (
    answer_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    asked_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    asked_by  name NOT NULL DEFAULT session_user,
    question  text NOT NULL,
    item      text,
    issuer    text,
    person    aidlink.resident_id,
    on_date   date,
    answer    jsonb NOT NULL
);
COMMENT ON SEQUENCE aidlink.certificate_answers_answer_id_seq IS 'Numbers of aidlink.certificate_answers';
CREATE INDEX certificate_answers_asked_at ON aidlink.certificate_answers (asked_at);
COMMENT ON TABLE aidlink.certificate_answers IS
  'Every answer given while aidlink.certificate_settings.audit_answers is on: who asked (the session''s login role), when, what (the function and its arguments as given) and the answer';
COMMENT ON COLUMN aidlink.certificate_answers.answer_id IS 'Number of the answer, increasing';
COMMENT ON COLUMN aidlink.certificate_answers.asked_at IS 'When it was given';
COMMENT ON COLUMN aidlink.certificate_answers.asked_by IS 'The session''s login role (session_user)';
COMMENT ON COLUMN aidlink.certificate_answers.question IS 'The function asked: check_certificate, check_task_admission, verify_certificate, audit_issued_certificates';
COMMENT ON COLUMN aidlink.certificate_answers.item IS 'The item or task as given';
COMMENT ON COLUMN aidlink.certificate_answers.issuer IS 'The issuer or unit as given (for an audit of a table: the table)';
COMMENT ON COLUMN aidlink.certificate_answers.person IS 'The person (verify_certificate)';
COMMENT ON COLUMN aidlink.certificate_answers.on_date IS 'The date asked about';
COMMENT ON COLUMN aidlink.certificate_answers.answer IS 'The answer, as a JSON object of the result columns';

SELECT pg_catalog.pg_extension_config_dump('aidlink.certificate_lists', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.certificate_issuer_kinds', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.certificate_issuers', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.certificate_items', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.certificate_verifications', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.certificate_item_statuses', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.certificate_settings', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.certificate_answers', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.certificate_answers_answer_id_seq', '');

-----------------------------------------------------------------------------
-- Integrity with clear words: the constraints above are the guarantee; these
-- triggers say what is wrong, and where, before a constraint would
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.certificate_status_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    what text := format('status of item "%s" for issuer kind "%s" from %s', NEW.item_code, NEW.issuer_kind,
                        coalesce(to_char(NEW.effective_from, 'YYYY-MM-DD'), 'NULL'));
    other aidlink.certificate_item_statuses;
BEGIN
    IF NEW.effective_until IS NOT NULL AND NEW.effective_until <= NEW.effective_from THEN
        RAISE EXCEPTION '%: dates out of order', what
            USING ERRCODE = 'check_violation', CONSTRAINT = 'certificate_status_dates_in_order',
                  DETAIL = format('effective_until %s is not after effective_from %s.', to_char(NEW.effective_until, 'YYYY-MM-DD'),
                                  to_char(NEW.effective_from, 'YYYY-MM-DD')),
                  HINT = 'effective_until is the first day the status no longer applies.';
    END IF;
    IF NEW.status = 'retained' AND coalesce(btrim(NEW.legal_basis), '') = '' THEN
        RAISE EXCEPTION '%: a retained item must cite its legal basis', what
            USING ERRCODE = 'check_violation', CONSTRAINT = 'certificate_status_retained_cites_basis',
                  DETAIL = 'legal_basis is empty.';
    END IF;
    IF NEW.status = 'transferred' AND NEW.transferred_to IS NULL THEN
        RAISE EXCEPTION '%: a transferred item must name the department that takes it over', what
            USING ERRCODE = 'check_violation', CONSTRAINT = 'certificate_status_transferred_names_department',
                  DETAIL = 'transferred_to is NULL.', HINT = 'Name a kind of aidlink.certificate_issuer_kinds.';
    END IF;
    IF NEW.status <> 'transferred' AND NEW.transferred_to IS NOT NULL THEN
        RAISE EXCEPTION '%: only a transferred item names a department to transfer to', what
            USING ERRCODE = 'check_violation', CONSTRAINT = 'certificate_status_transferred_names_department',
                  DETAIL = format('status is %s, transferred_to is "%s".', NEW.status, NEW.transferred_to);
    END IF;
    IF NEW.transferred_to = NEW.issuer_kind THEN
        RAISE EXCEPTION '%: an item cannot be transferred to the kind of issuer it is taken from', what
            USING ERRCODE = 'check_violation', CONSTRAINT = 'certificate_status_transferred_names_department';
    END IF;
    IF NEW.status IN ('cancelled', 'replaced_by_commitment', 'replaced_by_data_check')
       AND coalesce(btrim(NEW.replacement), '') = '' THEN
        RAISE EXCEPTION '%: a % item must say what replaces it', what, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'certificate_status_says_what_replaces',
                  DETAIL = 'replacement is empty.',
                  HINT = 'Say it in words an applicant understands; "nothing: the office no longer asks for it" is an answer.';
    END IF;
    IF NEW.status = 'replaced_by_data_check' AND NEW.verification_name IS NULL THEN
        RAISE EXCEPTION '%: an item replaced by a data check must name the verification', what
            USING ERRCODE = 'check_violation', CONSTRAINT = 'certificate_status_data_check_names_verification',
                  DETAIL = 'verification_name is NULL.', HINT = 'Register one with aidlink.register_certificate_verification().';
    END IF;
    IF NEW.status <> 'replaced_by_data_check' AND NEW.verification_name IS NOT NULL THEN
        RAISE EXCEPTION '%: only an item replaced by a data check names a verification', what
            USING ERRCODE = 'check_violation', CONSTRAINT = 'certificate_status_data_check_names_verification',
                  DETAIL = format('status is %s, verification_name is "%s".', NEW.status, NEW.verification_name);
    END IF;
    SELECT * INTO other FROM aidlink.certificate_item_statuses s
     WHERE s.item_code = NEW.item_code AND s.issuer_kind = NEW.issuer_kind
       AND daterange(s.effective_from, s.effective_until) && daterange(NEW.effective_from, NEW.effective_until)
       AND (TG_OP = 'INSERT' OR (s.item_code, s.issuer_kind, s.effective_from) <> (OLD.item_code, OLD.issuer_kind, OLD.effective_from))
     ORDER BY s.effective_from LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '%: item "%" already has status % for issuer kind "%" on some of these dates',
                        what, NEW.item_code, other.status, NEW.issuer_kind
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'certificate_status_one_per_date',
                  DETAIL = format('The new status applies from %s to %s, the existing one (list %s) from %s to %s.',
                                  to_char(NEW.effective_from, 'YYYY-MM-DD'),
                                  coalesce(to_char(NEW.effective_until - 1, 'YYYY-MM-DD'), 'further notice'),
                                  other.list_code, to_char(other.effective_from, 'YYYY-MM-DD'),
                                  coalesce(to_char(other.effective_until - 1, 'YYYY-MM-DD'), 'further notice')),
                  HINT = 'End the existing status (set its effective_until) before the new one starts.';
    END IF;
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION aidlink.certificate_status_guard() IS
  'Trigger of aidlink.certificate_item_statuses: says in words which rule a new or changed status breaks (dates out of order, a retained item without basis, a transfer without department, a cancelled or replaced item without replacement, a data check without verification, two statuses on one date); the table''s constraints enforce the same rules';
CREATE TRIGGER certificate_status_guard BEFORE INSERT OR UPDATE ON aidlink.certificate_item_statuses
    FOR EACH ROW EXECUTE FUNCTION aidlink.certificate_status_guard();

CREATE FUNCTION aidlink.certificate_verification_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    p pg_catalog.pg_proc;
    outs text[];
    wanted constant text[] := ARRAY['source_name text', 'row_key text', 'evidence_date date',
                                    'holds boolean', 'detail text'];
BEGIN
    SELECT * INTO p FROM pg_catalog.pg_proc WHERE oid = NEW.check_function;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'verification "%": function with OID % does not exist', NEW.verification_name, NEW.check_function::oid
            USING ERRCODE = 'undefined_function';
    END IF;
    IF NOT pg_catalog.pg_has_role(current_user, p.proowner, 'USAGE') THEN
        RAISE EXCEPTION 'verification "%": only the owner of % may register it', NEW.verification_name, NEW.check_function
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('%s is owned by %s; %s is not a member of that role.',
                                  NEW.check_function, p.proowner::regrole, current_user),
                  HINT = 'A function registered by one role and owned by another could be replaced by its owner afterwards.';
    END IF;
    SELECT array_agg(format('%s %s', u.n, pg_catalog.format_type(u.t, NULL)) ORDER BY u.o) INTO outs
      FROM unnest(p.proallargtypes, p.proargmodes::text[], p.proargnames) WITH ORDINALITY AS u(t, m, n, o)
     WHERE u.m IN ('o', 't', 'b');
    IF p.prokind <> 'f' OR NOT p.proretset
       OR p.pronargs <> 2 OR p.proargtypes[0] <> 'aidlink.resident_id'::regtype OR p.proargtypes[1] <> 'date'::regtype
       OR outs IS DISTINCT FROM wanted THEN
        RAISE EXCEPTION 'verification "%": % does not have the shape of a verification', NEW.verification_name, NEW.check_function
            USING ERRCODE = 'invalid_function_definition',
                  DETAIL = format('It takes (%s) and returns %s.', pg_catalog.pg_get_function_identity_arguments(p.oid),
                                  CASE WHEN p.prokind = 'p' THEN 'nothing (a procedure)'
                                       ELSE pg_catalog.pg_get_function_result(p.oid) END),
                  HINT = 'A verification is a function (person aidlink.resident_id, on_date date) RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text).';
    END IF;
    IF p.provolatile = 'v' THEN
        RAISE EXCEPTION 'verification "%": % is VOLATILE', NEW.verification_name, NEW.check_function
            USING ERRCODE = 'invalid_function_definition',
                  DETAIL = 'A verification reads the linked sources and changes nothing.',
                  HINT = 'Declare it STABLE.';
    END IF;
    NEW.registered_by := current_user;
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION aidlink.certificate_verification_guard() IS
  'Trigger of aidlink.certificate_verifications: the function must exist, be owned by the registering role (or a role it is a member of), be STABLE or IMMUTABLE, and have the shape (person aidlink.resident_id, on_date date) RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text)';
CREATE TRIGGER certificate_verification_guard BEFORE INSERT OR UPDATE ON aidlink.certificate_verifications
    FOR EACH ROW EXECUTE FUNCTION aidlink.certificate_verification_guard();

CREATE FUNCTION aidlink.register_certificate_verification(verification_name text, check_function regprocedure,
                                                          description text)
RETURNS aidlink.certificate_verifications
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    v aidlink.certificate_verifications;
BEGIN
    IF NOT (has_table_privilege('aidlink.certificate_verifications', 'INSERT')
            AND has_table_privilege('aidlink.certificate_verifications', 'UPDATE')) THEN
        RAISE EXCEPTION 'permission denied: % may not register verifications', current_user
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'A verification runs with the rights of whoever asks for it, so only a privileged role defines one.',
                  HINT = 'GRANT INSERT, UPDATE ON aidlink.certificate_verifications to the role that should.';
    END IF;
    IF verification_name IS NULL OR check_function IS NULL OR description IS NULL THEN
        RAISE EXCEPTION 'a verification needs a name, a function and a description'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF verification_name !~ '^[a-z][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'invalid verification name %', quote_literal(verification_name)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A verification name is 1 to 63 characters: a lower-case letter, then lower-case letters, digits or underscores.';
    END IF;
    INSERT INTO aidlink.certificate_verifications AS c (verification_name, check_function, description)
    VALUES (register_certificate_verification.verification_name, register_certificate_verification.check_function,
            register_certificate_verification.description)
    ON CONFLICT ON CONSTRAINT certificate_verifications_pkey DO UPDATE SET
        check_function = EXCLUDED.check_function, description = EXCLUDED.description, registered_at = now()
    RETURNING c.* INTO v;
    RETURN v;
END
$fn$;
COMMENT ON FUNCTION aidlink.register_certificate_verification(text, regprocedure, text) IS
  'Register (or replace) a check of shared data that can replace a certificate: a STABLE function (person aidlink.resident_id, on_date date) RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text) owned by the caller; only roles with INSERT and UPDATE on aidlink.certificate_verifications may';

-----------------------------------------------------------------------------
-- Looking names up, and the closest names when a name is unknown
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.catalogue_closest_names(what text, wanted text, how_many integer DEFAULT 3)
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
SELECT array_agg(c.label ORDER BY c.distance, c.similarity DESC, c.label)
FROM (
    SELECT k.label, min(k.distance) AS distance, max(k.similarity) AS similarity
    FROM (
        SELECT n.label, aidlink.name_edit_distance(n.candidate, left(wanted, 200)) AS distance,
               aidlink.name_jaro_winkler(n.candidate, left(wanted, 200)) AS similarity
        FROM (SELECT format('%s (%s)', i.item_name, i.item_code) AS label, c AS candidate
                FROM aidlink.certificate_items i, LATERAL (VALUES (i.item_name), (i.item_code)) v(c)
               WHERE what = i.item_kind
              UNION ALL
              SELECT format('%s (%s)', s.issuer_name, s.issuer_code), c
                FROM aidlink.certificate_issuers s, LATERAL (VALUES (s.issuer_name), (s.issuer_code)) v(c)
               WHERE what = 'issuer'
              UNION ALL
              SELECT format('%s (%s)', k.kind_name, k.issuer_kind), c
                FROM aidlink.certificate_issuer_kinds k, LATERAL (VALUES (k.kind_name), (k.issuer_kind)) v(c)
               WHERE what = 'issuer') n
    ) k
    WHERE k.distance IS NOT NULL
    GROUP BY k.label
    ORDER BY 2, 3 DESC, 1
    LIMIT greatest(how_many, 0)
) c;
END;
COMMENT ON FUNCTION aidlink.catalogue_closest_names(text, text, integer) IS
  'The known names closest to a mistyped one, as "name (code)", nearest first: what is certificate, task or issuer (issuers and kinds of issuer); distance is aidlink.name_edit_distance on folded names (ties broken by aidlink.name_jaro_winkler) to the name or the code, whichever is nearer; only the first 200 characters of the mistyped name are compared; NULL when nothing compares (an empty name)';

CREATE FUNCTION aidlink.catalogue_item_code(item_kind text, item text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
SELECT coalesce(
    (SELECT i.item_code FROM aidlink.certificate_items i
      WHERE i.item_kind = catalogue_item_code.item_kind AND (i.item_code = item OR i.item_name = item)
      ORDER BY i.item_code = item DESC LIMIT 1),
    (SELECT i.item_code FROM aidlink.certificate_items i
      WHERE i.item_kind = catalogue_item_code.item_kind
        AND (aidlink.name_fold(i.item_name) = aidlink.name_fold(item)
             OR upper(i.item_code) = upper(aidlink.name_fold(item)))
      ORDER BY i.item_code LIMIT 1));
END;
COMMENT ON FUNCTION aidlink.catalogue_item_code(text, text) IS
  'The code of a certificate item or task (item_kind certificate or task) given by code or name, exactly or once folded by aidlink.name_fold (full-width characters, spaces, traditional characters; codes in any case); NULL when unknown';

CREATE FUNCTION aidlink.catalogue_issuer(issuer text, OUT issuer_code text, OUT issuer_name text, OUT issuer_kind text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    folded text;
BEGIN
    -- exact code or name first (indexed), folded forms only when that fails
    SELECT s.issuer_code, s.issuer_name, s.issuer_kind INTO issuer_code, issuer_name, issuer_kind
      FROM aidlink.certificate_issuers s WHERE s.issuer_code = issuer
    UNION ALL
    SELECT s.issuer_code, s.issuer_name, s.issuer_kind
      FROM aidlink.certificate_issuers s WHERE s.issuer_name = issuer
    LIMIT 1;
    IF FOUND THEN RETURN; END IF;
    SELECT NULL, k.kind_name, k.issuer_kind INTO issuer_code, issuer_name, issuer_kind
      FROM aidlink.certificate_issuer_kinds k WHERE k.issuer_kind = issuer OR k.kind_name = issuer
     LIMIT 1;
    IF FOUND THEN RETURN; END IF;
    folded := aidlink.name_fold(issuer);
    SELECT s.issuer_code, s.issuer_name, s.issuer_kind INTO issuer_code, issuer_name, issuer_kind
      FROM aidlink.certificate_issuers s
     WHERE aidlink.name_fold(s.issuer_name) = folded OR upper(s.issuer_code) = upper(folded)
     ORDER BY s.issuer_code LIMIT 1;
    IF FOUND THEN RETURN; END IF;
    SELECT NULL, k.kind_name, k.issuer_kind INTO issuer_code, issuer_name, issuer_kind
      FROM aidlink.certificate_issuer_kinds k
     WHERE aidlink.name_fold(k.kind_name) = folded OR k.issuer_kind = lower(folded)
     ORDER BY k.issuer_kind LIMIT 1;
END
$fn$;
COMMENT ON FUNCTION aidlink.catalogue_issuer(text) IS
  'An issuer given by its code or name, or a kind of issuer given by its code or name (then issuer_code is NULL), exactly or once folded by aidlink.name_fold (codes in any case); all NULL when unknown';

-----------------------------------------------------------------------------
-- The answer
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.certificate_audit_record(question text, item text, issuer text, person aidlink.resident_id,
                                                 on_date date, answer jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NOT coalesce((SELECT s.audit_answers FROM aidlink.certificate_settings s), false) THEN
        RETURN false;
    END IF;
    INSERT INTO aidlink.certificate_answers (question, item, issuer, person, on_date, answer)
    VALUES (question, item, issuer, person, on_date, coalesce(answer, 'null'::jsonb));
    RETURN true;
END
$fn$;
COMMENT ON FUNCTION aidlink.certificate_audit_record(text, text, text, aidlink.resident_id, date, jsonb) IS
  'Log one answer in aidlink.certificate_answers when aidlink.certificate_settings.audit_answers is on (returns whether it did). Runs with its owner''s rights so that callers need no right on the log; the log records session_user, which a caller cannot choose';

CREATE FUNCTION aidlink.catalogue_answer(
    item_kind text, item text, issuer text, on_date date,
    OUT item_code text, OUT item_name text, OUT issuer_name text, OUT issuer_kind text,
    OUT may_issue boolean, OUT status text, OUT reason text, OUT send_to text,
    OUT replacement text, OUT verification_name text, OUT list_code text,
    OUT effective_from date, OUT effective_until date, OUT legal_basis text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    who record;
    s aidlink.certificate_item_statuses;
    l aidlink.certificate_lists;
    what text := CASE item_kind WHEN 'task' THEN 'task' ELSE 'certificate item' END;
BEGIN
    IF item IS NULL OR issuer IS NULL OR on_date IS NULL THEN
        RAISE EXCEPTION 'the %, the % and the date are required', what,
                        CASE item_kind WHEN 'task' THEN 'unit' ELSE 'issuer' END
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = format('Given: %s, %s, %s.', coalesce(quote_literal(left(item, 200)), 'NULL'),
                                  coalesce(quote_literal(left(issuer, 200)), 'NULL'), coalesce(to_char(on_date, 'YYYY-MM-DD'), 'NULL'));
    END IF;
    item_code := aidlink.catalogue_item_code(item_kind, item);
    IF item_code IS NULL THEN
        RAISE EXCEPTION 'unknown %: %', what, quote_literal(left(item, 200))
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('No %s of aidlink.certificate_items has this code or name.', what),
                  HINT = coalesce('Closest known: ' || array_to_string(aidlink.catalogue_closest_names(item_kind, item), '; ') || '.',
                                  format('Give the code or the name of a %s of aidlink.certificate_items.', what));
    END IF;
    SELECT * INTO who FROM aidlink.catalogue_issuer(issuer);
    IF who.issuer_kind IS NULL THEN
        RAISE EXCEPTION 'unknown %: %', CASE item_kind WHEN 'task' THEN 'unit' ELSE 'issuer' END, quote_literal(left(issuer, 200))
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'No issuer (aidlink.certificate_issuers) or kind of issuer (aidlink.certificate_issuer_kinds) has this code or name.',
                  HINT = coalesce('Closest known: ' || array_to_string(aidlink.catalogue_closest_names('issuer', issuer), '; ') || '.',
                                  'Give the code or the name of an issuer or of a kind of issuer.');
    END IF;
    SELECT i.item_name INTO item_name FROM aidlink.certificate_items i WHERE i.item_code = catalogue_answer.item_code;
    issuer_name := who.issuer_name;
    issuer_kind := who.issuer_kind;
    SELECT * INTO s FROM aidlink.certificate_item_statuses x
     WHERE x.item_code = catalogue_answer.item_code AND x.issuer_kind = who.issuer_kind
       AND x.effective_from <= on_date AND (x.effective_until IS NULL OR on_date < x.effective_until);
    IF NOT FOUND THEN
        status := 'not_listed';
        reason := format('No list in force on %s gives a status for "%s" and %s.', to_char(on_date, 'YYYY-MM-DD'), item_name,
                         (SELECT k.kind_name FROM aidlink.certificate_issuer_kinds k WHERE k.issuer_kind = who.issuer_kind));
        RETURN;
    END IF;
    SELECT * INTO l FROM aidlink.certificate_lists x WHERE x.list_code = s.list_code;
    status := s.status;
    may_issue := s.status = 'retained';
    replacement := s.replacement;
    verification_name := s.verification_name;
    list_code := s.list_code;
    effective_from := s.effective_from;
    effective_until := s.effective_until;
    legal_basis := coalesce(s.legal_basis, (SELECT i.legal_basis FROM aidlink.certificate_items i
                                             WHERE i.item_code = catalogue_answer.item_code));
    IF s.status = 'transferred' THEN
        send_to := (SELECT k.kind_name FROM aidlink.certificate_issuer_kinds k WHERE k.issuer_kind = s.transferred_to);
    END IF;
    reason := format('%s since %s by %s (%s, %s)',
                     CASE s.status
                         WHEN 'retained' THEN 'Retained'
                         WHEN 'cancelled' THEN 'Cancelled'
                         WHEN 'transferred' THEN format('Transferred to %s', send_to)
                         WHEN 'replaced_by_commitment' THEN 'Replaced by the applicant''s written commitment'
                         ELSE format('Replaced by a check of shared data (%s)', s.verification_name) END,
                     to_char(s.effective_from, 'YYYY-MM-DD'), l.title, l.publisher, to_char(l.published_on, 'YYYY-MM-DD'))
              || CASE WHEN s.effective_until IS NOT NULL THEN format(', until %s', to_char(s.effective_until - 1, 'YYYY-MM-DD')) ELSE '' END
              || CASE WHEN s.status = 'retained' THEN format('; basis: %s', s.legal_basis)
                      WHEN s.replacement IS NOT NULL THEN format('; instead: %s', s.replacement)
                      ELSE '' END
              || '.';
END
$fn$;
COMMENT ON FUNCTION aidlink.catalogue_answer(text, text, text, date) IS
  'What the lists in force on a date say of an item (item_kind certificate or task) and an issuer (or unit): the status, whether it may be issued (NULL when no list covers it), why, where to send the applicant, what replaces it; the common core of aidlink.check_certificate and aidlink.check_task_admission. Unknown names are errors (22023) whose hint lists the closest known names';

CREATE FUNCTION aidlink.check_certificate(
    item text, issuer text, on_date date DEFAULT current_date,
    OUT item_code text, OUT item_name text, OUT issuer_name text, OUT issuer_kind text,
    OUT may_issue boolean, OUT status text, OUT reason text, OUT send_to text,
    OUT replacement text, OUT verification_name text, OUT list_code text,
    OUT effective_from date, OUT effective_until date, OUT legal_basis text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    a record;
BEGIN
    a := aidlink.catalogue_answer('certificate', item, issuer, on_date);
    item_code := a.item_code; item_name := a.item_name; issuer_name := a.issuer_name;
    issuer_kind := a.issuer_kind; may_issue := a.may_issue; status := a.status; reason := a.reason;
    send_to := a.send_to; replacement := a.replacement; verification_name := a.verification_name;
    list_code := a.list_code; effective_from := a.effective_from; effective_until := a.effective_until;
    legal_basis := a.legal_basis;
    PERFORM aidlink.certificate_audit_record('check_certificate', item, issuer, NULL, on_date,
        jsonb_build_object('item_code', item_code, 'issuer_kind', issuer_kind, 'may_issue', may_issue,
                           'status', status, 'send_to', send_to, 'replacement', replacement,
                           'verification_name', verification_name, 'list_code', list_code, 'reason', reason));
END
$fn$;
COMMENT ON FUNCTION aidlink.check_certificate(text, text, date) IS
  'May this issuer (code or name of an issuer, or name of a kind of issuer) issue this certificate item (code or name) on this date? The status in force (retained, cancelled, transferred, replaced_by_commitment, replaced_by_data_check; not_listed when no list covers it, may_issue then NULL), the reason with the list it comes from, the department to send the applicant to, and what replaces the certificate. An unknown item or issuer is an error (22023) listing the closest known names. VOLATILE: it logs the answer when auditing is on';

CREATE FUNCTION aidlink.check_certificates(items text[], issuer text, on_date date DEFAULT current_date)
RETURNS TABLE (item_number integer, item text, item_code text, item_name text, issuer_name text, issuer_kind text,
               may_issue boolean, status text, reason text, send_to text, replacement text,
               verification_name text, list_code text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    a record;
    answers jsonb := '[]';
BEGIN
    IF items IS NULL THEN
        RAISE EXCEPTION 'the list of items is required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    item_number := 0;
    FOREACH item IN ARRAY items LOOP
        item_number := item_number + 1;
        a := aidlink.catalogue_answer('certificate', item, issuer, on_date);
        item_code := a.item_code; item_name := a.item_name; issuer_name := a.issuer_name;
        issuer_kind := a.issuer_kind; may_issue := a.may_issue; status := a.status; reason := a.reason;
        send_to := a.send_to; replacement := a.replacement; verification_name := a.verification_name;
        list_code := a.list_code;
        answers := answers || jsonb_build_object('item_code', item_code, 'status', status, 'may_issue', may_issue);
        RETURN NEXT;
    END LOOP;
    PERFORM aidlink.certificate_audit_record('check_certificates', array_to_string(items, '; '), issuer, NULL,
                                             on_date, answers);
END
$fn$;
COMMENT ON FUNCTION aidlink.check_certificates(text[], text, date) IS
  'Every item of an application checked as aidlink.check_certificate does, one row per item in the order given (item_number from 1); one unknown item is an error for the whole application, with the closest known names';

CREATE FUNCTION aidlink.audit_issued_certificates(issued regclass, row_key_column name, item_column name,
                                                  issuer_column name, date_column name)
RETURNS TABLE (row_key text, item text, issuer text, issued_on date, item_code text, issuer_kind text,
               verdict text, status text, send_to text, replacement text, list_code text, reason text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    col name;
    n bigint;
    items text;
    issuers text;
BEGIN
    IF issued IS NULL OR row_key_column IS NULL OR item_column IS NULL OR issuer_column IS NULL OR date_column IS NULL THEN
        RAISE EXCEPTION 'the table and its row key, item, issuer and date columns are required'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    FOREACH col IN ARRAY ARRAY[row_key_column, item_column, issuer_column, date_column] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = issued AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'column "%" does not exist in %', col, issued
                USING ERRCODE = 'undefined_column';
        END IF;
    END LOOP;
    -- Identifiers are quoted (%I) and the relation is an OID: nothing the
    -- caller types becomes SQL text.  Each distinct item and issuer is
    -- looked up once; the rows are joined to the statuses by code and date.
    -- The distinct items and issuers are found partition by partition (on
    -- each shard, when the partitions are postgres_fdw foreign tables: the
    -- GROUP BY is shipped), so only the rows themselves travel whole, once.
    SELECT string_agg(format('SELECT t.%2$I AS v FROM %1$s t GROUP BY 1', p.leaf, item_column),
                      ' UNION ALL ' ORDER BY p.leaf::oid),
           string_agg(format('SELECT t.%2$I AS v FROM %1$s t GROUP BY 1', p.leaf, issuer_column),
                      ' UNION ALL ' ORDER BY p.leaf::oid)
      INTO items, issuers
      FROM aidlink.leaf_partitions(issued) p(leaf);
    RETURN QUERY EXECUTE format($q$
        WITH items AS MATERIALIZED (
            SELECT d.v, c.code,
                   CASE WHEN c.code IS NULL AND d.v IS NOT NULL THEN 'closest known: '
                        || array_to_string(aidlink.catalogue_closest_names('certificate', d.v), '; ') END AS closest
              FROM (SELECT DISTINCT u.v::text AS v FROM (%6$s) u) d,
                   LATERAL (SELECT aidlink.catalogue_item_code('certificate', d.v) AS code) c),
        issuers AS MATERIALIZED (
            SELECT d.v, c.kind,
                   CASE WHEN c.kind IS NULL AND d.v IS NOT NULL THEN 'closest known: '
                        || array_to_string(aidlink.catalogue_closest_names('issuer', d.v), '; ') END AS closest
              FROM (SELECT DISTINCT u.v::text AS v FROM (%7$s) u) d,
                   LATERAL (SELECT (aidlink.catalogue_issuer(d.v)).issuer_kind AS kind) c)
        SELECT t.%4$I::text, t.%2$I::text, t.%3$I::text, t.%5$I::date, i.code, k.kind,
               CASE WHEN t.%2$I IS NULL OR i.code IS NULL THEN 'unknown_item'
                    WHEN t.%3$I IS NULL OR k.kind IS NULL THEN 'unknown_issuer'
                    WHEN t.%5$I IS NULL THEN 'no_date'
                    WHEN s.status IS NULL THEN 'not_listed'
                    WHEN s.status = 'retained' THEN 'allowed'
                    ELSE 'not_allowed' END,
               s.status, kk.kind_name, s.replacement, s.list_code,
               CASE WHEN i.code IS NULL THEN i.closest
                    WHEN k.kind IS NULL THEN k.closest
                    WHEN s.status IS NULL THEN NULL
                    WHEN s.status = 'retained' THEN s.legal_basis
                    WHEN s.status = 'transferred' THEN 'send the applicant to ' || kk.kind_name
                    ELSE s.replacement END
          FROM %1$s t
          LEFT JOIN items i ON i.v = t.%2$I::text
          LEFT JOIN issuers k ON k.v = t.%3$I::text
          LEFT JOIN aidlink.certificate_item_statuses s
                 ON s.item_code = i.code AND s.issuer_kind = k.kind
                AND s.effective_from <= t.%5$I::date
                AND (s.effective_until IS NULL OR t.%5$I::date < s.effective_until)
          LEFT JOIN aidlink.certificate_issuer_kinds kk ON kk.issuer_kind = s.transferred_to
        $q$, issued, item_column, issuer_column, row_key_column, date_column, items, issuers);
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM aidlink.certificate_audit_record('audit_issued_certificates',
        format('%s.%s', issued, item_column), format('%s.%s', issued, issuer_column), NULL, NULL,
        jsonb_build_object('relation', issued::text, 'rows', n));
END
$fn$;
COMMENT ON FUNCTION aidlink.audit_issued_certificates(regclass, name, name, name, name) IS
  'Audit a table of certificates already issued against the lists in force on each one''s date: one row per row of the table with its key, item, issuer and date as found, the codes they resolve to, the verdict (allowed, not_allowed, not_listed, unknown_item, unknown_issuer, no_date), the status, where it should have gone, what should have replaced it, the list, and a reason (for unknown names, the closest known ones). Set-based: each distinct item and issuer is looked up once';

CREATE FUNCTION aidlink.summarise_issued_certificates(issued regclass, item_column name, issuer_column name,
                                                      date_column name, issued_from date DEFAULT NULL,
                                                      issued_before date DEFAULT NULL)
RETURNS TABLE (verdict text, item_code text, issuer_kind text, status text, list_code text, unknown_name text,
               certificates bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    col name;
    n bigint;
    cond text := '';
    groups text;
BEGIN
    IF issued IS NULL OR item_column IS NULL OR issuer_column IS NULL OR date_column IS NULL THEN
        RAISE EXCEPTION 'the table and its item, issuer and date columns are required'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    FOREACH col IN ARRAY ARRAY[item_column, issuer_column, date_column] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = issued AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'column "%" does not exist in %', col, issued
                USING ERRCODE = 'undefined_column';
        END IF;
    END LOOP;
    IF issued_from IS NOT NULL THEN
        cond := format(' AND t.%I >= $1', date_column);
    END IF;
    IF issued_before IS NOT NULL THEN
        cond := cond || format(' AND t.%I < $2', date_column);
    END IF;
    -- One pass over the table: its rows counted by item, issuer and date as
    -- written, partition by partition (issue 10).  When the table is
    -- partitioned over postgres_fdw shards, each partition's count is one
    -- statement the shard runs (GROUP BY shipped), so what travels is a row
    -- per item, issuer and date, not a row per certificate; the counts are
    -- then summed.  Everything after is done on these groups: each distinct
    -- item and issuer is looked up once, and no row leaves the executor.
    SELECT string_agg(format('SELECT t.%2$I AS item, t.%3$I AS issuer, t.%4$I AS on_date, count(*) AS n FROM %1$s t WHERE true%5$s GROUP BY 1, 2, 3',
                             p.leaf, item_column, issuer_column, date_column, cond),
                      E'\n            UNION ALL ' ORDER BY p.leaf::oid)
      INTO groups
      FROM aidlink.leaf_partitions(issued) p(leaf);
    RETURN QUERY EXECUTE format($q$
        WITH g AS MATERIALIZED (
            SELECT u.item, u.issuer, u.on_date, sum(u.n)::bigint AS n
              FROM (%2$s) u
             GROUP BY 1, 2, 3),
        items AS MATERIALIZED (
            SELECT d.v, aidlink.catalogue_item_code('certificate', d.v) AS code
              FROM (SELECT DISTINCT g.item::text AS v FROM g) d),
        issuers AS MATERIALIZED (
            SELECT d.v, (aidlink.catalogue_issuer(d.v)).issuer_kind AS kind
              FROM (SELECT DISTINCT g.issuer::text AS v FROM g) d)
        SELECT CASE WHEN i.code IS NULL THEN 'unknown_item'
                    WHEN k.kind IS NULL THEN 'unknown_issuer'
                    WHEN g.on_date IS NULL THEN 'no_date'
                    WHEN s.status IS NULL THEN 'not_listed'
                    WHEN s.status = 'retained' THEN 'allowed'
                    ELSE 'not_allowed' END,
               i.code, k.kind, s.status, s.list_code,
               CASE WHEN i.code IS NULL THEN g.item::text WHEN k.kind IS NULL THEN g.issuer::text END,
               sum(g.n)::bigint
          FROM g
          LEFT JOIN items i ON i.v = g.item::text
          LEFT JOIN issuers k ON k.v = g.issuer::text
          LEFT JOIN aidlink.certificate_item_statuses s
                 ON s.item_code = i.code AND s.issuer_kind = k.kind
                AND s.effective_from <= g.on_date::date
                AND (s.effective_until IS NULL OR g.on_date::date < s.effective_until)
         GROUP BY 1, 2, 3, 4, 5, 6
        $q$, issued, groups) USING issued_from, issued_before;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM aidlink.certificate_audit_record('summarise_issued_certificates',
        format('%s.%s', issued, item_column), format('%s.%s', issued, issuer_column), NULL, NULL,
        jsonb_build_object('relation', issued::text, 'groups', n)
        || CASE WHEN issued_from IS NULL AND issued_before IS NULL THEN '{}'::jsonb
                ELSE jsonb_build_object('issued_from', issued_from, 'issued_before', issued_before) END);
END
$fn$;
COMMENT ON FUNCTION aidlink.summarise_issued_certificates(regclass, name, name, name, date, date) IS
  'The audit of aidlink.audit_issued_certificates counted: how many certificates of the table (those dated from issued_from and before issued_before, when given) got each verdict (allowed, not_allowed, not_listed, unknown_item, unknown_issuer, no_date), by item, kind of issuer, status and list; unknown_name is the item or issuer as written when it is unknown. One pass: the rows are first counted by item, issuer and date in each partition (on each shard, when the partitions are postgres_fdw foreign tables), then audited as groups';

CREATE FUNCTION aidlink.check_task_admission(
    task text, unit text, on_date date DEFAULT current_date,
    OUT task_code text, OUT task_name text, OUT unit_name text, OUT unit_kind text,
    OUT admitted boolean, OUT status text, OUT reason text, OUT done_by text,
    OUT replacement text, OUT list_code text, OUT effective_from date, OUT legal_basis text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    a record;
BEGIN
    a := aidlink.catalogue_answer('task', task, unit, on_date);
    task_code := a.item_code; task_name := a.item_name; unit_name := a.issuer_name; unit_kind := a.issuer_kind;
    admitted := a.may_issue; status := a.status; reason := a.reason; done_by := a.send_to;
    replacement := a.replacement; list_code := a.list_code; effective_from := a.effective_from;
    legal_basis := a.legal_basis;
    PERFORM aidlink.certificate_audit_record('check_task_admission', task, unit, NULL, on_date,
        jsonb_build_object('task_code', task_code, 'unit_kind', unit_kind, 'admitted', admitted,
                           'status', status, 'done_by', done_by, 'list_code', list_code, 'reason', reason));
END
$fn$;
COMMENT ON FUNCTION aidlink.check_task_admission(text, text, date) IS
  'May this task (an item of kind task) be assigned to this unit (a community, or a kind of unit) on this date, by the admission list in force: admitted when retained; otherwise the status, who does it instead (done_by, for a transferred task) and what replaces it. Same tables and errors as aidlink.check_certificate';

CREATE FUNCTION aidlink.verify_certificate(
    item text, person aidlink.resident_id, on_date date DEFAULT current_date,
    OUT item_code text, OUT verification_name text, OUT verified boolean, OUT answer text,
    OUT evidence jsonb)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    names text[];
    fn text;
    n_rows integer;
    n_hold integer;
BEGIN
    IF item IS NULL OR person IS NULL OR on_date IS NULL THEN
        RAISE EXCEPTION 'the item, the person and the date are required'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    item_code := aidlink.catalogue_item_code('certificate', item);
    IF item_code IS NULL THEN
        RAISE EXCEPTION 'unknown certificate item: %', quote_literal(left(item, 200))
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'No certificate item of aidlink.certificate_items has this code or name.',
                  HINT = coalesce('Closest known: ' || array_to_string(aidlink.catalogue_closest_names('certificate', item), '; ') || '.',
                                  'Give the code or the name of a certificate item of aidlink.certificate_items.');
    END IF;
    SELECT array_agg(DISTINCT s.verification_name) INTO names
      FROM aidlink.certificate_item_statuses s
     WHERE s.item_code = verify_certificate.item_code AND s.status = 'replaced_by_data_check'
       AND s.effective_from <= on_date AND (s.effective_until IS NULL OR on_date < s.effective_until);
    IF names IS NULL THEN
        RAISE EXCEPTION 'certificate item "%" is not replaced by a data check on %', item_code, to_char(on_date, 'YYYY-MM-DD')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'aidlink.check_certificate tells what replaces it.';
    ELSIF cardinality(names) > 1 THEN
        RAISE EXCEPTION 'certificate item "%" is replaced by more than one data check on %', item_code, to_char(on_date, 'YYYY-MM-DD')
            USING ERRCODE = 'cardinality_violation',
                  DETAIL = format('Verifications in force: %s.', array_to_string(names, ', '));
    END IF;
    verification_name := names[1];
    -- The function is named by its OID (schema and name quoted); the person
    -- and the date are bound parameters, never text in the statement.
    SELECT format('%I.%I', n.nspname, p.proname) INTO fn
      FROM aidlink.certificate_verifications v
      JOIN pg_catalog.pg_proc p ON p.oid = v.check_function
      JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
     WHERE v.verification_name = verify_certificate.verification_name;
    IF fn IS NULL THEN
        RAISE EXCEPTION 'verification "%" names a function that no longer exists', verification_name
            USING ERRCODE = 'undefined_function',
                  DETAIL = format('aidlink.certificate_verifications.check_function holds OID %s.',
                                  (SELECT v.check_function::oid FROM aidlink.certificate_verifications v
                                    WHERE v.verification_name = verify_certificate.verification_name)),
                  HINT = 'Create the function again and register it with aidlink.register_certificate_verification().';
    END IF;
    EXECUTE format($q$
        SELECT count(*)::int, count(*) FILTER (WHERE e.holds)::int,
               coalesce(jsonb_agg(jsonb_build_object('source_name', e.source_name, 'row_key', e.row_key,
                                                     'evidence_date', e.evidence_date, 'holds', e.holds,
                                                     'detail', e.detail)
                                  ORDER BY e.source_name, e.evidence_date, e.row_key), '[]'::jsonb)
          FROM %s($1::aidlink.resident_id, $2::date) e$q$, fn)
        INTO n_rows, n_hold, evidence USING person, on_date;
    verified := CASE WHEN n_rows = 0 THEN NULL ELSE n_rows = n_hold END;
    answer := CASE WHEN n_rows = 0 THEN 'no_evidence' WHEN n_rows = n_hold THEN 'yes' ELSE 'no' END;
    PERFORM aidlink.certificate_audit_record('verify_certificate', item, NULL, person, on_date,
        jsonb_build_object('item_code', item_code, 'verification_name', verification_name,
                           'verified', verified, 'answer', answer, 'evidence', evidence));
END
$fn$;
COMMENT ON FUNCTION aidlink.verify_certificate(text, aidlink.resident_id, date) IS
  'Run the check of shared data that replaces a certificate item for a person on a date: the registered verification function is called with the person and the date as bound parameters. verified is true when there is evidence and every row of it holds, false when a row does not, NULL when there is none (answer yes, no, no_evidence); evidence lists each source row relied on (source, row key, date, holds, detail)';

CREATE VIEW aidlink.certificate_rules AS
SELECT s.item_code, i.item_name, i.item_kind, s.issuer_kind, k.kind_name AS issuer_kind_name,
       daterange(s.effective_from, s.effective_until) AS in_force, s.status,
       s.status = 'retained' AS may_issue, t.kind_name AS send_to, s.replacement, s.verification_name,
       coalesce(s.legal_basis, i.legal_basis) AS legal_basis, s.list_code, l.title AS list_title
FROM aidlink.certificate_item_statuses s
JOIN aidlink.certificate_items i USING (item_code)
JOIN aidlink.certificate_issuer_kinds k ON k.issuer_kind = s.issuer_kind
JOIN aidlink.certificate_lists l ON l.list_code = s.list_code
LEFT JOIN aidlink.certificate_issuer_kinds t ON t.issuer_kind = s.transferred_to;
COMMENT ON VIEW aidlink.certificate_rules IS
  'The statuses with names spelled out, for reports: item, kind of issuer, the dates in force, status, whether it may be issued, where to send the applicant, what replaces it, the basis and the list';
COMMENT ON COLUMN aidlink.certificate_rules.item_code IS 'Code of the item';
COMMENT ON COLUMN aidlink.certificate_rules.item_name IS 'Name of the item';
COMMENT ON COLUMN aidlink.certificate_rules.item_kind IS 'certificate or task';
COMMENT ON COLUMN aidlink.certificate_rules.issuer_kind IS 'Code of the kind of issuer';
COMMENT ON COLUMN aidlink.certificate_rules.issuer_kind_name IS 'Name of the kind of issuer';
COMMENT ON COLUMN aidlink.certificate_rules.in_force IS 'Dates the status applies, [from, until)';
COMMENT ON COLUMN aidlink.certificate_rules.status IS 'retained, cancelled, transferred, replaced_by_commitment or replaced_by_data_check';
COMMENT ON COLUMN aidlink.certificate_rules.may_issue IS 'True when retained';
COMMENT ON COLUMN aidlink.certificate_rules.send_to IS 'The department that took a transferred item over';
COMMENT ON COLUMN aidlink.certificate_rules.replacement IS 'What replaces the certificate';
COMMENT ON COLUMN aidlink.certificate_rules.verification_name IS 'The check of shared data that replaces it';
COMMENT ON COLUMN aidlink.certificate_rules.legal_basis IS 'Basis of the status, else of the item';
COMMENT ON COLUMN aidlink.certificate_rules.list_code IS 'The list the status comes from';
COMMENT ON COLUMN aidlink.certificate_rules.list_title IS 'Its title';

-- The published lists are public; the log of answers is not.
GRANT SELECT ON aidlink.certificate_lists, aidlink.certificate_issuer_kinds, aidlink.certificate_issuers,
                aidlink.certificate_items, aidlink.certificate_item_statuses, aidlink.certificate_verifications,
                aidlink.certificate_rules TO PUBLIC;
