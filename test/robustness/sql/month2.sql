-- The next month in the synthetic city: some health declarations lose their
-- number, some students leave, some phones of the register are cleared.
SET client_min_messages = warning;
UPDATE city.wj_health_decl SET zjhm = NULL WHERE md5(sbid::text) LIKE '0%';
DELETE FROM city.jy_students WHERE md5(xsid::text) LIKE '00%';
UPDATE city.household_register SET lxdh = NULL WHERE md5(id::text) LIKE 'f%';
