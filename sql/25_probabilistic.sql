--
-- The probabilistic step's pair weights (C): aidlink.evidence_pair_weight
-- adds up the same partial weights as the SQL comparison levels, stops at
-- the floor, and keeps only near numbers for a valid number outside the
-- reference.
--
SET search_path = public, aidlink;
SET extra_float_digits = 0;

SELECT slot, field, level FROM aidlink.match_weight_slots();

-- The shipped weights, in slot order (a level left out weighs 0).
CREATE TEMP TABLE w AS
SELECT array_agg(log(2.0, (d.m / d.u)::numeric)::float8 ORDER BY s.slot) AS bits
FROM aidlink.match_weight_slots() s JOIN aidlink.match_weight_defaults() d USING (field, level);
CREATE TEMP TABLE b AS
SELECT d.field, d.level, log(2.0, (d.m / d.u)::numeric)::float8 AS bits FROM aidlink.match_weight_defaults() d;

CREATE TEMP TABLE pairs (k int, typed text, person aidlink.resident_id, name_a text, name_b text,
                         tf float8, birth_a date, birth_b date, sex_a text, sex_b text,
                         phone_a text, phone_b text, address_a text, address_b text);
INSERT INTO pairs VALUES
 (1, NULL, '11010519491231002X', '张伟', '张伟', 2.5, '1949-12-31', '1949-12-31', 'F', 'F',
     '13800000000', '13800000000', '广东省中山市石岐区孙文路1号', '广东省中山市石岐区孙文路1号'),
 (2, '', '11010519491231002X', '張偉', '张伟', 2.5, '1949-12-13', '1949-12-31', 'M', 'F',
     '13800000000', '13900000000', '广东省中山市石岐区孙文路1号', '广东省中山市石岐区孙文路2号'),
 (3, '11010519491231020X', '11010519491231002X', '章伟', '张伟', NULL, NULL, '1949-12-31', NULL, 'F',
     NULL, '13800000000', '北京市朝阳区', '广东省中山市石岐区孙文路1号'),
 (4, '110105194912310', '11010519491231002X', '李强', '张伟', NULL, '1950-03-01', '1949-12-31', 'F', 'F',
     NULL, NULL, NULL, NULL),
 (5, '无', '11010519491231002X', NULL, '张伟', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- The C weight and the sum of the SQL levels' weights agree (prior -10).
SELECT p.k, round(c.weight::numeric, 6) AS weight,
       round((-10 + coalesce(bi.bits, 0) + coalesce(bn.bits, 0)
              + CASE WHEN aidlink.name_comparison_level(p.name_a, p.name_b) = 'exact' THEN coalesce(p.tf, 0) ELSE 0 END
              + coalesce(bb.bits, 0) + coalesce(bs.bits, 0) + coalesce(bp.bits, 0) + coalesce(ba.bits, 0))::numeric, 6)
           = round(c.weight::numeric, 6) AS same_as_sql,
       l.*
FROM pairs p
CROSS JOIN LATERAL (SELECT
    CASE WHEN aidlink.resident_id_typed_distance(p.typed, p.person) = 2 THEN 'two_edits'
         WHEN aidlink.resident_id_is_number_shaped(p.typed) THEN 'different' END AS id,
    aidlink.name_comparison_level(p.name_a, p.name_b) AS name,
    aidlink.birth_date_comparison_level(p.birth_a, p.birth_b) AS birth,
    aidlink.exact_comparison_level(p.sex_a, p.sex_b) AS sex,
    aidlink.exact_comparison_level(p.phone_a, p.phone_b) AS phone,
    aidlink.address_comparison_level(p.address_a, p.address_b) AS address) l
LEFT JOIN b bi ON bi.field = 'id_number' AND bi.level = l.id
LEFT JOIN b bn ON bn.field = 'name' AND bn.level = l.name
LEFT JOIN b bb ON bb.field = 'birth_date' AND bb.level = l.birth
LEFT JOIN b bs ON bs.field = 'sex' AND bs.level = l.sex
LEFT JOIN b bp ON bp.field = 'phone' AND bp.level = l.phone
LEFT JOIN b ba ON ba.field = 'address' AND ba.level = l.address
CROSS JOIN LATERAL (SELECT aidlink.evidence_pair_weight((SELECT bits FROM w), -10, NULL, false, false,
        p.typed, p.person, p.name_a, p.name_b, p.tf, p.birth_a, p.birth_b, p.sex_a, p.sex_b,
        p.phone_a, p.phone_b, p.address_a, p.address_b) AS weight) c
ORDER BY p.k;

-- The floor: a pair below it is NULL, whether the bound stopped it early or not;
-- near makes the number one_edit; outside keeps only numbers two keying errors away.
SELECT p.k,
       aidlink.evidence_pair_weight((SELECT bits FROM w), -10, 1000, false, false, p.typed, p.person,
           p.name_a, p.name_b, p.tf, p.birth_a, p.birth_b, p.sex_a, p.sex_b,
           p.phone_a, p.phone_b, p.address_a, p.address_b) AS above_1000,
       round(aidlink.evidence_pair_weight((SELECT bits FROM w), -10, -1000, false, true, p.typed, p.person,
           p.name_a, p.name_b, p.tf, p.birth_a, p.birth_b, p.sex_a, p.sex_b,
           p.phone_a, p.phone_b, p.address_a, p.address_b)::numeric, 6) AS near,
       round(aidlink.evidence_pair_weight((SELECT bits FROM w), -10, NULL, true, false, p.typed, p.person,
           p.name_a, p.name_b, p.tf, p.birth_a, p.birth_b, p.sex_a, p.sex_b,
           p.phone_a, p.phone_b, p.address_a, p.address_b)::numeric, 6) AS outside
FROM pairs p ORDER BY p.k;

-- A missing weight (NULL) weighs 0.
SELECT round(aidlink.evidence_pair_weight(array_fill(NULL::float8, ARRAY[22]), -10, NULL, false, false,
           NULL, NULL, '张伟', '张伟', 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::numeric, 6) AS only_tf;

-- Bad weights and prior
SELECT * FROM public.try($$SELECT aidlink.evidence_pair_weight('{1,2,3}', 0, NULL, false, false, NULL, NULL,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)$$);
SELECT * FROM public.try($$SELECT aidlink.evidence_pair_weight(array_fill(1::float8, ARRAY[2, 11]), 0, NULL, false, false,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)$$);
SELECT * FROM public.try($$SELECT aidlink.evidence_pair_weight(array_fill('Infinity'::float8, ARRAY[22]), 0, NULL, false, false,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)$$);
SELECT * FROM public.try($$SELECT aidlink.evidence_pair_weight(NULL, 0, NULL, false, false,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)$$);
SELECT * FROM public.try($$SELECT aidlink.evidence_pair_weight(array_fill(1::float8, ARRAY[22]), NULL, NULL, false, false,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)$$);
