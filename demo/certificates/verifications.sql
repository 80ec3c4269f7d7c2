-- demo/certificates/verifications.sql — checks of shared data that replace certificates,
-- over the linked synthetic city (example code, not part of the extension).
--
-- Expects schemas city and city_truth (demo/city/make-city), every source of
-- city_truth.sources registered with aidlink.register_source() and linked
-- (CALL aidlink.link_all(), or aidlink.link_source per source).  Each check is a STABLE
-- function (person aidlink.resident_id, on_date date) RETURNS TABLE (source_name text,
-- row_key text, evidence_date date, holds boolean, detail text): it finds the person's rows
-- through aidlink.links (accepted links only) and reads them where they are.  It is registered
-- with aidlink.register_certificate_verification(), which needs INSERT and UPDATE on
-- aidlink.certificate_verifications and ownership of the function.
--
--   zs_residence   registered residence, from the household register (户籍)
--   zs_alive       being alive, from the register's status and the death registrations
--   zs_family      family relations, from household membership in the register
--   zs_unemployed  no registered employment, from the unemployment registrations; the city has
--                  no social-insurance contribution source, so a person who never registered
--                  gets no evidence (answer no_evidence), not "yes"
CREATE SCHEMA IF NOT EXISTS certificate_demo;
COMMENT ON SCHEMA certificate_demo IS 'Example verifications over the synthetic city (demo/certificates)';

CREATE OR REPLACE FUNCTION certificate_demo.residence(person aidlink.resident_id, on_date date)
RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text)
LANGUAGE sql STABLE SET search_path = pg_catalog, aidlink AS $$
    SELECT l.source_name, l.row_key, CASE WHEN r.zxrq <= on_date THEN r.zxrq END,
           r.hkzt = '正常' OR r.zxrq > on_date,
           format('户号 %s, %s, 户口状态 %s', r.hh, r.hjdz,
                  CASE WHEN r.zxrq <= on_date THEN r.hkzt || ' ' || r.zxrq ELSE '正常' END)
      FROM aidlink.links l
      JOIN city.household_register r ON r.id = l.row_key::bigint
     WHERE l.resident_id = person AND l.source_name = 'household_register' AND l.status = 'accepted'
$$;

CREATE OR REPLACE FUNCTION certificate_demo.alive(person aidlink.resident_id, on_date date)
RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text)
LANGUAGE sql STABLE SET search_path = pg_catalog, aidlink AS $$
    SELECT l.source_name, l.row_key, CASE WHEN r.zxrq <= on_date THEN r.zxrq END,
           NOT (r.hkzt = '死亡注销' AND r.zxrq <= on_date),
           CASE WHEN r.hkzt = '死亡注销' AND r.zxrq <= on_date THEN format('户口因死亡注销 %s', r.zxrq)
                ELSE '户籍在册, 未因死亡注销' END
      FROM aidlink.links l
      JOIN city.household_register r ON r.id = l.row_key::bigint
     WHERE l.resident_id = person AND l.source_name = 'household_register' AND l.status = 'accepted'
       AND r.csrq <= on_date
    UNION ALL
    SELECT l.source_name, l.row_key, d.swrq, false, format('死亡登记 %s, %s', d.swrq, d.swyy)
      FROM aidlink.links l
      JOIN city.ga_deaths d ON d.swbh = l.row_key::bigint
     WHERE l.resident_id = person AND l.source_name = 'ga_deaths' AND l.status = 'accepted'
       AND d.swrq <= on_date
$$;

CREATE OR REPLACE FUNCTION certificate_demo.family(person aidlink.resident_id, on_date date)
RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text)
LANGUAGE sql STABLE SET search_path = pg_catalog, aidlink AS $$
    SELECT 'household_register', m.id::text, CASE WHEN m.zxrq <= on_date THEN m.zxrq END, true,
           format('户号 %s: %s (与户主关系: %s)%s', m.hh, m.xm, m.yhzgx,
                  CASE WHEN m.gmsfhm = person THEN ', 本人' ELSE '' END)
      FROM aidlink.persons p
      JOIN city.household_register m ON m.hh = p.household_no
     WHERE p.resident_id = person
       AND (m.hkzt = '正常' OR m.zxrq > on_date)
       AND m.csrq <= on_date
$$;

CREATE OR REPLACE FUNCTION certificate_demo.unemployed(person aidlink.resident_id, on_date date)
RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text)
LANGUAGE sql STABLE SET search_path = pg_catalog, aidlink AS $$
    SELECT l.source_name, l.row_key, u.reg_date, u.status = '失业',
           format('失业登记 %s (%s): %s', u.reg_date, u.reason, u.status)
      FROM aidlink.links l
      JOIN city.rs_unemployment u ON u.reg_no = l.row_key::bigint
     WHERE l.resident_id = person AND l.source_name = 'rs_unemployment' AND l.status = 'accepted'
       AND u.reg_date <= on_date
$$;

SELECT verification_name FROM aidlink.register_certificate_verification('zs_residence',
    'certificate_demo.residence(aidlink.resident_id, date)',
    'Registered residence: the person''s row in the household register (linked), not cancelled on the date');
SELECT verification_name FROM aidlink.register_certificate_verification('zs_alive',
    'certificate_demo.alive(aidlink.resident_id, date)',
    'Alive on the date: born by then, the register row not cancelled by death, and no death registration on or before the date');
SELECT verification_name FROM aidlink.register_certificate_verification('zs_family',
    'certificate_demo.family(aidlink.resident_id, date)',
    'Family relations: every member of the person''s household in the register on the date, with their relation to the head');
SELECT verification_name FROM aidlink.register_certificate_verification('zs_unemployed',
    'certificate_demo.unemployed(aidlink.resident_id, date)',
    'No registered employment: the person''s unemployment registrations up to the date all still say unemployed (no evidence when never registered)');
