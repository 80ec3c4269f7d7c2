-- Every member object of extension aidlink: catalog|oid|description.
SELECT d.classid::regclass::text || '|' || d.objid || '|' || pg_describe_object(d.classid, d.objid, d.objsubid)
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'aidlink')
ORDER BY 1;
