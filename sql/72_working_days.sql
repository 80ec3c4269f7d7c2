--
-- Working days and case deadlines (issue 9): the shipped calendar (2025 and
-- 2026 notices of the State Council General Office), add_working_days,
-- working_days_between, deadlines by kind of request, requests past due, and
-- every error: a missing year, overlapping entries, a make-up day on a
-- weekday, shipped rows changed, unknown kinds.
--
SET search_path = public, aidlink;

SELECT calendar_year, published_on, notice FROM calendar_years ORDER BY 1;
-- working days per year and per month of 2026 (2025: 248 working days)
SELECT y, working_days_between(make_date(y, 1, 1) - 1, make_date(y, 12, 31)) AS working_days
  FROM generate_series(2025, 2026) y;
SELECT m, working_days_between(make_date(2026, m, 1) - 1, (make_date(2026, m, 1) + interval '1 month')::date - 1) AS working_days
  FROM generate_series(1, 12) m;

-- a make-up Saturday, a holiday Monday, an ordinary Saturday and Monday
SELECT d, to_char(d, 'Dy') AS dow, is_working_day(d)
  FROM unnest(ARRAY[DATE '2026-02-14', '2026-02-16', '2026-03-07', '2026-03-09', '2025-09-28', '2025-10-08']) d;

-- Five working days from Friday 26 September 2025: Sunday 28th is worked,
-- then 29th, 30th, the National Day holiday (1-8 October), 9th and 10th.
SELECT add_working_days(DATE '2025-09-26', 5);
SELECT working_days_between(DATE '2025-09-26', DATE '2025-10-10');
-- across the Spring Festival 2026 (15-23 February off, 14th and 28th worked)
SELECT add_working_days(DATE '2026-02-12', 5), add_working_days(DATE '2026-02-13', 1);
-- across the year end, 0, backwards, and between in both directions
SELECT add_working_days(DATE '2025-12-29', 5), add_working_days(DATE '2026-03-10', 0),
       add_working_days(DATE '2026-02-24', -1), add_working_days(DATE '2026-01-05', -3);
SELECT working_days_between(DATE '2026-10-10', DATE '2026-09-30'),
       working_days_between(DATE '2026-03-10', DATE '2026-03-10');
-- the two agree on every day of both years for 0, 1 and 5 working days
SELECT bool_and(working_days_between(d::date, add_working_days(d::date, n)) = n) AS consistent,
       count(*) AS cases
  FROM generate_series(DATE '2025-01-01', DATE '2026-12-15', interval '1 day') d, unnest(ARRAY[0, 1, 5]) n;

-- A year not in the calendar is an error, not a guess.
SELECT * FROM try($$SELECT add_working_days(DATE '2026-12-28', 5)$$);
SELECT * FROM try($$SELECT is_working_day(DATE '2024-06-10')$$);
SELECT * FROM try($$SELECT working_days_between(DATE '2024-12-30', DATE '2025-01-10')$$);
SELECT * FROM try($$SELECT add_working_days(DATE 'infinity', 1)$$);
SELECT * FROM try($$SELECT working_days_between(DATE '2025-01-10', DATE '-infinity')$$);
SELECT * FROM try($$SELECT add_working_days(DATE '2025-01-10', 40000)$$);
SELECT is_working_day(NULL), add_working_days(NULL, 1), working_days_between(DATE '2025-01-01', NULL);

-- A DBA adds a year; it may not overlap a range already there, a make-up day
-- is a weekend day, ranges are in order, each names a year of the calendar.
BEGIN;
INSERT INTO calendar_years (calendar_year, notice, published_on) VALUES (2027, 'test notice for 2027', DATE '2026-11-01');
INSERT INTO calendar_days VALUES (DATE '2027-01-01', DATE '2027-01-03', 'holiday', 2027, 'New Year');
SELECT add_working_days(DATE '2026-12-28', 5);
SELECT * FROM try($$INSERT INTO calendar_days VALUES (DATE '2027-01-03', DATE '2027-01-04', 'holiday', 2027, 'overlap')$$);
SELECT * FROM try($$INSERT INTO calendar_days VALUES (DATE '2026-10-07', DATE '2026-10-08', 'holiday', 2026, 'overlap')$$);
SELECT * FROM try($$INSERT INTO calendar_days VALUES (DATE '2027-02-03', DATE '2027-02-03', 'working_day', 2027, 'a Wednesday')$$);
SELECT * FROM try($$INSERT INTO calendar_days VALUES (DATE '2027-05-05', DATE '2027-05-01', 'holiday', 2027, 'reversed')$$);
SELECT * FROM try($$INSERT INTO calendar_days VALUES (DATE '2028-05-01', DATE '2028-05-01', 'holiday', 2028, 'no such year')$$);
SELECT * FROM try($$INSERT INTO calendar_days VALUES (DATE '2025-05-01', DATE '2025-05-01', 'holiday', 2027, 'wrong year')$$);
SELECT * FROM try($$INSERT INTO calendar_days VALUES (DATE '2027-05-01', DATE '2027-05-01', 'day off', 2027, 'kind')$$);
SELECT count(*) AS days_of_2027 FROM calendar_days WHERE calendar_year = 2027;
-- the shipped rows cannot be changed or deleted
SELECT * FROM try($$UPDATE calendar_days SET last_day = DATE '2026-10-08' WHERE first_day = DATE '2026-10-01'$$);
SELECT * FROM try($$DELETE FROM calendar_years WHERE calendar_year = 2025$$);
-- a row of one's own can
UPDATE calendar_days SET last_day = DATE '2027-01-02' WHERE first_day = DATE '2027-01-01';
ROLLBACK;

---------------------------------------------------------------------------
-- Case deadlines (Dongguan: urgent personal requests in 5 working days,
-- small public works in 6 months; example policy rows, not shipped)
---------------------------------------------------------------------------
INSERT INTO request_kinds VALUES
    ('urgent_personal', 'Urgent personal request'),
    ('small_public_works', 'Small public works');
INSERT INTO request_kind_periods (request_kind, effective_from, period_working_days, period_months, source) VALUES
    ('urgent_personal', DATE '2025-01-01', 5, NULL, 'example'),
    ('small_public_works', DATE '2025-01-01', NULL, 6, 'example'),
    ('urgent_personal', DATE '2026-07-01', 3, NULL, 'example: a later, shorter period');
SELECT request_due_date('urgent_personal', DATE '2025-09-26') AS urgent_2025,
       request_due_date('urgent_personal', DATE '2026-09-25') AS urgent_after_july_2026,
       request_due_date('small_public_works', DATE '2025-04-01') AS works_6_months_on_national_day,
       request_due_date('small_public_works', DATE '2025-08-31') AS works_end_of_february;
-- (no requests yet: the view of today reads nothing)
SELECT count(*) AS past_due_today FROM open_requests_past_due;
INSERT INTO service_requests VALUES
    ('DG-001', 'urgent_personal', DATE '2026-09-25', NULL, 'rent arrears'),
    ('DG-002', 'urgent_personal', DATE '2026-09-25', DATE '2026-09-29', 'medical bill'),
    ('DG-003', 'small_public_works', DATE '2026-02-10', NULL, 'street lamp'),
    ('DG-004', 'small_public_works', DATE '2026-05-10', NULL, 'drain cover'),
    ('DG-005', 'urgent_personal', DATE '2026-10-09', NULL, 'received after the day asked');
SELECT * FROM requests_past_due(DATE '2026-10-09');
SELECT * FROM requests_past_due(DATE '2026-12-01');

SELECT * FROM try($$SELECT request_due_date('road_repair', DATE '2025-05-01')$$);
SELECT * FROM try($$SELECT request_due_date('urgent_personal', DATE '2024-12-31')$$);
SELECT * FROM try($$SELECT request_due_date('urgent_personal', DATE '2026-12-30')$$);
SELECT * FROM try($$INSERT INTO request_kind_periods VALUES ('urgent_personal', DATE '2027-01-01', 5, 6)$$);
SELECT * FROM try($$INSERT INTO request_kind_periods VALUES ('urgent_personal', DATE '2027-01-01', 0, NULL)$$);
SELECT * FROM try($$INSERT INTO service_requests VALUES ('DG-009', 'urgent_personal', DATE '2026-05-10', DATE '2026-05-01')$$);
SELECT * FROM try($$INSERT INTO service_requests VALUES ('DG-009', 'road_repair', DATE '2026-05-10')$$);
SELECT * FROM try($$INSERT INTO request_kinds VALUES ('Urgent', 'capitals')$$);
SELECT count(*) AS requests FROM service_requests;

DELETE FROM service_requests;
DELETE FROM request_kind_periods;
DELETE FROM request_kinds;
