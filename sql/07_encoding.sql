--
-- A database in another encoding (EUC_CN): full-width input and the detail
-- of an error come through the conversion intact.
--
SET client_min_messages = warning;
DROP DATABASE IF EXISTS aidlink_euc_cn;
CREATE DATABASE aidlink_euc_cn ENCODING 'EUC_CN' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C';
\c aidlink_euc_cn
SET client_encoding = UTF8;
SET client_min_messages = warning;
CREATE EXTENSION aidlink;
SET search_path = public, aidlink;
SHOW server_encoding;
SELECT '１１０１０５１９４９１２３１００２Ｘ'::resident_id AS full_width,
       to_resident_id('１１０１０５－１９４９１２３１－００２ｘ') AS lenient,
       '９１３５０１００Ｍ０００１００Ｙ４３'::uscc AS uscc,
       'Ｄ２１４３５６９－Ｘ'::org_code AS org_code;
SELECT '11010519491231002中'::resident_id;
SELECT '中2143569-X'::org_code;
SELECT resident_id_problem('11010519491231002中') AS problem;
\c contrib_regression
DROP DATABASE aidlink_euc_cn;
