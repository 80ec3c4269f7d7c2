
-----------------------------------------------------------------------------
-- Chinese names (issue 3): folding, pinyin, surnames, comparators
-----------------------------------------------------------------------------
-- Every comparator works on folded names (aidlink.name_fold) and on
-- characters, not bytes.  An empty name (nothing left once folded) compares
-- as NULL, like a missing one.  Text that is not valid UTF-8 (possible in a
-- SQL_ASCII database) is an error (22021) that points at the byte.

CREATE FUNCTION aidlink.name_fold(name text) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.name_fold(text) IS
  'A name as the comparators see it: white space trimmed and dropped, full-width letters and digits to ASCII, Latin letters in lower case, traditional characters simplified (U+5289 to 刘), and the separators of minority and transliterated names (middle dots, bullets, full stops and look-alikes) as one middle dot U+00B7';

CREATE FUNCTION aidlink.name_pinyin(name text) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.name_pinyin(name text) IS
  'Toneless pinyin of the folded name, a syllable per character separated by spaces (张伟 -> zhang wei): the customary reading of each character, except that the surname gets its reading as a surname (曾 zeng, 单 shan, 解 xie); other characters are kept as words';

CREATE FUNCTION aidlink.name_surname(name text) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.name_surname(text) IS
  'Surname of the folded name: its first character, or its first two for a compound surname (欧阳, 司马, 诸葛, 上官 and others) followed by a given name; NULL when the name does not begin with a Han character or has a middle dot (minority and transliterated names)';

CREATE FUNCTION aidlink.name_given(name text) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.name_given(text) IS
  'Given name of the folded name: what follows the surname (aidlink.name_surname); the whole folded name when it has no surname to split; NULL when nothing follows the surname';

CREATE FUNCTION aidlink.name_jaro_winkler(a text, b text) RETURNS float8
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.name_jaro_winkler(text, text) IS
  'Jaro-Winkler similarity (0 to 1, symmetric) of the folded names over characters, with Winkler''s boost for a common prefix of up to 4 characters above a Jaro similarity of 0.7; NULL when a name is empty';

CREATE FUNCTION aidlink.name_edit_distance(a text, b text) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.name_edit_distance(text, text) IS
  'Damerau-Levenshtein distance in characters between the folded names (optimal string alignment: substitutions, insertions, deletions and swaps of adjacent characters); NULL when a name is empty; names of at most 10,000 characters';

CREATE FUNCTION aidlink.name_sounds_alike(a text, b text) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.name_sounds_alike(text, text) IS
  'Do the folded names read alike: same length, and at each place the same character or two that share a toneless reading (张伟 and 章伟: zhang wei), the typo of a pinyin input method; NULL when a name is empty';

CREATE FUNCTION aidlink.name_comparison_level(a text, b text, similar_at float8 DEFAULT 0.88)
    RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.name_comparison_level(text, text, float8) IS
  'How alike two names are, the first that holds of: exact (equal once white space is trimmed), variant (equal once folded), homophone (aidlink.name_sounds_alike), one_edit (edit distance 1 once folded), similar (Jaro-Winkler at least similar_at, default 0.88), different; NULL when a name is NULL or empty';
