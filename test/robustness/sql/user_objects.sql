-- A user's objects over aidlink 0.1's API: every type (scalars, arrays, a
-- domain), btree, hash and expression indexes, a table hash-partitioned by
-- resident_id, a view and a function over aidlink functions, a CHECK.
SET client_min_messages = warning;
CREATE DOMAIN public.checked_id AS aidlink.resident_id CHECK (aidlink.resident_id_region(VALUE) <> '000000');
CREATE TABLE public.all_types (
    n         integer PRIMARY KEY,
    rid       aidlink.resident_id,
    code      aidlink.uscc,
    org       aidlink.org_code,
    rids      aidlink.resident_id[],
    codes     aidlink.uscc[],
    orgs      aidlink.org_code[],
    checked   public.checked_id,
    token     text
);
INSERT INTO public.all_types
SELECT i, r, CASE WHEN i % 3 = 0 THEN '91350100M000100Y43'::aidlink.uscc
                  WHEN i % 3 = 1 THEN 'A1100000MA00000072' ELSE '914401800000078000' END,
       CASE WHEN i % 2 = 0 THEN 'D2143569-X'::aidlink.org_code ELSE 'M000100Y-4' END,
       ARRAY[r, aidlink.resident_id_from_parts('110105', date '1949-12-31', i % 1000)],
       ARRAY['91350100M000100Y43'::aidlink.uscc], ARRAY['00000000-0'::aidlink.org_code, NULL],
       r, NULL
FROM generate_series(1, 5000) i,
     LATERAL (SELECT aidlink.resident_id_from_parts('440103', date '1930-01-01' + i * 7, i % 1000) AS r) x;
INSERT INTO public.all_types (n) VALUES (0);   -- all NULL
CREATE INDEX ON public.all_types (rid);
CREATE INDEX ON public.all_types USING hash (code);
CREATE INDEX ON public.all_types (org);
CREATE TABLE public.by_person (rid aidlink.resident_id NOT NULL, note text) PARTITION BY HASH (rid);
CREATE TABLE public.by_person_0 PARTITION OF public.by_person FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE public.by_person_1 PARTITION OF public.by_person FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE public.by_person_2 PARTITION OF public.by_person FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE public.by_person_3 PARTITION OF public.by_person FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO public.by_person SELECT rid, 'row ' || n FROM public.all_types WHERE rid IS NOT NULL;
CREATE VIEW public.masked AS SELECT n, aidlink.resident_id_mask(rid) AS masked FROM public.all_types;
CREATE VIEW public.people_by_region AS
SELECT aidlink.resident_id_region(rid) AS region, aidlink.resident_id_sex(rid) AS sex,
       count(*) AS people, aidlink.min(rid) AS first_id, aidlink.max(rid) AS last_id
FROM public.all_types WHERE rid IS NOT NULL GROUP BY 1, 2;
CREATE FUNCTION public.age_on(id aidlink.resident_id, d date) RETURNS integer
    LANGUAGE sql IMMUTABLE RETURN aidlink.resident_id_age(id, d);
CREATE INDEX all_types_birth ON public.all_types (aidlink.resident_id_birth_date(rid));
ALTER TABLE public.all_types ADD CONSTRAINT all_types_plausible_org CHECK (org IS NULL OR aidlink.org_code_to_text(org) <> '');
