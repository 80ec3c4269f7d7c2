--
-- Hash partitioning by each type, btree and hash indexes, and the ad hoc
-- linkage pattern: an expression index on a department's text column.
--
SET search_path = public, aidlink;

-- Hash partitioning by resident_id: where rows land is fixed forever
CREATE TABLE people (id resident_id PRIMARY KEY, n int) PARTITION BY HASH (id);
CREATE TABLE people_0 PARTITION OF people FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE people_1 PARTITION OF people FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE people_2 PARTITION OF people FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE people_3 PARTITION OF people FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO people
SELECT resident_id_from_parts('440103', date '1940-01-01' + i * 11, i % 1000), i
FROM generate_series(1, 2000) i;
SELECT tableoid::regclass AS partition, count(*) FROM people GROUP BY 1 ORDER BY 1;
SELECT tableoid::regclass AS partition FROM people WHERE id = '11010519491231002X'
UNION ALL
SELECT tableoid::regclass FROM people WHERE id = resident_id_from_parts('440103', date '1940-01-01' + 11, 1);
EXPLAIN (COSTS OFF) SELECT * FROM people WHERE id = '440103194001120018';

-- By uscc and by org_code
CREATE TABLE orgs (code uscc, org org_code) PARTITION BY HASH (code);
CREATE TABLE orgs_0 PARTITION OF orgs FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE orgs_1 PARTITION OF orgs FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE orgs_by_old (org org_code) PARTITION BY HASH (org);
CREATE TABLE orgs_by_old_0 PARTITION OF orgs_by_old FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE orgs_by_old_1 PARTITION OF orgs_by_old FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO orgs VALUES ('91350100M000100Y43', 'M000100Y-4'), ('A1100000MA00000072', 'MA000000-7'),
                        ('N2440103MA5F00018H', 'MA5F0001-8'), ('914401800000078000', '00000780-0');
INSERT INTO orgs_by_old SELECT org FROM orgs;
SELECT tableoid::regclass AS partition, code FROM orgs ORDER BY code;
SELECT tableoid::regclass AS partition, org FROM orgs_by_old ORDER BY org;

-- Indexes of each kind
CREATE TABLE idx (id resident_id, code uscc, org org_code);
INSERT INTO idx SELECT id, NULL, NULL FROM people;
CREATE INDEX ON idx USING btree (id);
CREATE INDEX ON idx USING hash (id);
CREATE INDEX ON idx (code);
CREATE INDEX ON idx USING hash (code);
CREATE INDEX ON idx (org);
CREATE INDEX ON idx USING hash (org);
ANALYZE idx;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM idx WHERE id = '11010519491231002X';
EXPLAIN (COSTS OFF) SELECT * FROM idx WHERE id BETWEEN '11010519491231002X' AND '440103200003049989';
SELECT count(*) FROM idx WHERE id BETWEEN '440103194001120018' AND '440103194002030030';
RESET enable_seqscan;

-- Ad hoc linkage: a department's text column, joined through an expression index
CREATE TABLE vaccination (row_id int, sfzh text);
INSERT INTO vaccination
SELECT i, CASE i % 4 WHEN 0 THEN id::text
                     WHEN 1 THEN lower(id::text)
                     WHEN 2 THEN substr(id::text, 1, 6) || ' ' || substr(id::text, 7)
                     ELSE translate(id::text, '0123456789X', '０１２３４５６７８９Ｘ') END
FROM (SELECT id, n AS i FROM people WHERE n % 3 <> 0) p;
INSERT INTO vaccination VALUES (-1, 'not a number'), (-2, NULL);
CREATE INDEX vaccination_person ON vaccination (aidlink.to_resident_id(sfzh));
ANALYZE vaccination;
SELECT count(*) AS linked FROM people p JOIN vaccination v ON p.id = aidlink.to_resident_id(v.sfzh);
-- residents missing from the vaccination list (an anti-join)
SELECT count(*) AS not_vaccinated
FROM people p
WHERE NOT EXISTS (SELECT 1 FROM vaccination v WHERE aidlink.to_resident_id(v.sfzh) = p.id);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT * FROM vaccination WHERE aidlink.to_resident_id(sfzh) = '11010519491231002X';
RESET enable_seqscan;
-- rows that could not be linked, and why
SELECT resident_id_problem(sfzh) AS problem, count(*) FROM vaccination
WHERE aidlink.to_resident_id(sfzh) IS NULL GROUP BY 1 ORDER BY 1;

-- Sorting, DISTINCT and GROUP BY use the btree and hash opclasses
SELECT count(DISTINCT id) FROM (SELECT id FROM people UNION ALL SELECT id FROM people) s;
SELECT id FROM people ORDER BY id LIMIT 3;
SELECT id FROM people ORDER BY id DESC LIMIT 3;
