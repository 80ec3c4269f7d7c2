/*
 * cpuclock.c — the CPU time of the calling server process, for bench/run.
 *
 * Not part of the extension: bench/run compiles it into its throwaway
 * cluster's directory and declares it as bench.cpu_ns().  The kernel's
 * per-thread CPU clock counts only the time the backend actually ran, to the
 * nanosecond, so a benchmark on a machine that is busy with other work is not
 * charged for the time it waited for a CPU (/proc/self/schedstat, the
 * fallback, is only updated every scheduler tick, 1-10 ms).
 */
#include "postgres.h"

#include <time.h>

#include "fmgr.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(bench_cpu_ns);

Datum
bench_cpu_ns(PG_FUNCTION_ARGS)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		PG_RETURN_NULL();
	PG_RETURN_INT64((int64) ts.tv_sec * 1000000000 + ts.tv_nsec);
}
