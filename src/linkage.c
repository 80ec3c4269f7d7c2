/*
 * linkage.c — C support of the linkage runs (extension/0.2/20_linkage.sql):
 * progress reporting from inside long set-based statements.
 */
#include "aidlink.h"

#include "portability/instr_time.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(link_progress);

/* Seconds between two progress lines. */
#define PROGRESS_INTERVAL 3.0

static char progress_step[NAMEDATALEN * 2];
static int64 progress_rows;
static instr_time progress_start;
static double progress_last;

/*
 * link_progress(step text, total bigint) returns true, and counts a row of
 * step; every few seconds it reports rows done, the share of total and the
 * rate as a NOTICE.  A new step name starts a new count.  Used as a filter
 * (WHERE aidlink.link_progress(...)) in the run's statements; C steps call
 * al_link_progress() for each row.
 */
void
al_link_progress(const char *step, size_t len, int64 total)
{
	instr_time	now;
	double		elapsed;

	len = Min(len, sizeof(progress_step) - 1);
	if (strncmp(progress_step, step, len) != 0 || progress_step[len] != '\0')
	{
		memcpy(progress_step, step, len);
		progress_step[len] = '\0';
		progress_rows = 0;
		progress_last = 0;
		INSTR_TIME_SET_CURRENT(progress_start);
	}
	progress_rows++;
	if ((progress_rows & 8191) != 0)
		return;

	INSTR_TIME_SET_CURRENT(now);
	INSTR_TIME_SUBTRACT(now, progress_start);
	elapsed = INSTR_TIME_GET_DOUBLE(now);
	if (elapsed - progress_last >= PROGRESS_INTERVAL)
	{
		progress_last = elapsed;
		if (total > 0)
			ereport(NOTICE,
					(errmsg("%s: %lld of %lld rows (%.0f%%), %.0f rows/s",
							progress_step, (long long) progress_rows, (long long) total,
							100.0 * (double) progress_rows / (double) total,
							(double) progress_rows / elapsed)));
		else
			ereport(NOTICE,
					(errmsg("%s: %lld rows, %.0f rows/s", progress_step,
							(long long) progress_rows, (double) progress_rows / elapsed)));
	}
}

Datum
link_progress(PG_FUNCTION_ARGS)
{
	text	   *step = PG_GETARG_TEXT_PP(0);

	al_link_progress(VARDATA_ANY(step), VARSIZE_ANY_EXHDR(step), PG_GETARG_INT64(1));
	PG_RETURN_BOOL(true);
}
