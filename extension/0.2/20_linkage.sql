
-----------------------------------------------------------------------------
-- Record linkage (issue 3): reading typed numbers and evidence
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.resident_id_input_form(typed text) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.resident_id_input_form(text) IS
  'How a valid number was typed: canonical (exactly its 18 characters), normalised (valid after dropping spaces and hyphens, folding full-width characters or a lower-case x) or legacy (a 15-digit number); NULL when the text is not a valid number';

CREATE FUNCTION aidlink.resident_id_repair_candidates(typed text,
    OUT candidate aidlink.resident_id, OUT edit text) RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION aidlink.resident_id_repair_candidates(text) IS
  'Every valid number one keying error away from what was typed (one character replaced, or two adjacent characters swapped), with the edit; for 18- and 15-character input. Nothing is chosen here: the linkage keeps a candidate only when it is the one that exists in the reference population and agrees with the row''s name and birth date';

CREATE FUNCTION aidlink.to_birth_date(typed text) RETURNS date
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.to_birth_date(text) IS
  'A date as departments type it (19900506, 1990-05-06, 1990/5/6, 1990.05.06, 1990年5月6日, full-width digits); NULL, never an error, for anything else, including dates that do not exist and years before 1800';

-- (Not STRICT, though NULL gives NULL: a STRICT SQL function whose body is
-- a CASE is never inlined, and each call then runs as a query of its own,
-- about 3 microseconds a row when a source is read.)
CREATE FUNCTION aidlink.to_sex(typed text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE upper(btrim(translate(typed, 'ＭＦｍｆ１２　', 'MFmf12 ')))
        WHEN 'M' THEN 'M' WHEN 'MALE' THEN 'M' WHEN '1' THEN 'M' WHEN '男' THEN 'M' WHEN '男性' THEN 'M'
        WHEN 'F' THEN 'F' WHEN 'FEMALE' THEN 'F' WHEN '2' THEN 'F' WHEN '女' THEN 'F' WHEN '女性' THEN 'F'
    END;
COMMENT ON FUNCTION aidlink.to_sex(text) IS
  'M or F from the ways departments record sex (男/女, M/F, male/female, and the GB/T 2261.1 codes 1 and 2); NULL for anything else (0 and 9, unknown and unstated, included)';

CREATE FUNCTION aidlink.link_progress(step text, total bigint) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION aidlink.link_progress(text, bigint) IS
  'Counts one row of a long step and, every few seconds, reports rows done, share of total and rate as a NOTICE; always true, so a run''s statements use it as a filter. A new step name starts a new count';

-----------------------------------------------------------------------------
-- What a DBA registers
-----------------------------------------------------------------------------

CREATE TABLE aidlink.link_sources (
    source_name       text PRIMARY KEY
                      CHECK (source_name ~ '^[a-z][a-z0-9_]{0,62}$'),
    relation          regclass NOT NULL,
    row_key_column    name NOT NULL,
    id_column         name,
    name_column       name,
    birth_date_column name,
    sex_column        name,
    phone_column      name,
    address_column    name,
    household_column  name,
    is_reference      boolean NOT NULL DEFAULT false,
    registered_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (id_column IS NOT NULL OR name_column IS NOT NULL),
    CHECK (NOT is_reference OR id_column IS NOT NULL)
);
CREATE UNIQUE INDEX link_sources_one_reference ON aidlink.link_sources ((true)) WHERE is_reference;
COMMENT ON TABLE aidlink.link_sources IS
  'Departmental tables (or views) to link, one row each, registered with aidlink.register_source(): which relation, which column is its row key, which columns hold the identity number and the evidence. One source is the reference population (for instance the household register). The linkage reads each table where it is; nothing is copied';
COMMENT ON COLUMN aidlink.link_sources.source_name IS 'Short name of the source (lower case, digits, underscores), used in links and reports';
COMMENT ON COLUMN aidlink.link_sources.relation IS 'The department''s table, view or materialised view';
COMMENT ON COLUMN aidlink.link_sources.row_key_column IS 'Column that identifies a row (unique, not null); links keep it as text';
COMMENT ON COLUMN aidlink.link_sources.id_column IS 'Column holding the resident identity number as typed (text, or aidlink.resident_id)';
COMMENT ON COLUMN aidlink.link_sources.name_column IS 'Column holding the person''s name';
COMMENT ON COLUMN aidlink.link_sources.birth_date_column IS 'Column holding the birth date (date, timestamp, or text read by aidlink.to_birth_date)';
COMMENT ON COLUMN aidlink.link_sources.sex_column IS 'Column holding the sex (read by aidlink.to_sex)';
COMMENT ON COLUMN aidlink.link_sources.phone_column IS 'Column holding a phone number (digits are compared)';
COMMENT ON COLUMN aidlink.link_sources.address_column IS 'Column holding an address';
COMMENT ON COLUMN aidlink.link_sources.household_column IS 'Column holding the household number (of the reference: defines households)';
COMMENT ON COLUMN aidlink.link_sources.is_reference IS 'True for the one reference population every other source is linked to';
COMMENT ON COLUMN aidlink.link_sources.registered_at IS 'When the source was (last) registered';

CREATE TABLE aidlink.link_thresholds (
    effective_from     date PRIMARY KEY,
    accept_probability float8 NOT NULL CHECK (accept_probability > 0 AND accept_probability < 1),
    review_probability float8 NOT NULL CHECK (review_probability > 0 AND review_probability < 1),
    prior_match_probability float8
                       CHECK (prior_match_probability > 0 AND prior_match_probability < 1),
    note               text,
    CHECK (review_probability <= accept_probability)
);
COMMENT ON TABLE aidlink.link_thresholds IS
  'Thresholds of the probabilistic method, by the date they take effect (a run uses the row with the latest effective_from on or before its day): links at or above accept_probability are accepted, those at or above review_probability go to review, the rest stay unresolved';
COMMENT ON COLUMN aidlink.link_thresholds.effective_from IS 'First day these thresholds apply';
COMMENT ON COLUMN aidlink.link_thresholds.accept_probability IS 'Match probability at or above which a probabilistic link is accepted';
COMMENT ON COLUMN aidlink.link_thresholds.review_probability IS 'Match probability at or above which a probabilistic link goes to review';
COMMENT ON COLUMN aidlink.link_thresholds.prior_match_probability IS 'Prior probability that a row and a person of the reference are the same (the starting weight of every comparison); NULL, the default, means 1 / the number of persons in the reference: a row is one of them at most';
COMMENT ON COLUMN aidlink.link_thresholds.note IS 'Who set these thresholds and why';
INSERT INTO aidlink.link_thresholds VALUES
    ('2000-01-01', 0.99, 0.8, NULL, 'Initial thresholds shipped with aidlink 0.2');

-- The shipped row stays as shipped (aidlink.keep_shipped_rows): a DBA adds
-- a row that takes effect later instead of editing it.
CREATE TRIGGER keep_shipped_rows BEFORE UPDATE OR DELETE ON aidlink.link_thresholds
    FOR EACH ROW EXECUTE FUNCTION aidlink.keep_shipped_rows('effective_from', '2000-01-01');
COMMENT ON TRIGGER keep_shipped_rows ON aidlink.link_thresholds IS
  'The thresholds shipped with aidlink (effective from 2000-01-01) cannot be changed or deleted: a dump leaves them to CREATE EXTENSION';

-----------------------------------------------------------------------------
-- What a run writes
-----------------------------------------------------------------------------

CREATE TABLE aidlink.link_runs (
    run_id          bigserial PRIMARY KEY,
    source_name     text NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at     timestamptz,
    full_run        boolean NOT NULL,
    rows_read       bigint,
    rows_linked     bigint,
    rows_unchanged  bigint,
    links_new       bigint,
    links_changed   bigint,
    links_removed   bigint,
    thresholds      date
);
COMMENT ON TABLE aidlink.link_runs IS
  'One row per linkage run of one source: when, and how many rows were read, (re)linked, left unchanged, and how many links are new, changed or removed';
COMMENT ON SEQUENCE aidlink.link_runs_run_id_seq IS 'Run numbers of aidlink.link_runs';
COMMENT ON COLUMN aidlink.link_runs.run_id IS 'Run number, increasing';
COMMENT ON COLUMN aidlink.link_runs.source_name IS 'The source linked';
COMMENT ON COLUMN aidlink.link_runs.started_at IS 'When the run started';
COMMENT ON COLUMN aidlink.link_runs.finished_at IS 'When the run finished (NULL while it runs; a failed run leaves no row)';
COMMENT ON COLUMN aidlink.link_runs.full_run IS 'True when every row was linked again; false when only new and changed rows were';
COMMENT ON COLUMN aidlink.link_runs.rows_read IS 'Rows in the source';
COMMENT ON COLUMN aidlink.link_runs.rows_linked IS 'Rows (re)linked by this run';
COMMENT ON COLUMN aidlink.link_runs.rows_unchanged IS 'Rows unchanged since their last link, kept as they were';
COMMENT ON COLUMN aidlink.link_runs.links_new IS 'Rows linked for the first time';
COMMENT ON COLUMN aidlink.link_runs.links_changed IS 'Rows whose person, method or status changed';
COMMENT ON COLUMN aidlink.link_runs.links_removed IS 'Links removed because their row left the source';
COMMENT ON COLUMN aidlink.link_runs.thresholds IS 'effective_from of the aidlink.link_thresholds row used';

CREATE TABLE aidlink.links (
    source_name       text NOT NULL,
    row_key           text NOT NULL,
    resident_id       aidlink.resident_id,
    method            text NOT NULL CHECK (method IN
                      ('exact', 'normalised', 'legacy', 'repaired', 'probabilistic', 'unresolved')),
    status            text NOT NULL CHECK (status IN ('accepted', 'review', 'unresolved')),
    reason            text,
    problem           text,
    detail            text,
    in_reference      boolean NOT NULL DEFAULT false,
    match_weight      float8,
    match_probability float8,
    candidates        aidlink.resident_id[],
    row_hash          bigint NOT NULL,
    run_id            bigint NOT NULL,
    PRIMARY KEY (source_name, row_key),
    CHECK (status <> 'accepted' OR (resident_id IS NOT NULL AND reason IS NULL)),
    CHECK (status <> 'unresolved' OR (resident_id IS NULL AND method = 'unresolved'))
);
CREATE INDEX links_resident_id ON aidlink.links (resident_id);
-- a re-run samples these two columns alone (3,000 rows) after its number step
ALTER TABLE aidlink.links ALTER COLUMN run_id SET STATISTICS 10, ALTER COLUMN reason SET STATISTICS 10;
COMMENT ON TABLE aidlink.links IS
  'One row per row of every registered source: the person it is linked to, how (method), how sure (status, match weight and probability), and why not when it is not';
COMMENT ON COLUMN aidlink.links.source_name IS 'The source (aidlink.link_sources)';
COMMENT ON COLUMN aidlink.links.row_key IS 'The row''s key in its source, as text';
COMMENT ON COLUMN aidlink.links.resident_id IS 'The person linked to (for review rows: the best candidate, if there is one); NULL when unresolved';
COMMENT ON COLUMN aidlink.links.method IS 'exact, normalised, legacy (15 digits), repaired, probabilistic, or unresolved';
COMMENT ON COLUMN aidlink.links.status IS 'accepted, review (a person must decide; see aidlink.links_to_review) or unresolved';
COMMENT ON COLUMN aidlink.links.reason IS 'Why a row is in review (name_disagrees, birth_date_disagrees, ambiguous_repair, probable_match) or unresolved (no_number: none typed and no person matches the evidence well enough; invalid_number: likewise, with a number that is wrong, see problem; no_evidence: neither a number nor a name); NULL when accepted';
COMMENT ON COLUMN aidlink.links.problem IS 'What is wrong with the typed number (aidlink.resident_id_problem: empty, bad_length, bad_character, bad_province, bad_date, bad_checksum), or not_in_reference for a valid number that names nobody in the reference';
COMMENT ON COLUMN aidlink.links.detail IS 'The repair made ("character 7: 3 -> 8"), or other words for a caseworker';
COMMENT ON COLUMN aidlink.links.in_reference IS 'True when the person is in the reference population';
COMMENT ON COLUMN aidlink.links.match_weight IS 'Probabilistic links: the total match weight (log2 Bayes factor, prior included); see aidlink.explain_link()';
COMMENT ON COLUMN aidlink.links.match_probability IS 'Probabilistic links: the match probability; 1 for links made by the number';
COMMENT ON COLUMN aidlink.links.candidates IS 'Review rows: every candidate person';
COMMENT ON COLUMN aidlink.links.row_hash IS 'Hash of the row''s linked columns: a re-run links again only rows whose hash changed';
COMMENT ON COLUMN aidlink.links.run_id IS 'The run that wrote this link';

CREATE TABLE aidlink.link_changes (
    run_id            bigint NOT NULL,
    source_name       text NOT NULL,
    row_key           text NOT NULL,
    change            text NOT NULL CHECK (change IN ('new', 'changed', 'removed')),
    old_resident_id   aidlink.resident_id,
    new_resident_id   aidlink.resident_id,
    old_method        text,
    new_method        text,
    old_status        text,
    new_status        text,
    PRIMARY KEY (run_id, source_name, row_key)
);
COMMENT ON TABLE aidlink.link_changes IS
  'What each re-run changed, row by row: links new, changed (person, method or status) and removed. A source''s first run records only counts (in aidlink.link_runs)';
COMMENT ON COLUMN aidlink.link_changes.run_id IS 'The run';
COMMENT ON COLUMN aidlink.link_changes.source_name IS 'The source';
COMMENT ON COLUMN aidlink.link_changes.row_key IS 'The row''s key in its source';
COMMENT ON COLUMN aidlink.link_changes.change IS 'new, changed or removed';
COMMENT ON COLUMN aidlink.link_changes.old_resident_id IS 'Person before the run';
COMMENT ON COLUMN aidlink.link_changes.new_resident_id IS 'Person after the run';
COMMENT ON COLUMN aidlink.link_changes.old_method IS 'Method before the run';
COMMENT ON COLUMN aidlink.link_changes.new_method IS 'Method after the run';
COMMENT ON COLUMN aidlink.link_changes.old_status IS 'Status before the run';
COMMENT ON COLUMN aidlink.link_changes.new_status IS 'Status after the run';

CREATE TABLE aidlink.persons (
    resident_id       aidlink.resident_id PRIMARY KEY,
    name              text,
    birth_date        date,
    sex               text,
    household_no      text,
    phone             text,
    address           text,
    reference_row_key text NOT NULL,
    run_id            bigint NOT NULL,
    name_folded       text,
    name_sound        text
);
CREATE INDEX persons_household_no ON aidlink.persons (household_no);
CREATE INDEX persons_birth_date_sex ON aidlink.persons (birth_date, sex);
CREATE INDEX persons_name_folded ON aidlink.persons (name_folded, birth_date);
CREATE INDEX persons_phone ON aidlink.persons (phone);
CREATE INDEX persons_name_sound ON aidlink.persons (name_sound, birth_date);
COMMENT ON TABLE aidlink.persons IS
  'The reference population as of its last linkage run: one row per valid number in the reference source, with the evidence the other sources are compared with (when two reference rows carry one number, the first row key is kept and both are linked)';
COMMENT ON COLUMN aidlink.persons.resident_id IS 'The person''s number';
COMMENT ON COLUMN aidlink.persons.name IS 'Name in the reference (trimmed)';
COMMENT ON COLUMN aidlink.persons.birth_date IS 'Birth date (from the reference column, else from the number)';
COMMENT ON COLUMN aidlink.persons.sex IS 'M or F (from the reference column, else from the number)';
COMMENT ON COLUMN aidlink.persons.household_no IS 'Household number in the reference';
COMMENT ON COLUMN aidlink.persons.phone IS 'Phone number, digits only';
COMMENT ON COLUMN aidlink.persons.address IS 'Address (trimmed)';
COMMENT ON COLUMN aidlink.persons.reference_row_key IS 'Row key of the person''s row in the reference source';
COMMENT ON COLUMN aidlink.persons.run_id IS 'The reference run that wrote this row';
COMMENT ON COLUMN aidlink.persons.name_folded IS 'The name folded by aidlink.name_fold (simplified characters, half-width, no inner spaces): a blocking key of the probabilistic method';
COMMENT ON COLUMN aidlink.persons.name_sound IS 'The name''s reading (aidlink.name_pinyin): the blocking key that finds homophone typos (张伟 / 章伟)';

CREATE TABLE aidlink.person_contacts (
    resident_id aidlink.resident_id NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('phone', 'address')),
    value       text NOT NULL,
    source_name text NOT NULL,
    run_id      bigint NOT NULL,
    PRIMARY KEY (resident_id, kind, value, source_name)
);
CREATE INDEX person_contacts_value ON aidlink.person_contacts (kind, value);
COMMENT ON TABLE aidlink.person_contacts IS
  'Phones and addresses seen with a person in rows that their number linked (exact, normalised, legacy or repaired): the probabilistic method compares a row without a number with all of them, not only with the reference''s own, so a phone a person gave the health office links the rows where they left out their number';
COMMENT ON COLUMN aidlink.person_contacts.resident_id IS 'The person';
COMMENT ON COLUMN aidlink.person_contacts.kind IS 'phone (digits only) or address (folded by aidlink.name_fold)';
COMMENT ON COLUMN aidlink.person_contacts.value IS 'The phone or address';
COMMENT ON COLUMN aidlink.person_contacts.source_name IS 'The source it was seen in';
COMMENT ON COLUMN aidlink.person_contacts.run_id IS 'The run that first saw it';

SELECT pg_catalog.pg_extension_config_dump('aidlink.link_sources', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.link_thresholds', $$WHERE effective_from <> DATE '2000-01-01'$$);
SELECT pg_catalog.pg_extension_config_dump('aidlink.link_runs', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.link_runs_run_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.links', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.link_changes', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.persons', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.person_contacts', '');

-----------------------------------------------------------------------------
-- Registering a source
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.source_columns(source aidlink.link_sources,
    OUT role text, OUT column_name name, OUT column_type text, OUT read_as text)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    kind  "char";
    roles text[] := ARRAY['row_key', 'id', 'name', 'birth_date', 'sex', 'phone', 'address', 'household'];
    cols  name[] := ARRAY[source.row_key_column, source.id_column, source.name_column,
                          source.birth_date_column, source.sex_column, source.phone_column,
                          source.address_column, source.household_column];
    typ   regtype;
    cat   "char";
    notnull boolean;
    col   text;
BEGIN
    SELECT c.relkind INTO kind FROM pg_catalog.pg_class c WHERE c.oid = source.relation;
    IF kind IS NULL THEN
        RAISE EXCEPTION 'source "%": relation with OID % does not exist', source.source_name, source.relation::oid
            USING ERRCODE = 'undefined_table';
    END IF;
    IF kind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
        RAISE EXCEPTION 'source "%": "%" is not a table or view', source.source_name, source.relation
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = format('It is %s; a source must be a table, a partitioned table, a view, a materialised view or a foreign table.',
                                  CASE kind WHEN 'S' THEN 'a sequence' WHEN 'i' THEN 'an index'
                                            WHEN 'I' THEN 'a partitioned index' WHEN 'c' THEN 'a composite type'
                                            WHEN 't' THEN 'a TOAST table' ELSE format('of kind %s', kind) END);
    END IF;

    FOR i IN 1 .. array_length(roles, 1) LOOP
        role := roles[i];
        column_name := cols[i];
        CONTINUE WHEN column_name IS NULL;
        SELECT a.atttypid::regtype, t.typcategory, a.attnotnull INTO typ, cat, notnull
        FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = source.relation AND a.attname = column_name
          AND a.attnum > 0 AND NOT a.attisdropped;
        IF typ IS NULL THEN
            RAISE EXCEPTION 'source "%": column "%" does not exist in "%"',
                            source.source_name, column_name, source.relation
                USING ERRCODE = 'undefined_column',
                      DETAIL = format('The %s column was registered as "%s".', role, column_name),
                      HINT = 'Register the source again with aidlink.register_source() and the right column names.';
        END IF;
        column_type := pg_catalog.format_type(typ, NULL);
        col := format('%I', column_name);
        read_as := NULL;
        IF role = 'row_key' THEN
            IF EXISTS (SELECT 1 FROM pg_catalog.pg_opclass o JOIN pg_catalog.pg_am m ON m.oid = o.opcmethod
                       WHERE m.amname = 'btree' AND o.opcdefault
                         AND (o.opcintype = typ OR (cat = 'S' AND o.opcintype = 'text'::regtype)))
               AND cat NOT IN ('A', 'C') THEN
                read_as := format('%s::text', col);
            END IF;
        ELSIF role = 'id' THEN
            IF cat = 'S' OR typ = 'aidlink.resident_id'::regtype THEN
                read_as := format('%s::text', col);
            ELSIF typ IN ('bigint'::regtype, 'numeric'::regtype) THEN
                read_as := format('%s::text', col);
            END IF;
        ELSIF role IN ('name', 'address') THEN
            IF cat = 'S' THEN
                read_as := format('nullif(btrim(%s::text), '''')', col);
            END IF;
        ELSIF role IN ('phone') THEN
            IF cat IN ('S', 'N') THEN
                read_as := format('nullif(pg_catalog.regexp_replace(%s::text, ''[^0-9]'', '''', ''g''), '''')', col);
            END IF;
        ELSIF role = 'household' THEN
            IF cat IN ('S', 'N') THEN
                read_as := format('nullif(btrim(%s::text), '''')', col);
            END IF;
        ELSIF role = 'birth_date' THEN
            IF typ IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) THEN
                read_as := format('%s::date', col);
            ELSIF cat = 'S' OR typ IN ('integer'::regtype, 'bigint'::regtype, 'numeric'::regtype) THEN
                read_as := format('aidlink.to_birth_date(%s::text)', col);
            END IF;
        ELSIF role = 'sex' THEN
            IF cat IN ('S', 'N') THEN
                read_as := format('aidlink.to_sex(%s::text)', col);
            END IF;
        END IF;
        IF read_as IS NULL THEN
            RAISE EXCEPTION 'source "%": column "%" of "%" has type %, which cannot hold the %',
                            source.source_name, column_name, source.relation, column_type,
                            replace(role, '_', ' ')
                USING ERRCODE = 'datatype_mismatch',
                      DETAIL = CASE role
                        WHEN 'row_key' THEN 'A row key must have a default btree operator class (integers, text, dates, uuid ...), not an array, a composite, json or a geometric type.'
                        WHEN 'id' THEN 'An identity number column must be text, varchar, char, aidlink.resident_id, bigint or numeric.'
                        WHEN 'birth_date' THEN 'A birth date column must be date, timestamp, text (read by aidlink.to_birth_date) or an integer such as 19900506.'
                        WHEN 'sex' THEN 'A sex column must be text (男/女, M/F) or an integer code (1, 2).'
                        WHEN 'phone' THEN 'A phone column must be text or a number.'
                        WHEN 'household' THEN 'A household number column must be text or a number.'
                        ELSE format('A %s column must be text, varchar or char.', replace(role, '_', ' ')) END;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION aidlink.source_columns(aidlink.link_sources) IS
  'How the linkage reads a registered source: each column role (row_key, id, name, birth_date, sex, phone, address, household), its column, its type and the expression it is read with; raises a clear error when the relation is not a table or view, a column is missing or has a type that cannot hold its role';

CREATE FUNCTION aidlink.register_source(
    source_name text, relation regclass, row_key text, id_column text,
    name_column text DEFAULT NULL, birth_date_column text DEFAULT NULL,
    sex_column text DEFAULT NULL, phone_column text DEFAULT NULL,
    address_column text DEFAULT NULL, household_column text DEFAULT NULL,
    is_reference boolean DEFAULT false)
RETURNS aidlink.link_sources
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    src aidlink.link_sources;
    old aidlink.link_sources;
BEGIN
    IF source_name IS NULL OR source_name !~ '^[a-z][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'invalid source name %', coalesce(quote_literal(source_name), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A source name is 1 to 63 characters: a lower-case letter, then lower-case letters, digits or underscores.';
    END IF;
    IF relation IS NULL OR row_key IS NULL THEN
        RAISE EXCEPTION 'source "%": the relation and its row key column are required', source_name
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF id_column IS NULL AND name_column IS NULL THEN
        RAISE EXCEPTION 'source "%": neither an identity number column nor a name column is given', source_name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Without a number or a name no row of the source can be linked.';
    END IF;
    IF is_reference AND id_column IS NULL THEN
        RAISE EXCEPTION 'source "%": the reference population needs an identity number column', source_name
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    src := ROW(source_name, relation, row_key, id_column, name_column, birth_date_column,
               sex_column, phone_column, address_column, household_column,
               coalesce(is_reference, false), now())::aidlink.link_sources;
    PERFORM aidlink.source_columns(src);   -- raises on any problem

    SELECT * INTO old FROM aidlink.link_sources s WHERE s.is_reference AND s.source_name <> src.source_name;
    IF src.is_reference AND FOUND THEN
        RAISE EXCEPTION 'source "%": "%" is already the reference population', source_name, old.source_name
            USING ERRCODE = 'unique_violation',
                  HINT = 'Register that source again with is_reference => false first.';
    END IF;

    INSERT INTO aidlink.link_sources VALUES (src.*)
    ON CONFLICT ON CONSTRAINT link_sources_pkey DO UPDATE SET
        relation = EXCLUDED.relation, row_key_column = EXCLUDED.row_key_column,
        id_column = EXCLUDED.id_column, name_column = EXCLUDED.name_column,
        birth_date_column = EXCLUDED.birth_date_column, sex_column = EXCLUDED.sex_column,
        phone_column = EXCLUDED.phone_column, address_column = EXCLUDED.address_column,
        household_column = EXCLUDED.household_column, is_reference = EXCLUDED.is_reference,
        registered_at = EXCLUDED.registered_at
    RETURNING * INTO src;
    RETURN src;
END
$fn$;
COMMENT ON FUNCTION aidlink.register_source(text, regclass, text, text, text, text, text, text, text, text, boolean) IS
  'Register (or re-register) a departmental table or view for linkage: its row key column, the column with the identity number, and the evidence columns (name, birth date, sex, phone, address, household number); is_reference => true makes it the reference population. Checks the relation and every column; nothing is copied';

CREATE FUNCTION aidlink.unregister_source(source_name text) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
BEGIN
    DELETE FROM aidlink.links l WHERE l.source_name = unregister_source.source_name;
    IF EXISTS (SELECT 1 FROM aidlink.link_sources s
               WHERE s.source_name = unregister_source.source_name AND s.is_reference) THEN
        DELETE FROM aidlink.persons;
    END IF;
    DELETE FROM aidlink.link_sources s WHERE s.source_name = unregister_source.source_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'source "%" is not registered', source_name USING ERRCODE = 'undefined_object';
    END IF;
END
$fn$;
COMMENT ON FUNCTION aidlink.unregister_source(text) IS
  'Forget a source and its links (and, for the reference, the persons table); its runs stay in aidlink.link_runs';

-----------------------------------------------------------------------------
-- A run
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.link_method_of_form(form text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE form WHEN 'canonical' THEN 'exact' WHEN 'normalised' THEN 'normalised'
                     WHEN 'legacy' THEN 'legacy' END;
COMMENT ON FUNCTION aidlink.link_method_of_form(text) IS
  'The linkage method of a number by how it was typed (aidlink.resident_id_input_form): canonical -> exact, normalised -> normalised, legacy -> legacy';

CREATE FUNCTION aidlink.link_drop_work_tables(
    tables text[] DEFAULT '{al_stage,al_gone,al_old,al_cand,al_todo,al_near,al_scored,al_nodes,al_components}') RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        IF to_regclass('pg_temp.' || quote_ident(t)) IS NOT NULL THEN
            EXECUTE format('DROP TABLE pg_temp.%I', t);
        END IF;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION aidlink.link_drop_work_tables(text[]) IS
  'Drop a run''s temporary work tables (they are also dropped at commit), so that several runs can share one transaction';

CREATE FUNCTION aidlink.link_names_agree(a text, b text, homophones boolean DEFAULT true) RETURNS boolean
    AS 'MODULE_PATHNAME', 'link_names_agree'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.link_names_agree(text, text, boolean) IS
  'Whether a row''s name agrees with a person''s well enough to trust a number: the same, the same once folded (traditional characters, full width), the same but for the dot, spaces or other punctuation of a minority name, or, with homophones, the same reading; NULL when none of these holds and a name is empty once folded';

CREATE FUNCTION aidlink.link_numbers_in_bulk(source_name text, run bigint, is_reference boolean,
    step text, total bigint) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION aidlink.link_numbers_in_bulk(text, bigint, boolean, text, bigint) IS
  'The number step of a source''s first run (called by aidlink.link_source, which has staged the rows in pg_temp.al_stage): each row parsed, joined with its person, classified (exact, normalised, legacy; name or birth date disagreeing; pending repair, matching or outside the reference) and written into aidlink.links a thousand rows at a time, as COPY does. Returns the rows written, or NULL when it declines (the links table has triggers, row-level security or other columns, or the caller lacks table-wide INSERT on it): the caller then runs the same step as one INSERT';

CREATE FUNCTION aidlink.link_row_hash(VARIADIC "any") RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.link_row_hash("any") IS
  'A hash of the values as stored (their bytes, NULLs and lengths included, in the order given): the linkage hashes a row''s linked columns with it, so that a re-run tells an unchanged row before it works out what its columns say';

CREATE FUNCTION aidlink.link_stage_wanted(row_key text, row_hash bigint) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION aidlink.link_stage_wanted(text, bigint) IS
  'The filter of the read query of aidlink.link_stage_changed_rows (and only there: anywhere else it raises an error): counts the row, marks its key read, and is true when the row must be linked again (no link, another hash, a link that may not be kept, a key read before, a NULL key, or a full run)';

CREATE FUNCTION aidlink.link_stage_changed_rows(source_name text, read_query text, is_reference boolean,
    full_run boolean, step text, total bigint,
    OUT rows_read bigint, OUT rows_staged bigint, OUT rows_gone bigint, OUT repeated_keys bigint)
    RETURNS record
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION aidlink.link_stage_changed_rows(text, text, boolean, boolean, text, bigint) IS
  'The reading step of a re-run (called by aidlink.link_source, which has created the empty work tables pg_temp.al_stage and pg_temp.al_gone): the source''s links loaded into a hash table, the source read once by read_query, filtered by aidlink.link_stage_wanted before its linked columns are worked out, and the rows it returns (a new key, a hash of the linked columns that differs from the link''s, a link that may not be kept, or every row with full_run) written into al_stage; the keys of links whose row was not read go into al_gone. Returns the rows read, staged, gone, and how many keys were read more than once';

CREATE FUNCTION aidlink.link_source(source_name text, full_run boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
SET jit = off
AS $fn$
#variable_conflict use_column
DECLARE
    src     aidlink.link_sources;
    e       record;
    ex      jsonb := '{}';
    thr     aidlink.link_thresholds;
    run     bigint;
    total   bigint;
    n_read  bigint;
    n_todo  bigint;
    n_new   bigint := 0;
    n_changed bigint := 0;
    n_removed bigint := 0;
    n_bulk  bigint;
    read_q  text;
    hash_expr text;
    cols    text;
    n_repeated bigint := 0;
    n_dup   bigint;
    first   boolean;
    trusted boolean;
    bad     record;
    t0      timestamptz := clock_timestamp();
    step    text;
BEGIN
    SELECT * INTO src FROM aidlink.link_sources s WHERE s.source_name = link_source.source_name FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'source "%" is not registered', source_name
            USING ERRCODE = 'undefined_object', HINT = 'Register it with aidlink.register_source().';
    END IF;
    FOR e IN SELECT * FROM aidlink.source_columns(src) LOOP
        ex := ex || jsonb_build_object(e.role, e.read_as);
    END LOOP;
    IF NOT src.is_reference AND NOT EXISTS (
            SELECT 1 FROM aidlink.link_sources r JOIN aidlink.link_runs u USING (source_name)
            WHERE r.is_reference AND u.finished_at IS NOT NULL) THEN
        RAISE EXCEPTION 'source "%": no reference population has been linked yet', source_name
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Register the reference (is_reference => true) and link it first, or use CALL aidlink.link_all().';
    END IF;
    SELECT * INTO thr FROM aidlink.link_thresholds t
    WHERE t.effective_from <= current_date ORDER BY t.effective_from DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no linkage thresholds take effect on or before %', current_date
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Add a row to aidlink.link_thresholds.';
    END IF;
    first := NOT EXISTS (SELECT 1 FROM aidlink.links l WHERE l.source_name = src.source_name);
    full_run := coalesce(full_run, false) OR first;

    INSERT INTO aidlink.link_runs (source_name, full_run, thresholds)
    VALUES (src.source_name, full_run, thr.effective_from) RETURNING run_id INTO run;

    -- 1. Read the source where it is: the row key and the linked columns.
    --    A first run stages every row; a re-run reads the source once in C
    --    (aidlink.link_stage_changed_rows), comparing each row's hash with
    --    its link's, and stages only the rows to link again; the keys of
    --    links whose row has gone land in al_gone.
    SELECT greatest(c.reltuples, 0)::bigint INTO total FROM pg_class c WHERE c.oid = src.relation;
    step := format('link %s (run %s): reading', src.source_name, run);
    PERFORM aidlink.link_drop_work_tables();
    -- the row's hash: its linked columns as the source holds them
    hash_expr := format('aidlink.link_row_hash(%s)', array_to_string(ARRAY(
        SELECT coalesce(quote_ident(c), 'NULL::text')
        FROM unnest(ARRAY[src.id_column, src.name_column, src.birth_date_column, src.sex_column,
                          src.phone_column, src.address_column, src.household_column]::text[])
             WITH ORDINALITY u(c, i) ORDER BY i), ', '));
    cols := format('%s AS typed, %s AS name, %s AS birth_date, %s AS sex, %s AS phone, %s AS address, %s AS household',
        coalesce(ex->>'id', 'NULL::text'), coalesce(ex->>'name', 'NULL::text'),
        coalesce(ex->>'birth_date', 'NULL::date'), coalesce(ex->>'sex', 'NULL::text'),
        coalesce(ex->>'phone', 'NULL::text'), coalesce(ex->>'address', 'NULL::text'),
        coalesce(ex->>'household', 'NULL::text'));
    IF first THEN
        EXECUTE format('CREATE TEMP TABLE al_stage ON COMMIT DROP AS
                        SELECT %s AS row_key, %s, %s AS row_hash FROM %s WHERE aidlink.link_progress(%L, %s)',
                       ex->>'row_key', cols, hash_expr, src.relation, step, total);
        GET DIAGNOSTICS n_read = ROW_COUNT;
    ELSE
        -- the linked columns are worked out only for the rows that pass the
        -- filter (the subquery is not flattened: OFFSET 0)
        read_q := format('SELECT q.al_row_key AS row_key, %s, q.al_row_hash AS row_hash
                          FROM (SELECT %s, %s AS al_row_key, %s AS al_row_hash FROM %s OFFSET 0) q
                          WHERE aidlink.link_stage_wanted(q.al_row_key, q.al_row_hash)',
                         cols,
                         (SELECT string_agg(DISTINCT quote_ident(c), ', ')
                          FROM unnest(ARRAY[src.row_key_column, src.id_column, src.name_column,
                                            src.birth_date_column, src.sex_column, src.phone_column,
                                            src.address_column, src.household_column]::text[]) c
                          WHERE c IS NOT NULL),
                         ex->>'row_key', hash_expr, src.relation);
        EXECUTE 'CREATE TEMP TABLE al_stage ON COMMIT DROP AS ' || read_q || ' WITH NO DATA';
        CREATE TEMP TABLE al_gone (row_key text) ON COMMIT DROP;
        SELECT c.rows_read, c.repeated_keys INTO n_read, n_repeated
        FROM aidlink.link_stage_changed_rows(src.source_name, read_q, src.is_reference,
                                             full_run, step, total) c;
        -- The statements that join this run's links with the staged rows
        -- cannot know from statistics how few links this run wrote (a few per
        -- cent of one source in a table of every source): when they guess one
        -- and loop, an index on the staged rows keeps each probe cheap.
        CREATE INDEX ON pg_temp.al_stage (row_key);
    END IF;

    -- 2. Every row needs its own key.
    SELECT INTO bad 1 FROM al_stage WHERE row_key IS NULL LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'source "%": row key column "%" of "%" is NULL in some rows',
                        src.source_name, src.row_key_column, src.relation
            USING ERRCODE = 'not_null_violation',
                  DETAIL = 'Every row needs a key to be linked; nothing was written.';
    END IF;
    SELECT true INTO trusted FROM pg_index i
    WHERE i.indrelid = src.relation AND i.indisunique AND i.indnkeyatts = 1 AND i.indpred IS NULL
      AND i.indimmediate AND i.indkey[0] = (SELECT a.attnum FROM pg_attribute a
            WHERE a.attrelid = src.relation AND a.attname = src.row_key_column)
    LIMIT 1;
    -- (a re-run knows whether a key was read twice)
    IF (first AND NOT coalesce(trusted, false)) OR n_repeated > 0 THEN
        EXECUTE format('SELECT row_key, count(*) AS n FROM (%s) q
                        GROUP BY row_key HAVING count(*) > 1 ORDER BY count(*) DESC, row_key LIMIT 1',
                       CASE WHEN first THEN 'SELECT row_key FROM pg_temp.al_stage'
                            ELSE format('SELECT %s AS row_key FROM %s', ex->>'row_key', src.relation) END)
        INTO bad;
        GET DIAGNOSTICS n_dup = ROW_COUNT;
        IF n_dup > 0 THEN
            RAISE EXCEPTION 'source "%": row key column "%" of "%" has duplicate values',
                            src.source_name, src.row_key_column, src.relation
                USING ERRCODE = 'unique_violation',
                      DETAIL = format('Key %s appears in %s rows; every row needs its own key. Nothing was written.',
                                      quote_literal(bad.row_key), bad.n);
        END IF;
    END IF;
    ANALYZE al_stage;

    -- 3. Rows gone from the source lose their links; unchanged rows keep
    --    theirs (they were not staged).
    IF NOT first THEN
        WITH gone AS (
            DELETE FROM aidlink.links l USING pg_temp.al_gone g
            WHERE l.source_name = src.source_name AND l.row_key = g.row_key
            RETURNING l.*)
        INSERT INTO aidlink.link_changes
        SELECT run, g.source_name, g.row_key, 'removed', g.resident_id, NULL, g.method, NULL, g.status, NULL
        FROM gone g;
        GET DIAGNOSTICS n_removed = ROW_COUNT;
        IF src.is_reference THEN
            DELETE FROM aidlink.persons p USING pg_temp.al_gone g WHERE p.reference_row_key = g.row_key;
        END IF;
        CREATE TEMP TABLE al_old ON COMMIT DROP AS
        SELECT l.row_key, l.resident_id, l.method, l.status
        FROM aidlink.links l JOIN al_stage s ON s.row_key = l.row_key
        WHERE l.source_name = src.source_name;
    END IF;
    SELECT count(*) INTO n_todo FROM al_stage;

    -- 4. The number: exact, normalised, legacy; the rest wait for repair or matching.
    --    A first run writes in bulk (aidlink.link_numbers_in_bulk decides
    --    exactly what the statement below decides); re-runs, and tables that
    --    have triggers, row-level security or other columns, use the statement.
    step := format('link %s (run %s): numbers', src.source_name, run);
    IF first THEN
        SELECT aidlink.link_numbers_in_bulk(src.source_name, run, src.is_reference, step, n_todo) INTO n_bulk;
    END IF;
    IF n_bulk IS NULL THEN
    INSERT INTO aidlink.links AS l (source_name, row_key, resident_id, method, status, reason,
                                    problem, detail, in_reference, match_weight, match_probability,
                                    candidates, row_hash, run_id)
    SELECT src.source_name, s.row_key,
           CASE WHEN v.found THEN v.rid END,
           CASE WHEN v.found THEN aidlink.link_method_of_form(v.form) ELSE 'unresolved' END,
           CASE WHEN NOT v.found THEN 'unresolved'
                WHEN v.disagrees IS NOT NULL THEN 'review' ELSE 'accepted' END,
           CASE WHEN v.found THEN v.disagrees
                WHEN v.rid IS NOT NULL THEN 'pending_outside'
                WHEN src.is_reference THEN (CASE WHEN nullif(btrim(s.typed), '') IS NULL
                                                 THEN 'no_number' ELSE 'invalid_number' END)
                WHEN nullif(btrim(s.typed), '') IS NULL THEN 'pending_match'
                ELSE 'pending_repair' END,
           CASE WHEN v.rid IS NULL THEN aidlink.resident_id_problem(coalesce(s.typed, '')) END,
           CASE v.disagrees
                WHEN 'name_disagrees' THEN format('the number names %s in the reference', v.ref_name)
                WHEN 'birth_date_disagrees' THEN format('the row says born %s; the number, %s',
                                                        s.birth_date, v.ref_birth_date) END,
           v.found,
           NULL, CASE WHEN v.found THEN 1.0 END,
           CASE WHEN v.rid IS NOT NULL AND NOT v.found THEN ARRAY[v.rid] END,
           s.row_hash, run
    FROM al_stage s
    CROSS JOIN LATERAL (SELECT aidlink.to_resident_id(s.typed) AS rid) r
    LEFT JOIN aidlink.persons p ON NOT src.is_reference AND p.resident_id = r.rid
    CROSS JOIN LATERAL (
        SELECT r.rid,
               CASE WHEN r.rid IS NOT NULL THEN aidlink.resident_id_input_form(s.typed) END AS form,
               (r.rid IS NOT NULL AND (src.is_reference OR p.resident_id IS NOT NULL)) AS found,
               CASE WHEN p.resident_id IS NULL THEN NULL
                    -- the number names someone else: a name that is not the same,
                    -- a variant or a homophone of the reference's, or a birth
                    -- date more than one keying error away, goes to a person
                    WHEN NOT aidlink.link_names_agree(s.name, p.name) THEN 'name_disagrees'
                    WHEN aidlink.birth_date_comparison_level(s.birth_date, p.birth_date)
                         IN ('same_year', 'different') THEN 'birth_date_disagrees' END AS disagrees,
               p.name AS ref_name, p.birth_date AS ref_birth_date) v
    WHERE aidlink.link_progress(step, n_todo)
    ON CONFLICT (source_name, row_key) DO UPDATE SET
        resident_id = EXCLUDED.resident_id, method = EXCLUDED.method, status = EXCLUDED.status,
        reason = EXCLUDED.reason, problem = EXCLUDED.problem, detail = EXCLUDED.detail,
        in_reference = EXCLUDED.in_reference, match_weight = EXCLUDED.match_weight,
        match_probability = EXCLUDED.match_probability, candidates = EXCLUDED.candidates,
        row_hash = EXCLUDED.row_hash, run_id = EXCLUDED.run_id;
    END IF;

    -- The planner needs to know what step 4 wrote (the first run of a
    -- source starts from an empty table).  A re-run changes a few per cent
    -- of the table: what the next steps' plans need is how many rows this
    -- run wrote and are pending (run_id, reason), which a sample of 3,000
    -- rows tells (those two columns' statistics target is 10); sampling the
    -- whole table again (30,000 rows read at random) would cost more than
    -- the run's own work on a small source.
    IF first THEN
        ANALYZE aidlink.links;
    ELSE
        ANALYZE aidlink.links (run_id, reason);
    END IF;

    -- 5. Repair: one substituted character or one adjacent swap, when exactly one
    --    candidate exists in the reference and agrees with the row's name (the
    --    same, or the same once folded) and birth date (the row's, or, when the
    --    row has none, an edit outside the number's birth date).  Also tried for a valid number that names nobody in the
    --    reference (a keying error can give another valid number).
    IF NOT src.is_reference THEN
        CREATE TEMP TABLE al_cand ON COMMIT DROP AS
        SELECT l.row_key, l.reason, c.candidate, c.edit,
               (aidlink.link_names_agree(s.name, p.name, false)
                AND (s.birth_date = p.birth_date
                     OR (s.birth_date IS NULL AND NOT aidlink.link_edit_touches_birth_date(c.edit)))
                -- someone else of that birth date with exactly the row's name
                -- makes the repair a guess: leave it to the evidence
                AND NOT EXISTS (SELECT 1 FROM aidlink.persons o
                                WHERE o.name_folded = aidlink.name_fold(s.name)
                                  AND o.birth_date = p.birth_date
                                  AND o.resident_id <> p.resident_id)
               ) AS agrees
        FROM aidlink.links l
        JOIN al_stage s ON s.row_key = l.row_key
        CROSS JOIN LATERAL aidlink.resident_id_repair_candidates(s.typed) c
        JOIN aidlink.persons p ON p.resident_id = c.candidate
        WHERE l.source_name = src.source_name AND l.run_id = run
          AND l.reason IN ('pending_repair', 'pending_outside');

        UPDATE aidlink.links l SET
            resident_id = CASE WHEN a.n_agree = 1 THEN a.agreeing[1] END,
            method = 'repaired',
            status = CASE WHEN a.n_agree = 1 THEN 'accepted' ELSE 'review' END,
            reason = CASE WHEN a.n_agree = 1 THEN NULL ELSE 'ambiguous_repair' END,
            detail = CASE WHEN a.n_agree = 1 THEN a.edit
                          ELSE format('%s candidates agree with the name and birth date', a.n_agree) END,
            in_reference = (a.n_agree = 1),
            match_probability = CASE WHEN a.n_agree = 1 THEN 1.0 END,
            candidates = a.agreeing
        FROM (SELECT c.row_key, count(*) FILTER (WHERE c.agrees) AS n_agree,
                     array_agg(c.candidate ORDER BY c.candidate) FILTER (WHERE c.agrees) AS agreeing,
                     min(c.edit) FILTER (WHERE c.agrees) AS edit
              FROM al_cand c GROUP BY c.row_key) a
        WHERE l.source_name = src.source_name AND l.row_key = a.row_key AND a.n_agree > 0;

        -- The phones and addresses this source knows of the persons its
        -- numbers named: evidence for its rows (and later sources' rows)
        -- without a number.
        -- When the table holds nothing of this source yet, nothing can
        -- conflict (the key includes the source): a plain INSERT, about
        -- twice as fast as one with ON CONFLICT.
        EXECUTE format($q$INSERT INTO aidlink.person_contacts
        SELECT DISTINCT l.resident_id, c.kind, c.value, $1, $2
        FROM aidlink.links l JOIN pg_temp.al_stage s ON s.row_key = l.row_key
        CROSS JOIN LATERAL (VALUES ('phone', s.phone), ('address', aidlink.name_fold(s.address))) c(kind, value)
        WHERE l.source_name = $1 AND l.run_id = $2 AND l.status = 'accepted'
          AND l.in_reference AND l.method IN ('exact', 'normalised', 'legacy', 'repaired')
          AND c.value IS NOT NULL
        %s$q$,
            CASE WHEN EXISTS (SELECT 1 FROM aidlink.person_contacts c WHERE c.source_name = src.source_name)
                 THEN 'ON CONFLICT DO NOTHING' ELSE '' END)
        USING src.source_name, run;
        IF first THEN
            ANALYZE aidlink.person_contacts;
        END IF;

        -- 6. Rows without a usable number, and valid numbers that name nobody
        --    in the reference: compared field by field with the reference
        --    population (aidlink.link_by_evidence).
        PERFORM aidlink.link_by_evidence(src.source_name, run, thr);

        -- A valid number outside the reference that is nobody's keying error
        -- and whose evidence matches nobody: a person the reference does not hold.
        UPDATE aidlink.links l SET
            resident_id = l.candidates[1],
            method = aidlink.link_method_of_form(aidlink.resident_id_input_form(s.typed)),
            status = 'accepted', reason = NULL, problem = 'not_in_reference', detail = NULL,
            in_reference = false, match_probability = 1.0, candidates = NULL
        FROM al_stage s
        WHERE l.source_name = src.source_name AND l.run_id = run AND l.reason = 'pending_outside'
          AND s.row_key = l.row_key;

        -- Rows of persons outside the reference, kept for clustering.
        PERFORM aidlink.record_outside_rows(src.source_name, run);
    END IF;

    -- 7. Link history and counts.
    IF NOT first THEN
        INSERT INTO aidlink.link_changes
        SELECT run, src.source_name, l.row_key,
               CASE WHEN o.row_key IS NULL THEN 'new' ELSE 'changed' END,
               o.resident_id, l.resident_id, o.method, l.method, o.status, l.status
        FROM aidlink.links l LEFT JOIN al_old o ON o.row_key = l.row_key
        WHERE l.source_name = src.source_name AND l.run_id = run
          AND (o.row_key IS NULL OR o.resident_id IS DISTINCT FROM l.resident_id
               OR o.method <> l.method OR o.status <> l.status);
        SELECT count(*) FILTER (WHERE change = 'new'), count(*) FILTER (WHERE change = 'changed')
        INTO n_new, n_changed
        FROM aidlink.link_changes WHERE run_id = run;
    ELSE
        n_new := n_todo;
    END IF;

    -- 8. The reference defines the persons everyone else is linked to.
    IF src.is_reference THEN
        DELETE FROM aidlink.persons p USING al_stage s WHERE s.row_key = p.reference_row_key;
        -- Into an empty table (a first run) nothing can conflict: a plain
        -- INSERT, about twice as fast as one with ON CONFLICT.
        EXECUTE format($q$INSERT INTO aidlink.persons
        SELECT DISTINCT ON (l.resident_id)
               l.resident_id, s.name,
               coalesce(s.birth_date, aidlink.resident_id_birth_date(l.resident_id)),
               coalesce(s.sex, aidlink.resident_id_sex(l.resident_id)),
               s.household, s.phone, s.address, s.row_key, $2, aidlink.name_fold(s.name), aidlink.name_pinyin(s.name)
        FROM aidlink.links l JOIN pg_temp.al_stage s ON s.row_key = l.row_key
        WHERE l.source_name = $1 AND l.run_id = $2 AND l.resident_id IS NOT NULL
        ORDER BY l.resident_id, s.row_key
        %s$q$,
            CASE WHEN EXISTS (SELECT 1 FROM aidlink.persons) THEN 'ON CONFLICT (resident_id) DO NOTHING' ELSE '' END)
        USING src.source_name, run;
        ANALYZE aidlink.persons;
    END IF;

    UPDATE aidlink.link_runs u SET finished_at = clock_timestamp(), rows_read = n_read,
           rows_linked = n_todo, rows_unchanged = n_read - n_todo,
           links_new = n_new, links_changed = n_changed, links_removed = n_removed
    WHERE u.run_id = run;
    RAISE NOTICE 'link %: run %, % rows read, % linked, % unchanged, % new, % changed, % removed links, % s',
        src.source_name, run, n_read, n_todo, n_read - n_todo, n_new, n_changed, n_removed,
        round(extract(epoch FROM clock_timestamp() - t0)::numeric, 1);
    PERFORM aidlink.link_drop_work_tables();
    RETURN run;
END
$fn$;
COMMENT ON FUNCTION aidlink.link_source(text, boolean) IS
  'Link one registered source, in the caller''s transaction, and return the run number: every row gets one row in aidlink.links (exact, normalised, legacy, repaired, probabilistic or unresolved). Re-runs link only rows that are new or changed since the last run (full_run => true links all again) and record what changed in aidlink.link_changes. Identical data gives identical links';

CREATE FUNCTION aidlink.link_edit_touches_birth_date(edit text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (substring(edit FROM '[0-9]+'))::int BETWEEN 6 AND 14;
COMMENT ON FUNCTION aidlink.link_edit_touches_birth_date(text) IS
  'Whether a repair edit (as from aidlink.resident_id_repair_candidates) changes characters 7-14 of an 18-character number, the birth date (a swap at 6 moves character 7)';

CREATE PROCEDURE aidlink.link_all(full_run boolean DEFAULT false)
LANGUAGE plpgsql
AS $fn$
DECLARE
    s record;
BEGIN
    -- sources on foreign servers (shards, issue 10): all must answer before
    -- the first source is written (extension/0.2/95_shards.sql)
    PERFORM aidlink.check_sources_reachable();
    FOR s IN SELECT source_name FROM aidlink.link_sources ORDER BY NOT is_reference, source_name LOOP
        PERFORM aidlink.link_source(s.source_name, full_run);
        COMMIT;
    END LOOP;
    PERFORM aidlink.cluster_outside_persons();
    COMMIT;
END
$fn$;
COMMENT ON PROCEDURE aidlink.link_all(boolean) IS
  'The monthly linkage: link the reference population, then every other source in name order, one transaction per source, then cluster the persons outside the reference (aidlink.cluster_outside_persons); first checks that every foreign server the sources read answers (aidlink.check_sources_reachable); CALL it outside a transaction block';
