--
-- Sharded runs (issue 10): the foreign servers a run reads, and the check
-- that they answer before anything is written.  (Two extra clusters as shards
-- are in test/shard/run; here a loopback server stands for a shard that
-- answers, and a server on a socket that does not exist for one that is down.)
--
SET search_path = public, aidlink;
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
RESET client_min_messages;
DO $$
BEGIN
    EXECUTE format('CREATE SERVER shard_up FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L, extensions %L)',
                   split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'),
                   current_database(), 'aidlink');
END $$;
CREATE SERVER shard_down FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '/nonexistent/aidlink', port '1', dbname 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard_up OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard_down OPTIONS (user 'postgres');

-- A register on this server, and a department's table partitioned by the
-- number it carries, read leniently: remainder 0 here, remainder 1 on the
-- shard that answers (a loopback to this database's shard_remote_1).
CREATE TABLE shard_register (id int PRIMARY KEY, gmsfhm resident_id, xm text);
INSERT INTO shard_register VALUES (1, '11010519491231002X', '张伟'), (2, '440103199005061230', '李娜');
CREATE TABLE shard_remote_1 (id int PRIMARY KEY, sfzh text, xm text);
CREATE TABLE shard_dept (id int, sfzh text, xm text) PARTITION BY HASH ((to_resident_id(sfzh)) resident_id_ops);
CREATE TABLE shard_dept_0 PARTITION OF shard_dept FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE FOREIGN TABLE shard_dept_1 PARTITION OF shard_dept FOR VALUES WITH (MODULUS 2, REMAINDER 1)
    SERVER shard_up OPTIONS (schema_name 'public', table_name 'shard_remote_1');
INSERT INTO shard_dept VALUES (1, '11010519491231002x', '张伟'), (2, '440103199005061230', '李娜'),
    (3, '650102200001010012', '买买提'), (4, 'not a number', '王芳');
SELECT tableoid::regclass AS partition, id, sfzh FROM shard_dept ORDER BY id;
SELECT count(*) AS rows_on_the_shard FROM shard_remote_1;

-- In a transaction rolled back at the end: earlier tests left a reference
-- population registered, which this one stands in for meanwhile.
BEGIN;
UPDATE aidlink.link_sources SET is_reference = false WHERE is_reference;
SELECT source_name FROM register_source('shard_register', 'shard_register', 'id', 'gmsfhm', 'xm', is_reference => true);
SELECT source_name FROM register_source('shard_dept', 'shard_dept', 'id', 'sfzh', 'xm');
SELECT * FROM source_servers();
SELECT * FROM check_sources_reachable();
SELECT * FROM check_sources_reachable(ARRAY['shard_register']);

-- A second foreign partition on a server that is down: named, with the
-- table tried and the sources that need it; nothing is written
CREATE TABLE shard_dept_far (id int, sfzh text, xm text) PARTITION BY HASH ((to_resident_id(sfzh)) resident_id_ops);
CREATE FOREIGN TABLE shard_dept_far_0 PARTITION OF shard_dept_far FOR VALUES WITH (MODULUS 1, REMAINDER 0)
    SERVER shard_down OPTIONS (schema_name 'public', table_name 'shard_remote_1');
SELECT source_name FROM register_source('shard_dept_far', 'shard_dept_far', 'id', 'sfzh', 'xm');
SELECT * FROM source_servers() ORDER BY 1, 2;
SELECT state, message, regexp_replace(detail, '\): .*\)\n', '): (the client library''s message)' || E'\n') AS detail, hint
FROM try('SELECT * FROM aidlink.check_sources_reachable()');
SELECT * FROM check_sources_reachable(ARRAY['shard_register', 'shard_dept']);
-- the monthly linkage refuses before its first source
SELECT state, message FROM try('CALL aidlink.link_all()');
SELECT count(*) AS runs, (SELECT count(*) FROM aidlink.links WHERE source_name LIKE 'shard%') AS links
FROM aidlink.link_runs WHERE source_name LIKE 'shard%';
-- with the far shard's source unregistered, the sources read both shards
SELECT unregister_source('shard_dept_far');
SET client_min_messages = warning;
SELECT link_source('shard_register') > 0 AS linked, link_source('shard_dept') > 0 AS linked;
RESET client_min_messages;
SELECT source_name, row_key, resident_id, method, status FROM aidlink.links
WHERE source_name LIKE 'shard%' ORDER BY 1, 2;

ROLLBACK;
DROP TABLE shard_dept, shard_dept_far, shard_remote_1, shard_register;

-- A per-shard pass (aidlink.leaf_partitions): issued certificates, one
-- partition here and one on the shard that answers; the audit counts each
-- partition apart (the shard runs its GROUP BY) and merges the counts: the
-- same answers as over one plain table, for a whole table and for a month.
CREATE TABLE shard_issued_plain (no int, item text, issuer text, stamped_on date);
INSERT INTO shard_issued_plain
SELECT g, (ARRAY['居住证明', '亲属关系证明', '住改商证明', '居住证名', NULL])[1 + g % 5],
       (ARRAY['HY', '花苑社区居民委员会', '东区派出所', 'nowhere'])[1 + g % 4],
       CASE WHEN g % 37 <> 0 THEN date '2021-07-01' + (g * 7) % 900 END
FROM generate_series(1, 600) g;
CREATE TABLE shard_issued_remote (no int, item text, issuer text, stamped_on date);
CREATE TABLE shard_issued (no int, item text, issuer text, stamped_on date) PARTITION BY HASH (no);
CREATE TABLE shard_issued_0 PARTITION OF shard_issued FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE FOREIGN TABLE shard_issued_1 PARTITION OF shard_issued FOR VALUES WITH (MODULUS 2, REMAINDER 1)
    SERVER shard_up OPTIONS (schema_name 'public', table_name 'shard_issued_remote');
INSERT INTO shard_issued SELECT * FROM shard_issued_plain;
SELECT leaf FROM leaf_partitions('shard_issued') leaf ORDER BY 1::text;
SELECT count(*) AS rows_on_the_shard FROM shard_issued_remote;
SELECT f.issued_from, f.issued_before,
       (SELECT count(*) FROM (SELECT * FROM summarise_issued_certificates('shard_issued', 'item', 'issuer', 'stamped_on', f.issued_from, f.issued_before)
                              EXCEPT ALL
                              SELECT * FROM summarise_issued_certificates('shard_issued_plain', 'item', 'issuer', 'stamped_on', f.issued_from, f.issued_before)) d) AS differing,
       (SELECT count(*) FROM (SELECT * FROM summarise_issued_certificates('shard_issued_plain', 'item', 'issuer', 'stamped_on', f.issued_from, f.issued_before)
                              EXCEPT ALL
                              SELECT * FROM summarise_issued_certificates('shard_issued', 'item', 'issuer', 'stamped_on', f.issued_from, f.issued_before)) d) AS missing,
       (SELECT sum(certificates) FROM summarise_issued_certificates('shard_issued', 'item', 'issuer', 'stamped_on', f.issued_from, f.issued_before)) AS certificates
FROM (VALUES (NULL::date, NULL::date), (date '2022-03-01', date '2022-04-01')) f(issued_from, issued_before);
SELECT (SELECT count(*) FROM (SELECT * FROM audit_issued_certificates('shard_issued', 'no', 'item', 'issuer', 'stamped_on')
                              EXCEPT ALL
                              SELECT * FROM audit_issued_certificates('shard_issued_plain', 'no', 'item', 'issuer', 'stamped_on')) d) AS audit_differing,
       (SELECT count(*) FROM audit_issued_certificates('shard_issued', 'no', 'item', 'issuer', 'stamped_on')) AS audited;
-- what the shard is asked: its partition counted there, one row per group
EXPLAIN (VERBOSE, COSTS OFF)
SELECT t.item, t.issuer, t.stamped_on, count(*) FROM shard_issued_1 t WHERE true AND t.stamped_on >= '2022-03-01' GROUP BY 1, 2, 3;
DROP TABLE shard_issued, shard_issued_plain, shard_issued_remote;

-- Which of aidlink's functions and aggregates a shard may run: those of an
-- extension listed in the server's "extensions" option (and installed, same
-- version, on the shard).  With it, aidlink's min/max and operators are in
-- the remote SQL; without it, every row travels and they run here.
CREATE SERVER shard_noext FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '/nonexistent/aidlink', port '1', dbname 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard_noext OPTIONS (user 'postgres');
CREATE TABLE shard_people_remote (id resident_id, hh text);
CREATE FOREIGN TABLE shard_people (id resident_id, hh text) SERVER shard_up OPTIONS (table_name 'shard_people_remote');
CREATE FOREIGN TABLE shard_people_noext (id resident_id, hh text) SERVER shard_noext OPTIONS (table_name 'shard_people_remote');
EXPLAIN (VERBOSE, COSTS OFF) SELECT min(id), max(id), count(*) FROM shard_people;
EXPLAIN (VERBOSE, COSTS OFF) SELECT hh, min(id) FROM shard_people WHERE id > '440103199005061230' GROUP BY hh;
EXPLAIN (VERBOSE, COSTS OFF) SELECT min(id), max(id), count(*) FROM shard_people_noext;
DROP TABLE shard_people_remote;
DROP FOREIGN TABLE shard_people, shard_people_noext;
SET client_min_messages = warning;
DROP SERVER shard_up, shard_down, shard_noext CASCADE;
RESET client_min_messages;
