
-----------------------------------------------------------------------------
-- Record linkage: persons outside the reference population.  Their rows are
-- tied together by a shared valid number, or by the same name with the same
-- birth date or the same phone, and each connected group becomes one
-- cluster with a key that survives re-runs.
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.connected_components(a bigint[], b bigint[],
    OUT node bigint, OUT component bigint) RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.connected_components(bigint[], bigint[]) IS
  'Connected components of the graph whose edges are a[i]-b[i] (union-find in C): every node with the smallest node of its component. An edge with one NULL end is a lone node; the arrays must have one element per edge';

CREATE TABLE aidlink.outside_rows (
    source_name text NOT NULL,
    row_key     text NOT NULL,
    resident_id aidlink.resident_id,
    name_folded text,
    birth_date  date,
    phone       text,
    run_id      bigint NOT NULL,
    PRIMARY KEY (source_name, row_key)
);
CREATE INDEX outside_rows_resident_id ON aidlink.outside_rows (resident_id);
COMMENT ON TABLE aidlink.outside_rows IS
  'Rows whose person is not in the reference population (a valid number outside it, or no link at all but a name), with the evidence that ties them across sources; kept by each run of their source';
COMMENT ON COLUMN aidlink.outside_rows.source_name IS 'The source';
COMMENT ON COLUMN aidlink.outside_rows.row_key IS 'The row''s key in its source';
COMMENT ON COLUMN aidlink.outside_rows.resident_id IS 'The valid number the row carries, if any';
COMMENT ON COLUMN aidlink.outside_rows.name_folded IS 'The row''s name, folded (aidlink.name_fold)';
COMMENT ON COLUMN aidlink.outside_rows.birth_date IS 'The row''s birth date (or the one its number states)';
COMMENT ON COLUMN aidlink.outside_rows.phone IS 'The row''s phone, digits only';
COMMENT ON COLUMN aidlink.outside_rows.run_id IS 'The run that recorded the row';

CREATE TABLE aidlink.person_clusters (
    source_name text NOT NULL,
    row_key     text NOT NULL,
    cluster_key text NOT NULL,
    PRIMARY KEY (source_name, row_key)
);
CREATE INDEX person_clusters_cluster_key ON aidlink.person_clusters (cluster_key);
COMMENT ON TABLE aidlink.person_clusters IS
  'The cluster of every row in aidlink.outside_rows: rows of one person outside the reference share a cluster_key';
COMMENT ON COLUMN aidlink.person_clusters.source_name IS 'The source';
COMMENT ON COLUMN aidlink.person_clusters.row_key IS 'The row''s key in its source';
COMMENT ON COLUMN aidlink.person_clusters.cluster_key IS 'id:<number> when a member carries a valid number (the smallest), else the key the cluster had before (the smallest of its members'' earlier keys), else c: and 16 hexadecimal digits of the md5 of its first member; stable across re-runs while its members stay';

SELECT pg_catalog.pg_extension_config_dump('aidlink.outside_rows', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.person_clusters', '');

CREATE FUNCTION aidlink.record_outside_rows(source_name text, run bigint) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    n bigint;
BEGIN
    IF to_regclass('pg_temp.al_gone') IS NOT NULL THEN
        -- a re-run names the rows gone (al_gone) and those linked again
        -- (al_stage): no need to look for every row's link
        DELETE FROM aidlink.outside_rows o
        WHERE o.source_name = record_outside_rows.source_name
          AND o.row_key IN (SELECT g.row_key FROM pg_temp.al_gone g
                            UNION ALL SELECT s.row_key FROM pg_temp.al_stage s);
    ELSE
        DELETE FROM aidlink.outside_rows o
        WHERE o.source_name = record_outside_rows.source_name
          AND (NOT EXISTS (SELECT 1 FROM aidlink.links l
                           WHERE l.source_name = o.source_name AND l.row_key = o.row_key)
               OR EXISTS (SELECT 1 FROM al_stage s WHERE s.row_key = o.row_key));
    END IF;
    INSERT INTO aidlink.outside_rows
    SELECT l.source_name, l.row_key, CASE WHEN NOT l.in_reference THEN l.resident_id END,
           aidlink.name_fold(s.name),
           coalesce(s.birth_date, aidlink.resident_id_typed_birth_date(s.typed)),
           s.phone, run
    FROM aidlink.links l JOIN al_stage s ON s.row_key = l.row_key
    WHERE l.source_name = record_outside_rows.source_name AND l.run_id = run
      AND NOT l.in_reference
      AND (l.resident_id IS NOT NULL OR (l.status = 'unresolved' AND s.name IS NOT NULL))
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$fn$;
COMMENT ON FUNCTION aidlink.record_outside_rows(text, bigint) IS
  'The step of a run (called by aidlink.link_source) that records the source''s rows whose person is outside the reference, with their evidence, in aidlink.outside_rows';

CREATE FUNCTION aidlink.cluster_outside_persons() RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    n bigint;
BEGIN
    PERFORM aidlink.link_drop_work_tables('{al_nodes,al_components}');
    CREATE TEMP TABLE al_nodes ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY o.source_name, o.row_key) AS node, o.*
    FROM aidlink.outside_rows o;
    -- Edges: every row to the first row sharing its number, its name and
    -- birth date, or its name and phone (a star per group).
    CREATE TEMP TABLE al_components ON COMMIT DROP AS
    WITH edges AS (
        SELECT node AS a, min(node) OVER (PARTITION BY resident_id) AS b FROM al_nodes WHERE resident_id IS NOT NULL
        UNION ALL
        SELECT node, min(node) OVER (PARTITION BY name_folded, birth_date) FROM al_nodes
        WHERE name_folded IS NOT NULL AND birth_date IS NOT NULL
        UNION ALL
        SELECT node, min(node) OVER (PARTITION BY name_folded, phone) FROM al_nodes
        WHERE name_folded IS NOT NULL AND phone IS NOT NULL
        UNION ALL
        SELECT node, node FROM al_nodes)
    SELECT c.node, c.component
    FROM (SELECT array_agg(a) AS a, array_agg(b) AS b FROM edges) e
    CROSS JOIN LATERAL aidlink.connected_components(e.a, e.b) c;

    WITH members AS (
        SELECT n.source_name, n.row_key, c.component, n.resident_id, pc.cluster_key AS old_key
        FROM al_nodes n JOIN al_components c ON c.node = n.node
        LEFT JOIN aidlink.person_clusters pc ON pc.source_name = n.source_name AND pc.row_key = n.row_key),
    keys AS (
        SELECT component,
               coalesce('id:' || min(resident_id::text), min(old_key),
                        'c:' || left(md5(min(source_name || '/' || row_key)), 16)) AS cluster_key
        FROM members GROUP BY component),
    fresh AS (
        SELECT m.source_name, m.row_key, k.cluster_key FROM members m JOIN keys k USING (component)),
    gone AS (
        DELETE FROM aidlink.person_clusters pc
        WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.source_name = pc.source_name AND f.row_key = pc.row_key))
    INSERT INTO aidlink.person_clusters
    SELECT * FROM fresh
    ON CONFLICT (source_name, row_key) DO UPDATE SET cluster_key = EXCLUDED.cluster_key
    WHERE person_clusters.cluster_key <> EXCLUDED.cluster_key;
    SELECT count(DISTINCT cluster_key) INTO n FROM aidlink.person_clusters;
    PERFORM aidlink.link_drop_work_tables('{al_nodes,al_components}');
    RETURN n;
END
$fn$;
COMMENT ON FUNCTION aidlink.cluster_outside_persons() IS
  'Cluster the rows of persons outside the reference (aidlink.outside_rows) into aidlink.person_clusters: rows sharing a valid number, or a folded name and a birth date, or a folded name and a phone, are one person; connected components in C; keys stay as they were for clusters that keep their members. Returns the number of clusters. CALL aidlink.link_all() runs it last';

CREATE VIEW aidlink.outside_persons AS
SELECT pc.cluster_key, count(*) AS rows, count(DISTINCT pc.source_name) AS sources,
       array_agg(DISTINCT pc.source_name ORDER BY pc.source_name) AS source_names,
       min(o.resident_id::text) AS resident_id, min(o.name_folded) AS name, min(o.birth_date) AS birth_date
FROM aidlink.person_clusters pc
JOIN aidlink.outside_rows o USING (source_name, row_key)
GROUP BY pc.cluster_key;
COMMENT ON VIEW aidlink.outside_persons IS
  'Persons found in the sources but not in the reference population: one row per cluster, with how many rows and sources it has, its number (if any row carries a valid one), name and birth date';
COMMENT ON COLUMN aidlink.outside_persons.cluster_key IS 'The cluster (aidlink.person_clusters)';
COMMENT ON COLUMN aidlink.outside_persons.rows IS 'Rows in the cluster';
COMMENT ON COLUMN aidlink.outside_persons.sources IS 'Sources they come from';
COMMENT ON COLUMN aidlink.outside_persons.source_names IS 'Which sources';
COMMENT ON COLUMN aidlink.outside_persons.resident_id IS 'The smallest valid number a row carries, if any';
COMMENT ON COLUMN aidlink.outside_persons.name IS 'A (folded) name of the person';
COMMENT ON COLUMN aidlink.outside_persons.birth_date IS 'The earliest birth date given';
