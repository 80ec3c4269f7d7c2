--
-- Binary send/receive: COPY ... (FORMAT binary) round trips, and receive
-- validates again.  The binary form of resident_id is the same 8 bytes as a
-- bigint body; that of uscc and org_code the same bytes as their text.  So a
-- binary COPY of bigint or text columns feeds chosen bytes to receive.
--
SET search_path = public, aidlink;
SELECT '/tmp/aidlink_regress_' || pg_backend_pid() || '.copy' AS copyfile \gset

CREATE TEMP TABLE ids (rid resident_id, code uscc, org org_code);
INSERT INTO ids
SELECT resident_id_from_parts('440103', date '1950-01-01' + i * 37, i % 1000),
       c, uscc_org_code(c)
FROM generate_series(1, 1000) i,
     LATERAL (SELECT ('91350100M000100Y43'::uscc)) u(c);
INSERT INTO ids VALUES ('11010519491231002X', 'A1100000MA00000072', 'D2143569-X'),
                       ('110105491231002', '914401800000078000', '00000000-0');

COPY ids TO :'copyfile' WITH (FORMAT binary);
CREATE TEMP TABLE ids_back (LIKE ids);
COPY ids_back FROM :'copyfile' WITH (FORMAT binary);
SELECT count(*) AS copied,
       count(*) FILTER (WHERE (i.rid, i.code, i.org) IS NOT DISTINCT FROM (b.rid, b.code, b.org)) AS identical
FROM (SELECT *, row_number() OVER () n FROM ids) i
JOIN (SELECT *, row_number() OVER () n FROM ids_back) b USING (n);

-- The bytes on the wire
SELECT resident_id_send('11010519491231002X') AS rid_wire,
       uscc_send('91350100M000100Y43') AS uscc_wire,
       org_code_send('D2143569-X') AS org_wire;

-- resident_id receive rejects bodies that are not valid numbers
CREATE TEMP TABLE bodies (b bigint);
CREATE TEMP TABLE rid_in (rid resident_id);
INSERT INTO bodies VALUES (99010519491231002);
COPY bodies TO :'copyfile' WITH (FORMAT binary);
COPY rid_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE bodies; INSERT INTO bodies VALUES (44010319900229123);
COPY bodies TO :'copyfile' WITH (FORMAT binary);
COPY rid_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE bodies; INSERT INTO bodies VALUES (-5);
COPY bodies TO :'copyfile' WITH (FORMAT binary);
COPY rid_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE bodies; INSERT INTO bodies VALUES (11010519491231002);
COPY bodies TO :'copyfile' WITH (FORMAT binary);
COPY rid_in FROM :'copyfile' WITH (FORMAT binary);
SELECT rid FROM rid_in;

-- uscc and org_code receive accept only the canonical characters, validated
CREATE TEMP TABLE texts (t text);
CREATE TEMP TABLE uscc_in (c uscc);
CREATE TEMP TABLE org_in (o org_code);
INSERT INTO texts VALUES ('91350100m000100y43');
COPY texts TO :'copyfile' WITH (FORMAT binary);
COPY uscc_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE texts; INSERT INTO texts VALUES ('91350100M000100Y44');
COPY texts TO :'copyfile' WITH (FORMAT binary);
COPY uscc_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE texts; INSERT INTO texts VALUES ('91350100M000100Y4');
COPY texts TO :'copyfile' WITH (FORMAT binary);
COPY uscc_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE texts; INSERT INTO texts VALUES ('D2143569-X');
COPY texts TO :'copyfile' WITH (FORMAT binary);
COPY org_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE texts; INSERT INTO texts VALUES ('D21435691');
COPY texts TO :'copyfile' WITH (FORMAT binary);
COPY org_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE texts; INSERT INTO texts VALUES ('D2143569X');
COPY texts TO :'copyfile' WITH (FORMAT binary);
COPY org_in FROM :'copyfile' WITH (FORMAT binary);
SELECT o FROM org_in;
\! rm -f /tmp/aidlink_regress_*.copy
