
-----------------------------------------------------------------------------
-- Weighted data-overlap scoring (issue 4): what a DBA defines
--
-- A signal is data: a linked source, a condition on its columns (column,
-- operator from a fixed list, value), the period it looks back over, a weight
-- by the date it takes effect, optionally an intensity scaled between two
-- amounts.  The condition is parsed here into a structured form, checked
-- against the source's real columns and types, and turned into SQL only by
-- aidlink.signal_condition_sql(): identifiers quoted, values passed as
-- parameters, types read from the catalogue at run time.
-----------------------------------------------------------------------------

CREATE TABLE aidlink.assistance_categories (
    category    text PRIMARY KEY CHECK (category ~ '^[a-z][a-z0-9_]{0,62}$'),
    label       text NOT NULL,
    guaranteed  boolean NOT NULL,
    precedence  integer NOT NULL UNIQUE
);
COMMENT ON TABLE aidlink.assistance_categories IS
  'Assistance categories a household can be in, from the civil-affairs rolls (aidlink.assistance_rolls): whether the category is a guaranteed roll (its households are reported apart, never on the candidate list), and which category wins when a household''s members are on several (lowest precedence first)';
COMMENT ON COLUMN aidlink.assistance_categories.category IS 'Short name of the category';
COMMENT ON COLUMN aidlink.assistance_categories.label IS 'The category in words';
COMMENT ON COLUMN aidlink.assistance_categories.guaranteed IS 'True when households in this category are on a guaranteed roll: reported apart, never candidates';
COMMENT ON COLUMN aidlink.assistance_categories.precedence IS 'When members are on several rolls, the household''s category is the one with the lowest precedence';
INSERT INTO aidlink.assistance_categories VALUES
    ('extreme_poverty', '特困 extreme poverty (support for persons in extreme poverty)', true, 1),
    ('orphan', '孤儿 orphan', true, 2),
    ('minimum_allowance', '低保 minimum living allowance', true, 3),
    ('marginal', '低保边缘 marginal (just above the minimum living standard)', true, 4),
    ('low_income', '低收入 low income', false, 5);
-- The shipped categories stay as shipped (aidlink.keep_shipped_rows): a
-- dump leaves them to CREATE EXTENSION; a DBA adds categories of their own.
CREATE TRIGGER keep_shipped_rows BEFORE UPDATE OR DELETE ON aidlink.assistance_categories
    FOR EACH ROW EXECUTE FUNCTION aidlink.keep_shipped_rows(
        'category', 'extreme_poverty', 'orphan', 'minimum_allowance', 'marginal', 'low_income');
COMMENT ON TRIGGER keep_shipped_rows ON aidlink.assistance_categories IS
  'The categories shipped with aidlink cannot be changed or deleted: a dump leaves them to CREATE EXTENSION';

CREATE TABLE aidlink.assistance_rolls (
    source_name     text PRIMARY KEY REFERENCES aidlink.link_sources ON UPDATE CASCADE,
    category_column name NOT NULL,
    condition_text  text NOT NULL DEFAULT '',
    conditions      jsonb NOT NULL DEFAULT '[]',
    defined_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE aidlink.assistance_rolls IS
  'Linked sources that hold assistance rolls (for instance the civil-affairs minimum-allowance roll): which column holds the category, and which rows count (a condition, as for signals); the values of the column are mapped to categories in aidlink.assistance_roll_values. Define with aidlink.define_assistance_roll()';
COMMENT ON COLUMN aidlink.assistance_rolls.source_name IS 'The linked source (aidlink.link_sources)';
COMMENT ON COLUMN aidlink.assistance_rolls.category_column IS 'Column of the source holding the category as the department records it';
COMMENT ON COLUMN aidlink.assistance_rolls.condition_text IS 'Which rows count, as written (empty: every row)';
COMMENT ON COLUMN aidlink.assistance_rolls.conditions IS 'The condition parsed by aidlink.parse_signal_condition()';
COMMENT ON COLUMN aidlink.assistance_rolls.defined_at IS 'When the roll was (last) defined';

CREATE TABLE aidlink.assistance_roll_values (
    source_name text NOT NULL REFERENCES aidlink.assistance_rolls ON DELETE CASCADE ON UPDATE CASCADE,
    value       text NOT NULL,
    category    text NOT NULL REFERENCES aidlink.assistance_categories ON UPDATE CASCADE,
    PRIMARY KEY (source_name, value)
);
COMMENT ON TABLE aidlink.assistance_roll_values IS
  'How a roll''s category column maps to categories: one row per value the department writes (for instance 低保 -> minimum_allowance); rows whose value is not listed do not count';
COMMENT ON COLUMN aidlink.assistance_roll_values.source_name IS 'The roll''s source';
COMMENT ON COLUMN aidlink.assistance_roll_values.value IS 'A value of the category column, as text';
COMMENT ON COLUMN aidlink.assistance_roll_values.category IS 'The category it means (aidlink.assistance_categories)';

CREATE TABLE aidlink.score_settings (
    effective_from  date PRIMARY KEY,
    list_threshold  float8 NOT NULL CHECK (list_threshold > '-Infinity' AND list_threshold < 'Infinity'),
    rise_threshold  float8 NOT NULL CHECK (rise_threshold > 0 AND rise_threshold < 'Infinity'),
    note            text
);
COMMENT ON TABLE aidlink.score_settings IS
  'Thresholds of the monthly scoring, by the date they take effect (a month uses the row with the latest effective_from on or before its last day): households not on a guaranteed roll whose score is at or above list_threshold form the candidate list; aidlink.score_changes() reports scores that rose by more than rise_threshold';
COMMENT ON COLUMN aidlink.score_settings.effective_from IS 'First day these thresholds apply';
COMMENT ON COLUMN aidlink.score_settings.list_threshold IS 'Score at or above which a household not on a guaranteed roll is a candidate';
COMMENT ON COLUMN aidlink.score_settings.rise_threshold IS 'Rise of a household''s score from one month to the next that aidlink.score_changes() reports';
COMMENT ON COLUMN aidlink.score_settings.note IS 'Who set these thresholds and why';
INSERT INTO aidlink.score_settings VALUES
    ('2000-01-01', 2.0, 1.0, 'Initial settings shipped with aidlink 0.2');
CREATE TRIGGER keep_shipped_rows BEFORE UPDATE OR DELETE ON aidlink.score_settings
    FOR EACH ROW EXECUTE FUNCTION aidlink.keep_shipped_rows('effective_from', '2000-01-01');
COMMENT ON TRIGGER keep_shipped_rows ON aidlink.score_settings IS
  'The settings shipped with aidlink (effective from 2000-01-01) cannot be changed or deleted: a dump leaves them to CREATE EXTENSION; add a later row instead';

CREATE TABLE aidlink.score_signals (
    signal_name      text PRIMARY KEY CHECK (signal_name ~ '^[a-z][a-z0-9_]{0,62}$'),
    description      text NOT NULL CHECK (btrim(description) <> ''),
    source_name      text NOT NULL REFERENCES aidlink.link_sources ON UPDATE CASCADE,
    level            text NOT NULL CHECK (level IN ('person', 'household')),
    household_rule   text NOT NULL CHECK (household_rule IN ('sum', 'max')),
    condition_text   text NOT NULL,
    conditions       jsonb NOT NULL,
    date_column      name,
    look_back        interval CHECK (look_back > '0'),
    intensity_column name,
    intensity_from   float8,
    intensity_to     float8,
    alert            boolean NOT NULL DEFAULT false,
    effective_from   date NOT NULL,
    defined_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((date_column IS NULL) = (look_back IS NULL)),
    CHECK ((intensity_column IS NULL) = (intensity_from IS NULL) AND (intensity_column IS NULL) = (intensity_to IS NULL)),
    CHECK (intensity_from > '-Infinity' AND intensity_to < 'Infinity' AND intensity_from < intensity_to)
);
COMMENT ON TABLE aidlink.score_signals IS
  'Signals of hardship, one row each, defined with aidlink.define_signal(): a linked source, a condition on its columns, the period it looks back over, and optionally an intensity. A signal fires for a person (level person) or a household (level household) when at least one of their linked rows meets the condition in the period; with an intensity, the sum of intensity_column over those rows is scaled from 0 at intensity_from to 1 at intensity_to (and the signal fires only above intensity_from). Weights are in aidlink.score_signal_weights';
COMMENT ON COLUMN aidlink.score_signals.signal_name IS 'Short name of the signal (lower case, digits, underscores)';
COMMENT ON COLUMN aidlink.score_signals.description IS 'What the signal means, for a caseworker';
COMMENT ON COLUMN aidlink.score_signals.source_name IS 'The linked source it reads (aidlink.link_sources)';
COMMENT ON COLUMN aidlink.score_signals.level IS 'person: fires per person, and the household rolls up its members by household_rule; household: the rows of all members count together, once for the household';
COMMENT ON COLUMN aidlink.score_signals.household_rule IS 'How a person signal rolls up to the household: sum (every member counts) or max (the strongest member counts once)';
COMMENT ON COLUMN aidlink.score_signals.condition_text IS 'The condition as written (empty: every row)';
COMMENT ON COLUMN aidlink.score_signals.conditions IS 'The condition parsed by aidlink.parse_signal_condition(): clauses of column, operator and values, all of which must hold';
COMMENT ON COLUMN aidlink.score_signals.date_column IS 'Column with the row''s date (date or timestamp); NULL: every row counts whatever its date';
COMMENT ON COLUMN aidlink.score_signals.look_back IS 'How far back from the end of the scored month rows count (for instance 12 months)';
COMMENT ON COLUMN aidlink.score_signals.intensity_column IS 'Numeric column summed over the rows that meet the condition (for instance out-of-pocket cost); NULL: intensity 1 when the signal fires';
COMMENT ON COLUMN aidlink.score_signals.intensity_from IS 'Sum at and below which the signal does not fire (intensity 0)';
COMMENT ON COLUMN aidlink.score_signals.intensity_to IS 'Sum at and above which the intensity is 1';
COMMENT ON COLUMN aidlink.score_signals.alert IS 'True when the signal on its own is an alert (aidlink.score_alerts()), whatever the household''s score';
COMMENT ON COLUMN aidlink.score_signals.effective_from IS 'First day the signal counts (a month counts signals in effect on its last day)';
COMMENT ON COLUMN aidlink.score_signals.defined_at IS 'When the signal was defined';

CREATE TABLE aidlink.score_signal_weights (
    signal_name    text NOT NULL REFERENCES aidlink.score_signals ON DELETE CASCADE ON UPDATE CASCADE,
    effective_from date NOT NULL,
    weight         float8 NOT NULL CHECK (weight > '-Infinity' AND weight < 'Infinity'),
    note           text,
    PRIMARY KEY (signal_name, effective_from)
);
COMMENT ON TABLE aidlink.score_signal_weights IS
  'The weight of each signal by the date it takes effect (a month uses, per signal, the row with the latest effective_from on or before its last day). Weights are in log-odds units: aidlink.calibrate_weights() fits them by logistic regression on past visits';
COMMENT ON COLUMN aidlink.score_signal_weights.signal_name IS 'The signal';
COMMENT ON COLUMN aidlink.score_signal_weights.effective_from IS 'First day this weight applies';
COMMENT ON COLUMN aidlink.score_signal_weights.weight IS 'Contribution of the signal at intensity 1 (finite; may be 0 for an alert only, or negative)';
COMMENT ON COLUMN aidlink.score_signal_weights.note IS 'Who set this weight and why (for instance the calibration that fitted it)';

SELECT pg_catalog.pg_extension_config_dump('aidlink.assistance_categories',
    $$WHERE category NOT IN ('extreme_poverty', 'orphan', 'minimum_allowance', 'marginal', 'low_income')$$);
SELECT pg_catalog.pg_extension_config_dump('aidlink.assistance_rolls', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.assistance_roll_values', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.score_settings', $$WHERE effective_from <> DATE '2000-01-01'$$);
SELECT pg_catalog.pg_extension_config_dump('aidlink.score_signals', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.score_signal_weights', '');

-----------------------------------------------------------------------------
-- Conditions: parsed, checked, and turned into SQL without injection
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.signal_source_relation(source_name text) RETURNS regclass
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    rel regclass;
BEGIN
    SELECT s.relation INTO rel FROM aidlink.link_sources s WHERE s.source_name = signal_source_relation.source_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'source % is not registered', coalesce(quote_ident(source_name), 'NULL')
            USING ERRCODE = 'undefined_object',
                  DETAIL = 'Signals and rolls read linked sources only.',
                  HINT = 'Register it with aidlink.register_source() and link it first.';
    END IF;
    RETURN rel;
END
$fn$;
COMMENT ON FUNCTION aidlink.signal_source_relation(text) IS
  'The relation of a registered source; a clear error (undefined_object) when the source is not registered';

CREATE FUNCTION aidlink.signal_column_type(relation regclass, column_name text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    typ text;
BEGIN
    SELECT format_type(a.atttypid, a.atttypmod) INTO typ
    FROM pg_attribute a
    WHERE a.attrelid = relation AND a.attname = column_name AND a.attnum > 0 AND NOT a.attisdropped;
    IF typ IS NULL THEN
        RAISE EXCEPTION 'column % does not exist in %', coalesce(quote_ident(column_name), 'NULL'), relation
            USING ERRCODE = 'undefined_column',
                  DETAIL = format('Its columns are: %s.',
                                  (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
                                   FROM pg_attribute a
                                   WHERE a.attrelid = relation AND a.attnum > 0 AND NOT a.attisdropped));
    END IF;
    RETURN typ;
END
$fn$;
COMMENT ON FUNCTION aidlink.signal_column_type(regclass, text) IS
  'The type of a column of a relation, from the catalogue; a clear error (undefined_column, with the relation''s columns) when there is no such column';

CREATE FUNCTION aidlink.parse_signal_condition(source_name text, condition text) RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    rel     regclass := aidlink.signal_source_relation(source_name);
    rest    text := coalesce(condition, '');
    m       text[];
    col     text;
    op      text;
    typ     text;
    vals    text[];
    v       text;
    clauses jsonb := '[]';
    n       integer := 0;
BEGIN
    IF condition IS NULL THEN
        RAISE EXCEPTION 'a signal condition is required'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Write '''' for a condition every row meets.';
    END IF;
    IF char_length(condition) > 4000 THEN
        RAISE EXCEPTION 'signal condition is too long (% characters)', char_length(condition)
            USING ERRCODE = 'program_limit_exceeded', DETAIL = 'A condition has at most 4000 characters.';
    END IF;
    IF btrim(rest, E' \t\r\n') = '' THEN
        RETURN clauses;
    END IF;
    LOOP
        n := n + 1;
        m := regexp_match(rest, '^(\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|<>|!=|=|<|>|not\s+in(?=\s*\()|in(?=\s*\()|is\s+not\s+null\M|is\s+null\M)\s*)', 'i');
        IF m IS NULL THEN
            RAISE EXCEPTION 'signal condition does not parse: clause % should start with a column and an operator', n
                USING ERRCODE = 'syntax_error',
                      DETAIL = format('At: %s', quote_literal(left(btrim(rest), 40))),
                      HINT = 'A condition is clauses joined by AND, each "column operator value" with an operator of =, <>, <, <=, >, >=, IN (a, b), NOT IN (a, b), IS NULL, IS NOT NULL; quote text values with single quotes.';
        END IF;
        col := m[2];
        op := lower(regexp_replace(m[3], '\s+', ' ', 'g'));
        IF op = '!=' THEN op := '<>'; END IF;
        rest := substr(rest, char_length(m[1]) + 1);
        typ := aidlink.signal_column_type(rel, col);
        vals := '{}';
        IF op IN ('in', 'not in') THEN
            rest := regexp_replace(rest, '^\(', '');
            LOOP
                m := regexp_match(rest, '^(\s*(?:''((?:[^'']|'''')*)''|([^,()''\s]+))\s*([,)]))');
                IF m IS NULL THEN
                    RAISE EXCEPTION 'signal condition does not parse: the list of clause % is not a list of values', n
                        USING ERRCODE = 'syntax_error',
                              DETAIL = format('At: %s', quote_literal(left(btrim(rest), 40))),
                              HINT = 'Write IN (value, value, ...), text values in single quotes.';
                END IF;
                vals := vals || CASE WHEN m[3] IS NOT NULL THEN m[3] ELSE replace(m[2], '''''', '''') END;
                rest := substr(rest, char_length(m[1]) + 1);
                EXIT WHEN m[4] = ')';
            END LOOP;
        ELSIF op NOT IN ('is null', 'is not null') THEN
            m := regexp_match(rest, '^((?:''((?:[^'']|'''')*)''|([^\s''()]+)))');
            IF m IS NULL THEN
                RAISE EXCEPTION 'signal condition does not parse: clause % has no value after %', n, upper(op)
                    USING ERRCODE = 'syntax_error',
                          DETAIL = format('At: %s', quote_literal(left(btrim(rest), 40)));
            END IF;
            vals := ARRAY[CASE WHEN m[3] IS NOT NULL THEN m[3] ELSE replace(m[2], '''''', '''') END];
            rest := substr(rest, char_length(m[1]) + 1);
        END IF;
        FOREACH v IN ARRAY vals LOOP
            BEGIN
                EXECUTE format('SELECT $1::%s', typ) USING v;
            EXCEPTION WHEN OTHERS THEN
                RAISE EXCEPTION 'signal condition: % is not a value of column % (%)', quote_literal(v), quote_ident(col), typ
                    USING ERRCODE = 'invalid_text_representation',
                          DETAIL = format('Clause %s: %s', n, SQLERRM);
            END;
        END LOOP;
        clauses := clauses || jsonb_build_array(jsonb_build_object('column', col, 'op', op, 'values', to_jsonb(vals)));
        -- (IS [NOT] NULL took the blanks after it already: AND may follow at once)
        m := regexp_match(rest, CASE WHEN op IN ('is null', 'is not null') THEN '^(\s*$|\s*and\s+)'
                                     ELSE '^(\s*$|\s+and\s+)' END, 'i');
        IF m IS NULL THEN
            RAISE EXCEPTION 'signal condition does not parse: AND or the end expected after clause %', n
                USING ERRCODE = 'syntax_error',
                      DETAIL = format('At: %s', quote_literal(left(btrim(rest), 40))),
                      HINT = 'Clauses are joined by AND; OR and parentheses are not part of a condition (define two signals instead).';
        END IF;
        EXIT WHEN btrim(m[1], E' \t\r\n') = '';
        rest := substr(rest, char_length(m[1]) + 1);
    END LOOP;
    RETURN clauses;
END
$fn$;
COMMENT ON FUNCTION aidlink.parse_signal_condition(text, text) IS
  'Parses a signal condition over a registered source: clauses joined by AND, each a column of the source, an operator (=, <>, <, <=, >, >=, IN (...), NOT IN (...), IS NULL, IS NOT NULL) and values (text in single quotes). Checks every column against the source''s relation and every value against the column''s type; returns the clauses as jsonb. Errors: undefined_object (source), syntax_error, undefined_column, invalid_text_representation';

CREATE FUNCTION aidlink.signal_condition_sql(relation regclass, conditions jsonb, param integer,
    values_in text[], OUT fragment text, OUT values_out text[])
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    c     jsonb;
    col   text;
    op    text;
    typ   text;
    parts text[] := '{}';
    items text[];
    v     text;
    foldable boolean;
BEGIN
    values_out := coalesce(values_in, '{}');
    FOR c IN SELECT x FROM jsonb_array_elements(conditions) x LOOP
        col := c->>'column';
        op := c->>'op';
        typ := aidlink.signal_column_type(relation, col);     -- from the catalogue, now
        -- a cast whose input function is immutable is folded to a constant
        -- when the statement is planned (so the planner also sees the value);
        -- others (date_in is only stable) are cast once, in a subquery
        foldable := coalesce((SELECT p.provolatile = 'i' FROM pg_type y JOIN pg_proc p ON p.oid = y.typinput
                              WHERE y.oid = to_regtype(typ)), false);
        IF op IN ('=', '<>', '<', '<=', '>', '>=') THEN
            values_out := values_out || (c->'values'->>0);
            parts := parts || format(CASE WHEN foldable THEN 't.%I %s ($%s[%s])::%s' ELSE 't.%I %s (SELECT ($%s[%s])::%s)' END,
                                     col, op, param, cardinality(values_out), typ);
        ELSIF op IN ('in', 'not in') THEN
            items := '{}';
            FOR v IN SELECT jsonb_array_elements_text(c->'values') LOOP
                values_out := values_out || v;
                items := items || format(CASE WHEN foldable THEN '($%s[%s])::%s' ELSE '(SELECT ($%s[%s])::%s)' END,
                                         param, cardinality(values_out), typ);
            END LOOP;
            parts := parts || format('t.%I %s (%s)', col, CASE op WHEN 'in' THEN 'IN' ELSE 'NOT IN' END,
                                     array_to_string(items, ', '));
        ELSIF op = 'is null' THEN
            parts := parts || format('t.%I IS NULL', col);
        ELSIF op = 'is not null' THEN
            parts := parts || format('t.%I IS NOT NULL', col);
        ELSE
            RAISE EXCEPTION 'signal condition: unknown operator %', quote_literal(op)
                USING ERRCODE = 'syntax_error';
        END IF;
    END LOOP;
    fragment := CASE WHEN cardinality(parts) = 0 THEN 'true' ELSE array_to_string(parts, ' AND ') END;
END
$fn$;
COMMENT ON FUNCTION aidlink.signal_condition_sql(regclass, jsonb, integer, text[]) IS
  'The SQL of a parsed condition over alias t of the relation: identifiers quoted, operators from the fixed list only, column types read from the catalogue, and every value a reference to element i of the text array parameter $param (appended to values_out), so no value is ever part of the SQL text; each value is cast to the column''s type when the statement is planned (immutable input functions) or once per statement (an uncorrelated subquery), never once per row';

-----------------------------------------------------------------------------
-- Defining signals and rolls
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.define_signal(
    signal_name text, source_name text, condition text, weight float8, description text,
    level text DEFAULT 'person', household_rule text DEFAULT 'sum',
    date_column text DEFAULT NULL, look_back interval DEFAULT NULL,
    intensity_column text DEFAULT NULL, intensity_from float8 DEFAULT NULL, intensity_to float8 DEFAULT NULL,
    alert boolean DEFAULT false, effective_from date DEFAULT '2000-01-01')
RETURNS aidlink.score_signals
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    rel  regclass;
    cond jsonb;
    typ  text;
    sig  aidlink.score_signals;
BEGIN
    IF signal_name IS NULL OR signal_name !~ '^[a-z][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'invalid signal name %', coalesce(quote_literal(signal_name), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A signal name is 1 to 63 characters: a lower-case letter, then lower-case letters, digits or underscores.';
    END IF;
    IF EXISTS (SELECT 1 FROM aidlink.score_signals s WHERE s.signal_name = define_signal.signal_name) THEN
        RAISE EXCEPTION 'signal "%" already exists', signal_name
            USING ERRCODE = 'duplicate_object',
                  DETAIL = 'Two signals cannot share a name; nothing was changed.',
                  HINT = 'Change its weight with aidlink.set_signal_weight(), or drop it with aidlink.drop_signal() first.';
    END IF;
    rel := aidlink.signal_source_relation(source_name);
    IF weight IS NULL OR NOT (weight > '-Infinity' AND weight < 'Infinity') THEN
        RAISE EXCEPTION 'signal "%": the weight must be a finite number, not %', signal_name, coalesce(weight::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Weights are log-odds units added to a household''s score; NaN and infinities are not.';
    END IF;
    IF description IS NULL OR btrim(description) = '' THEN
        RAISE EXCEPTION 'signal "%": a description is required', signal_name
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'A caseworker reads it in aidlink.explain_score().';
    END IF;
    IF level IS NULL OR level NOT IN ('person', 'household') THEN
        RAISE EXCEPTION 'signal "%": level must be person or household, not %', signal_name, coalesce(quote_literal(level), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF household_rule IS NULL OR household_rule NOT IN ('sum', 'max') THEN
        RAISE EXCEPTION 'signal "%": household_rule must be sum or max, not %', signal_name, coalesce(quote_literal(household_rule), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF effective_from IS NULL OR NOT isfinite(effective_from) THEN
        RAISE EXCEPTION 'signal "%": effective_from must be a date', signal_name
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    cond := aidlink.parse_signal_condition(source_name, condition);
    IF (date_column IS NULL) <> (look_back IS NULL) THEN
        RAISE EXCEPTION 'signal "%": date_column and look_back go together', signal_name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Give both (rows dated within look_back of the end of the month count) or neither (every row counts).';
    END IF;
    IF date_column IS NOT NULL THEN
        typ := aidlink.signal_column_type(rel, date_column);
        IF typ NOT IN ('date', 'timestamp without time zone', 'timestamp with time zone') THEN
            RAISE EXCEPTION 'signal "%": date column % is of type %', signal_name, quote_ident(date_column), typ
                USING ERRCODE = 'datatype_mismatch', DETAIL = 'A date column is a date or a timestamp.';
        END IF;
        IF NOT look_back > '0' OR NOT isfinite(look_back) THEN
            RAISE EXCEPTION 'signal "%": look_back must be a positive period, not %', signal_name, look_back
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;
    IF (intensity_column IS NULL) <> (intensity_from IS NULL) OR (intensity_column IS NULL) <> (intensity_to IS NULL) THEN
        RAISE EXCEPTION 'signal "%": intensity_column, intensity_from and intensity_to go together', signal_name
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF intensity_column IS NOT NULL THEN
        typ := aidlink.signal_column_type(rel, intensity_column);
        IF typ !~ '^(smallint|integer|bigint|numeric|real|double precision)' THEN
            RAISE EXCEPTION 'signal "%": intensity column % is of type %', signal_name, quote_ident(intensity_column), typ
                USING ERRCODE = 'datatype_mismatch', DETAIL = 'An intensity column holds numbers.';
        END IF;
        IF NOT (intensity_from > '-Infinity' AND intensity_to < 'Infinity' AND intensity_from < intensity_to) THEN
            RAISE EXCEPTION 'signal "%": intensity_from (%) must be below intensity_to (%), both finite', signal_name, intensity_from, intensity_to
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;
    INSERT INTO aidlink.score_signals VALUES
        (signal_name, btrim(description), source_name, level, household_rule, condition, cond,
         date_column, look_back, intensity_column, intensity_from, intensity_to,
         coalesce(alert, false), effective_from, now())
    RETURNING * INTO sig;
    INSERT INTO aidlink.score_signal_weights VALUES (signal_name, effective_from, weight, 'as defined');
    RETURN sig;
END
$fn$;
COMMENT ON FUNCTION aidlink.define_signal(text, text, text, float8, text, text, text, text, interval, text, float8, float8, boolean, date) IS
  'Defines a signal: its name, the linked source it reads, a condition on the source''s columns (see aidlink.parse_signal_condition), its weight (finite, log-odds units), a description, person or household level, the household rule (sum or max), optionally a date column and the period it looks back over, an intensity column scaled between two amounts, whether it is an alert on its own, and the date it takes effect. Every check runs before anything is written: an unregistered source, a condition that does not parse, a weight that is not finite or a name already taken is an error and nothing changes';

CREATE FUNCTION aidlink.set_signal_weight(signal_name text, weight float8, effective_from date,
                                          note text DEFAULT NULL)
RETURNS aidlink.score_signal_weights
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    w aidlink.score_signal_weights;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM aidlink.score_signals s WHERE s.signal_name = set_signal_weight.signal_name) THEN
        RAISE EXCEPTION 'signal % does not exist', coalesce(quote_ident(signal_name), 'NULL')
            USING ERRCODE = 'undefined_object';
    END IF;
    IF weight IS NULL OR NOT (weight > '-Infinity' AND weight < 'Infinity') THEN
        RAISE EXCEPTION 'signal "%": the weight must be a finite number, not %', signal_name, coalesce(weight::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF effective_from IS NULL OR NOT isfinite(effective_from) THEN
        RAISE EXCEPTION 'signal "%": effective_from must be a date', signal_name
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO aidlink.score_signal_weights VALUES (signal_name, effective_from, weight, note)
    ON CONFLICT ON CONSTRAINT score_signal_weights_pkey DO UPDATE SET weight = EXCLUDED.weight, note = EXCLUDED.note
    RETURNING * INTO w;
    RETURN w;
END
$fn$;
COMMENT ON FUNCTION aidlink.set_signal_weight(text, float8, date, text) IS
  'Sets a signal''s weight from a date on (finite; replaces a weight set for the same date); earlier months keep the weights they had';

CREATE FUNCTION aidlink.drop_signal(signal_name text) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
BEGIN
    DELETE FROM aidlink.score_signals s WHERE s.signal_name = drop_signal.signal_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'signal % does not exist', quote_ident(signal_name) USING ERRCODE = 'undefined_object';
    END IF;
END
$fn$;
COMMENT ON FUNCTION aidlink.drop_signal(text) IS
  'Forgets a signal and its weights; months already scored keep their results';

CREATE FUNCTION aidlink.define_assistance_roll(source_name text, category_column text,
                                               categories jsonb, condition text DEFAULT '')
RETURNS aidlink.assistance_rolls
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    rel  regclass := aidlink.signal_source_relation(source_name);
    cond jsonb;
    r    aidlink.assistance_rolls;
    bad  text;
BEGIN
    PERFORM aidlink.signal_column_type(rel, category_column);
    IF categories IS NULL OR jsonb_typeof(categories) <> 'object' OR categories = '{}' THEN
        RAISE EXCEPTION 'roll "%": categories must be a JSON object mapping each value of % to a category', source_name, quote_ident(category_column)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'For instance ''{"低保": "minimum_allowance", "特困": "extreme_poverty"}''.';
    END IF;
    SELECT string_agg(quote_literal(e.value), ', ') INTO bad
    FROM jsonb_each_text(categories) e
    WHERE NOT EXISTS (SELECT 1 FROM aidlink.assistance_categories c WHERE c.category = e.value);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'roll "%": unknown categories %', source_name, bad
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Known categories: %s.', (SELECT string_agg(c.category, ', ' ORDER BY c.precedence)
                                                           FROM aidlink.assistance_categories c));
    END IF;
    cond := aidlink.parse_signal_condition(source_name, coalesce(condition, ''));
    DELETE FROM aidlink.assistance_rolls x WHERE x.source_name = define_assistance_roll.source_name;
    INSERT INTO aidlink.assistance_rolls VALUES (source_name, category_column, coalesce(condition, ''), cond, now())
    RETURNING * INTO r;
    INSERT INTO aidlink.assistance_roll_values
    SELECT source_name, e.key, e.value FROM jsonb_each_text(categories) e;
    RETURN r;
END
$fn$;
COMMENT ON FUNCTION aidlink.define_assistance_roll(text, text, jsonb, text) IS
  'Defines (or redefines) a linked source as an assistance roll: the column holding the category, a JSON object mapping each of its values to a category of aidlink.assistance_categories, and which rows count (a condition, as for signals)';
