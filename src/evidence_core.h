/*
 * evidence_core.h — reading the evidence columns of departmental tables
 * (birth dates typed in many ways), in plain C (no server headers).
 */
#ifndef AIDLINK_EVIDENCE_CORE_H
#define AIDLINK_EVIDENCE_CORE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Read a calendar date from text as departments type it: 19900506,
 * 1990-05-06, 1990/5/6, 1990.05.06, 1990年5月6日, with full-width digits and
 * surrounding spaces.  False (and nothing set) for anything else, including
 * dates that do not exist (1990-02-29) and years outside 1800-9999.
 */
bool		al_read_date(const char *s, size_t len, int *year, int *month, int *day);

#endif
