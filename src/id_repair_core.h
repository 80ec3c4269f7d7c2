/*
 * id_repair_core.h — candidate repairs of a mistyped resident identity
 * number, in plain C (no server headers).
 *
 * The two commonest keying errors are one wrong character and two adjacent
 * characters swapped.  Given what was typed, this lists every VALID number
 * (right province, real date, right check character) that one substitution or
 * one adjacent swap away would give.  Which of them is the person is for the
 * linkage to decide, against the reference population and the row's other
 * evidence; here nothing is guessed.
 */
#ifndef AIDLINK_ID_REPAIR_CORE_H
#define AIDLINK_ID_REPAIR_CORE_H

#include "resident_id_core.h"

typedef enum rid_edit_kind
{
	RID_EDIT_SUBSTITUTE = 1,	/* character at position replaced */
	RID_EDIT_SWAP = 2			/* characters at position and position+1 swapped */
} rid_edit_kind;

typedef struct rid_candidate
{
	int64_t		body;			/* the candidate number's 17-digit body */
	rid_edit_kind kind;
	int			position;		/* 1-based, in the typed 18 (or 15) characters */
	char		from;			/* typed character ('?' for one that is not a digit/X) */
	char		to;				/* its replacement (substitutions) */
} rid_candidate;

/* At most 18 * 10 substitutions + 17 swaps. */
#define RID_MAX_CANDIDATES 200

/*
 * Fill out[] with the candidates of s[0..len) (UTF-8; full-width digits,
 * spaces and hyphens are read as the lenient parser reads them) and return
 * how many.  Only 18- and 15-character inputs have candidates; the input's
 * own number (when it is valid) is not one of them.  Candidates are distinct
 * and in a fixed order (substitutions by position, then swaps).
 */
int			rid_repair_candidates(const char *s, size_t len, rid_candidate out[RID_MAX_CANDIDATES]);

/* Describe an edit ("character 7: 3 -> 8", "characters 9 and 10 swapped"). */
void		rid_describe_edit(const rid_candidate *c, char *buf, size_t bufsize);

#endif
