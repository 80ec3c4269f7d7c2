-- aidlink 0.1 -> 0.2: record linkage (issue 3).
-- This file is one part of extension/aidlink--0.1--0.2.sql, which the
-- Makefile concatenates from extension/0.2/*.sql in name order.  Once 0.2 is
-- released, these parts are frozen like any released script: later changes
-- go into the next version's upgrade script.
\echo Use "CREATE EXTENSION aidlink" or "ALTER EXTENSION aidlink UPDATE TO '0.2'" to load this file. \quit
