-- 95_shards.sql — sharded runs (issue 10), for 01_catalogue.sql.
INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES
    ('source_servers', '{text[]}', 'setof record', 'stable', false, 's'),
    ('check_sources_reachable', '{text[]}', 'setof record', 'volatile', false, 'u'),
    ('leaf_partitions', '{regclass}', 'setof regclass', 'stable', true, 's');
