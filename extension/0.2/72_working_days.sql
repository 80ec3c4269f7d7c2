
-----------------------------------------------------------------------------
-- Working days and case deadlines (issue 9)
-----------------------------------------------------------------------------
-- China's public holidays move weekend days: each year the General Office of
-- the State Council publishes which days are off and which Saturdays or
-- Sundays are worked instead.  The calendar below holds those notices as
-- data, year by year; a day of a year that is not in it is an error, never a
-- guess.  aidlink ships the years it can cite (2025 and 2026, kept as shipped
-- by aidlink.keep_shipped_rows); a DBA adds later years from the next notice.
-- Case deadlines (Dongguan: urgent personal requests within 5 working days,
-- small public works within 6 months) are periods per kind of request, also
-- data, with the date each takes effect.

CREATE TABLE aidlink.calendar_years (
    calendar_year integer PRIMARY KEY
                  CONSTRAINT calendar_year_is_plausible CHECK (calendar_year BETWEEN 1950 AND 9999),
    notice        text NOT NULL CONSTRAINT calendar_year_cites_a_notice CHECK (btrim(notice) <> ''),
    published_on  date,
    source        text
);
COMMENT ON TABLE aidlink.calendar_years IS
  'Years whose holidays and make-up working days are all in aidlink.calendar_days, each with the notice they come from; working-day arithmetic on a day of any other year is an error';
COMMENT ON COLUMN aidlink.calendar_years.calendar_year IS 'The year';
COMMENT ON COLUMN aidlink.calendar_years.notice IS 'The notice that sets the year''s holidays (title and number)';
COMMENT ON COLUMN aidlink.calendar_years.published_on IS 'Date of the notice';
COMMENT ON COLUMN aidlink.calendar_years.source IS 'Where its text can be read';

CREATE TABLE aidlink.calendar_days (
    first_day     date PRIMARY KEY,
    last_day      date NOT NULL,
    day_kind      text NOT NULL
                  CONSTRAINT calendar_day_kind_is_known CHECK (day_kind IN ('holiday', 'working_day')),
    calendar_year integer NOT NULL REFERENCES aidlink.calendar_years,
    occasion      text NOT NULL CONSTRAINT calendar_day_names_its_occasion CHECK (btrim(occasion) <> ''),
    CONSTRAINT calendar_days_in_order CHECK (last_day >= first_day AND last_day - first_day < 31),
    CONSTRAINT calendar_days_in_their_year
        CHECK (calendar_year IN (extract(year FROM first_day)::integer, extract(year FROM last_day)::integer)),
    CONSTRAINT calendar_make_up_day_is_a_weekend_day
        CHECK (day_kind <> 'working_day'
               OR (first_day = last_day AND extract(isodow FROM first_day) IN (6, 7))
               OR (last_day = first_day + 1 AND extract(isodow FROM first_day) = 6)),
    CONSTRAINT calendar_days_do_not_overlap
        EXCLUDE USING gist (daterange(first_day, last_day, '[]') WITH &&)
);
COMMENT ON TABLE aidlink.calendar_days IS
  'Public holidays (days off, weekends inside them included) and make-up working days (a Saturday or Sunday worked instead), as ranges of days from the year''s notice; no two ranges overlap.  Any other day is a working day from Monday to Friday and a rest day on Saturday and Sunday';
COMMENT ON COLUMN aidlink.calendar_days.first_day IS 'First day of the range';
COMMENT ON COLUMN aidlink.calendar_days.last_day IS 'Last day of the range (the same day for one day)';
COMMENT ON COLUMN aidlink.calendar_days.day_kind IS 'holiday (days off) or working_day (a weekend day worked)';
COMMENT ON COLUMN aidlink.calendar_days.calendar_year IS 'The year whose notice sets the range (in aidlink.calendar_years)';
COMMENT ON COLUMN aidlink.calendar_days.occasion IS 'The holiday it belongs to';

INSERT INTO aidlink.calendar_years (calendar_year, notice, published_on, source) VALUES
    (2025, '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)', DATE '2024-11-12',
     'Xinhua, 12 November 2024 (for instance https://m.gmw.cn/2024-11/12/content_1303894933.htm)'),
    (2026, '国务院办公厅关于2026年部分节假日安排的通知', DATE '2025-11-04',
     'Xinhua, 4 November 2025 (for instance https://politics.gmw.cn/2025-11/04/content_38391083.htm)');
INSERT INTO aidlink.calendar_days (first_day, last_day, day_kind, calendar_year, occasion) VALUES
    (DATE '2025-01-01', DATE '2025-01-01', 'holiday', 2025, '元旦'),
    (DATE '2025-01-26', DATE '2025-01-26', 'working_day', 2025, '春节'),
    (DATE '2025-01-28', DATE '2025-02-04', 'holiday', 2025, '春节'),
    (DATE '2025-02-08', DATE '2025-02-08', 'working_day', 2025, '春节'),
    (DATE '2025-04-04', DATE '2025-04-06', 'holiday', 2025, '清明节'),
    (DATE '2025-04-27', DATE '2025-04-27', 'working_day', 2025, '劳动节'),
    (DATE '2025-05-01', DATE '2025-05-05', 'holiday', 2025, '劳动节'),
    (DATE '2025-05-31', DATE '2025-06-02', 'holiday', 2025, '端午节'),
    (DATE '2025-09-28', DATE '2025-09-28', 'working_day', 2025, '国庆节、中秋节'),
    (DATE '2025-10-01', DATE '2025-10-08', 'holiday', 2025, '国庆节、中秋节'),
    (DATE '2025-10-11', DATE '2025-10-11', 'working_day', 2025, '国庆节、中秋节'),
    (DATE '2026-01-01', DATE '2026-01-03', 'holiday', 2026, '元旦'),
    (DATE '2026-01-04', DATE '2026-01-04', 'working_day', 2026, '元旦'),
    (DATE '2026-02-14', DATE '2026-02-14', 'working_day', 2026, '春节'),
    (DATE '2026-02-15', DATE '2026-02-23', 'holiday', 2026, '春节'),
    (DATE '2026-02-28', DATE '2026-02-28', 'working_day', 2026, '春节'),
    (DATE '2026-04-04', DATE '2026-04-06', 'holiday', 2026, '清明节'),
    (DATE '2026-05-01', DATE '2026-05-05', 'holiday', 2026, '劳动节'),
    (DATE '2026-05-09', DATE '2026-05-09', 'working_day', 2026, '劳动节'),
    (DATE '2026-06-19', DATE '2026-06-21', 'holiday', 2026, '端午节'),
    (DATE '2026-09-20', DATE '2026-09-20', 'working_day', 2026, '国庆节'),
    (DATE '2026-09-25', DATE '2026-09-27', 'holiday', 2026, '中秋节'),
    (DATE '2026-10-01', DATE '2026-10-07', 'holiday', 2026, '国庆节'),
    (DATE '2026-10-10', DATE '2026-10-10', 'working_day', 2026, '国庆节');

-- The shipped rows stay as shipped (a dump leaves them to CREATE EXTENSION).
CREATE TRIGGER keep_shipped_rows BEFORE UPDATE OR DELETE ON aidlink.calendar_years
    FOR EACH ROW EXECUTE FUNCTION aidlink.keep_shipped_rows('calendar_year', '2025', '2026');
COMMENT ON TRIGGER keep_shipped_rows ON aidlink.calendar_years IS
  'The years shipped with aidlink (2025, 2026) cannot be changed or deleted; a DBA adds years';
CREATE TRIGGER keep_shipped_rows BEFORE UPDATE OR DELETE ON aidlink.calendar_days
    FOR EACH ROW EXECUTE FUNCTION aidlink.keep_shipped_rows('first_day',
        '2025-01-01', '2025-01-26', '2025-01-28', '2025-02-08', '2025-04-04', '2025-04-27',
        '2025-05-01', '2025-05-31', '2025-09-28', '2025-10-01', '2025-10-11',
        '2026-01-01', '2026-01-04', '2026-02-14', '2026-02-15', '2026-02-28', '2026-04-04',
        '2026-05-01', '2026-05-09', '2026-06-19', '2026-09-20', '2026-09-25', '2026-10-01',
        '2026-10-10');
COMMENT ON TRIGGER keep_shipped_rows ON aidlink.calendar_days IS
  'The days shipped with aidlink (the 2025 and 2026 notices) cannot be changed or deleted; a DBA adds the days of later years';
SELECT pg_catalog.pg_extension_config_dump('aidlink.calendar_years',
    $$WHERE calendar_year NOT IN (2025, 2026)$$);
SELECT pg_catalog.pg_extension_config_dump('aidlink.calendar_days',
    $$WHERE calendar_year NOT IN (2025, 2026)$$);

-- The years from first to last must all be in the calendar.
CREATE FUNCTION aidlink.calendar_check_years(first_day date, last_day date) RETURNS void
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    missing integer;
BEGIN
    IF NOT isfinite(first_day) OR NOT isfinite(last_day) THEN
        RAISE EXCEPTION 'working days cannot be counted to or from an infinite date'
            USING ERRCODE = 'datetime_field_overflow',
                  DETAIL = format('The days asked for run from %s to %s.',
                                  CASE WHEN isfinite(first_day) THEN to_char(first_day, 'YYYY-MM-DD') ELSE first_day::text END,
                                  CASE WHEN isfinite(last_day) THEN to_char(last_day, 'YYYY-MM-DD') ELSE last_day::text END);
    END IF;
    SELECT y INTO missing
      FROM generate_series(extract(year FROM least(first_day, last_day))::integer,
                           extract(year FROM greatest(first_day, last_day))::integer) AS y
     WHERE NOT EXISTS (SELECT FROM aidlink.calendar_years c WHERE c.calendar_year = y)
     ORDER BY y LIMIT 1;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'the working-day calendar has no year %', missing
            USING ERRCODE = 'no_data_found',
                  DETAIL = format('The days asked for run from %s to %s; aidlink.calendar_years holds %s.',
                                  to_char(least(first_day, last_day), 'YYYY-MM-DD'),
                                  to_char(greatest(first_day, last_day), 'YYYY-MM-DD'),
                                  coalesce((SELECT string_agg(calendar_year::text, ', ' ORDER BY calendar_year)
                                              FROM aidlink.calendar_years), 'no year')),
                  HINT = format('Insert year %s into aidlink.calendar_years and its holidays and make-up working days into aidlink.calendar_days, from the State Council General Office notice.', missing);
    END IF;
END
$fn$;
COMMENT ON FUNCTION aidlink.calendar_check_years(date, date) IS
  'Raises an error (no_data_found) naming the first year between the two days that is not in aidlink.calendar_years, or for an infinite date';

CREATE FUNCTION aidlink.is_working_day(day date) RETURNS boolean
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    kind text;
BEGIN
    PERFORM aidlink.calendar_check_years(day, day);
    SELECT c.day_kind INTO kind FROM aidlink.calendar_days c
     WHERE daterange(c.first_day, c.last_day, '[]') @> day;
    IF kind IS NOT NULL THEN
        RETURN kind = 'working_day';
    END IF;
    RETURN extract(isodow FROM day) < 6;
END
$fn$;
COMMENT ON FUNCTION aidlink.is_working_day(date) IS
  'Is the day a working day under the calendar (a make-up working day, or Monday to Friday outside a holiday)?  A day of a year not in aidlink.calendar_years is an error';

CREATE FUNCTION aidlink.working_days_between(from_day date, to_day date) RETURNS integer
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    lo date := least(from_day, to_day);
    hi date := greatest(from_day, to_day);
    n integer;
BEGIN
    IF lo = hi THEN
        RETURN 0;
    END IF;
    PERFORM aidlink.calendar_check_years(lo + 1, hi);
    SELECT count(*) FILTER (WHERE CASE (SELECT c.day_kind FROM aidlink.calendar_days c
                                         WHERE daterange(c.first_day, c.last_day, '[]') @> g.d::date)
                                      WHEN 'working_day' THEN true
                                      WHEN 'holiday' THEN false
                                      ELSE extract(isodow FROM g.d) < 6 END)
      INTO n
      FROM generate_series(lo + 1, hi, interval '1 day') AS g(d);
    RETURN CASE WHEN from_day <= to_day THEN n ELSE -n END;
END
$fn$;
COMMENT ON FUNCTION aidlink.working_days_between(date, date) IS
  'Working days after from_day up to and including to_day (negative when to_day is earlier): working_days_between(d, add_working_days(d, n)) = n for n >= 0.  Every year concerned must be in the calendar';

CREATE FUNCTION aidlink.add_working_days(start_day date, working_days integer) RETURNS date
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    d date := start_day;
    left_to_count integer := abs(working_days);
    step integer := CASE WHEN working_days < 0 THEN -1 ELSE 1 END;
BEGIN
    IF NOT isfinite(start_day) THEN
        PERFORM aidlink.calendar_check_years(start_day, start_day);
    END IF;
    IF abs(working_days::bigint) > 36500 THEN
        RAISE EXCEPTION 'cannot add % working days', working_days
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'At most 36,500 working days (about a century) are counted.';
    END IF;
    WHILE left_to_count > 0 LOOP
        d := d + step;
        IF aidlink.is_working_day(d) THEN
            left_to_count := left_to_count - 1;
        END IF;
    END LOOP;
    RETURN d;
END
$fn$;
COMMENT ON FUNCTION aidlink.add_working_days(date, integer) IS
  'The n-th working day after start_day (n > 0; the day itself does not count), start_day itself (n = 0), or the |n|-th working day before it (n < 0).  Every year reached must be in the calendar';

-- Case deadlines -----------------------------------------------------------

CREATE TABLE aidlink.request_kinds (
    request_kind text PRIMARY KEY
                 CONSTRAINT request_kind_is_a_code CHECK (request_kind ~ '^[a-z][a-z0-9_]{0,62}$'),
    description  text NOT NULL CONSTRAINT request_kind_is_described CHECK (btrim(description) <> '')
);
COMMENT ON TABLE aidlink.request_kinds IS
  'Kinds of requests a service centre answers (for instance urgent personal requests, small public works); their periods are in aidlink.request_kind_periods';
COMMENT ON COLUMN aidlink.request_kinds.request_kind IS 'Short code of the kind (lower-case letters, digits, _)';
COMMENT ON COLUMN aidlink.request_kinds.description IS 'What the kind covers';
SELECT pg_catalog.pg_extension_config_dump('aidlink.request_kinds', '');

CREATE TABLE aidlink.request_kind_periods (
    request_kind        text NOT NULL REFERENCES aidlink.request_kinds,
    effective_from      date NOT NULL CONSTRAINT request_period_starts_on_a_finite_day CHECK (isfinite(effective_from)),
    period_working_days integer CONSTRAINT request_period_working_days_positive CHECK (period_working_days > 0),
    period_months       integer CONSTRAINT request_period_months_positive CHECK (period_months > 0),
    source              text,
    PRIMARY KEY (request_kind, effective_from),
    CONSTRAINT request_period_has_one_length
        CHECK ((period_working_days IS NULL) <> (period_months IS NULL))
);
COMMENT ON TABLE aidlink.request_kind_periods IS
  'How long each kind of request may take, from the date the rule takes effect (the latest row on or before the day a request is received applies): either working days or calendar months';
COMMENT ON COLUMN aidlink.request_kind_periods.request_kind IS 'The kind of request';
COMMENT ON COLUMN aidlink.request_kind_periods.effective_from IS 'First day of receipt the period applies to';
COMMENT ON COLUMN aidlink.request_kind_periods.period_working_days IS 'Period in working days after the day of receipt (aidlink.add_working_days)';
COMMENT ON COLUMN aidlink.request_kind_periods.period_months IS 'Period in calendar months after the day of receipt; a period ending on a rest day ends on the next working day';
COMMENT ON COLUMN aidlink.request_kind_periods.source IS 'The rule it comes from';
SELECT pg_catalog.pg_extension_config_dump('aidlink.request_kind_periods', '');

CREATE TABLE aidlink.service_requests (
    request_id   text PRIMARY KEY CONSTRAINT service_request_id_is_not_blank CHECK (btrim(request_id) <> ''),
    request_kind text NOT NULL REFERENCES aidlink.request_kinds,
    received_on  date NOT NULL CONSTRAINT service_request_received_on_a_finite_day CHECK (isfinite(received_on)),
    closed_on    date,
    summary      text,
    CONSTRAINT service_request_closed_after_received CHECK (closed_on >= received_on)
);
COMMENT ON TABLE aidlink.service_requests IS
  'Requests received by a service centre, one row each, with the day received and the day closed (NULL while open); aidlink.open_requests_past_due lists the open ones past their due date';
COMMENT ON COLUMN aidlink.service_requests.request_id IS 'The centre''s case number';
COMMENT ON COLUMN aidlink.service_requests.request_kind IS 'Its kind (aidlink.request_kinds), which sets its period';
COMMENT ON COLUMN aidlink.service_requests.received_on IS 'Day received';
COMMENT ON COLUMN aidlink.service_requests.closed_on IS 'Day answered or closed; NULL while open';
COMMENT ON COLUMN aidlink.service_requests.summary IS 'What was asked';
SELECT pg_catalog.pg_extension_config_dump('aidlink.service_requests', '');

CREATE FUNCTION aidlink.request_due_date(request_kind text, received_on date) RETURNS date
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    p aidlink.request_kind_periods;
    due date;
BEGIN
    SELECT * INTO p FROM aidlink.request_kind_periods k
     WHERE k.request_kind = request_due_date.request_kind AND k.effective_from <= request_due_date.received_on
     ORDER BY k.effective_from DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no period for requests of kind "%" received on %', request_kind, to_char(received_on, 'YYYY-MM-DD')
            USING ERRCODE = 'no_data_found',
                  DETAIL = CASE WHEN EXISTS (SELECT FROM aidlink.request_kinds k WHERE k.request_kind = request_due_date.request_kind)
                                THEN format('aidlink.request_kind_periods has no row for kind "%s" in force on %s.', request_kind, to_char(received_on, 'YYYY-MM-DD'))
                                ELSE format('Kind "%s" is not in aidlink.request_kinds.', request_kind) END,
                  HINT = 'Insert the kind and its period, with the date it takes effect.';
    END IF;
    IF p.period_working_days IS NOT NULL THEN
        RETURN aidlink.add_working_days(received_on, p.period_working_days);
    END IF;
    due := (received_on + make_interval(months => p.period_months))::date;
    WHILE NOT aidlink.is_working_day(due) LOOP
        due := due + 1;
    END LOOP;
    RETURN due;
END
$fn$;
COMMENT ON FUNCTION aidlink.request_due_date(text, date) IS
  'Due date of a request of the kind received on the day: its period in working days, or in months (moved to the next working day when it ends on a rest day), from the period in force on that day.  An unknown kind, a kind without a period then, or a year missing from the calendar is an error';

CREATE FUNCTION aidlink.requests_past_due(as_of date)
    RETURNS TABLE (request_id text, request_kind text, received_on date, due_on date,
                   working_days_overdue integer, days_overdue integer)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT r.request_id, r.request_kind, r.received_on, d.due_on,
           aidlink.working_days_between(d.due_on, as_of), as_of - d.due_on
      FROM aidlink.service_requests r
     CROSS JOIN LATERAL (SELECT aidlink.request_due_date(r.request_kind, r.received_on) AS due_on) d
     WHERE (r.closed_on IS NULL OR r.closed_on > as_of) AND r.received_on <= as_of AND d.due_on < as_of
     ORDER BY d.due_on, r.request_id;
END;
COMMENT ON FUNCTION aidlink.requests_past_due(date) IS
  'Requests open on the day as_of (received by then, not closed by then) whose due date is before it, most overdue first, with the working days and calendar days overdue';

CREATE VIEW aidlink.open_requests_past_due AS
    SELECT * FROM aidlink.requests_past_due(current_date);
COMMENT ON VIEW aidlink.open_requests_past_due IS
  'Open requests past their due date today (aidlink.requests_past_due(current_date))';
COMMENT ON COLUMN aidlink.open_requests_past_due.request_id IS 'The centre''s case number';
COMMENT ON COLUMN aidlink.open_requests_past_due.request_kind IS 'Its kind';
COMMENT ON COLUMN aidlink.open_requests_past_due.received_on IS 'Day received';
COMMENT ON COLUMN aidlink.open_requests_past_due.due_on IS 'Due date (aidlink.request_due_date)';
COMMENT ON COLUMN aidlink.open_requests_past_due.working_days_overdue IS 'Working days from the due date to today';
COMMENT ON COLUMN aidlink.open_requests_past_due.days_overdue IS 'Calendar days from the due date to today';
