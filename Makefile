# aidlink — PGXS build.  `make && make install`, then CREATE EXTENSION aidlink.
# Test and benchmark entry points: test/run-all, bench/run (see README.md).

MODULE_big = aidlink
FUZZERS    = resident_id uscc org_code names schedule
CORE_OBJS  = src/id_scan.o src/resident_id_core.o src/org_code_core.o src/uscc_core.o \
             src/id_repair_core.o src/evidence_core.o \
             src/hanzi.o src/name_compare_core.o
OBJS       = $(CORE_OBJS) src/aidlink.o src/resident_id.o src/org_code.o src/uscc.o \
             src/id_repair.o src/evidence.o src/linkage.o src/clusters.o \
             src/name_compare.o
# privacy (issue 8): pseudonyms (and the token reader's fuzz harness)
FUZZERS   += pseudonym
# robustness (issue 8): the text input of signal_set, and every type's
# receive path on raw bytes (the pure-C decoding core of each *_recv)
FUZZERS   += signal_set resident_id_recv uscc_recv org_code_recv schedule_recv signal_set_recv
CORE_OBJS += src/pseudonym_core.o
OBJS      += src/pseudonym.o
# tiered aid calculation (issue 5): the bracket schedule type
CORE_OBJS += src/schedule_core.o
OBJS      += src/schedule.o
# tiered aid calculation (issue 5): the calculation engine
CORE_OBJS += src/aid_engine_core.o
OBJS      += src/aid_engine.o
# record linkage (issue 3): the number step in bulk
OBJS      += src/linkage_bulk.o src/linkage_stage.o
# record linkage (issue 3): the probabilistic step's pair weights
OBJS      += src/evidence_match.o
# pairing and micro-wishes (issue 9): the optimal min-cost flow
CORE_OBJS += src/min_cost_flow_core.o
OBJS      += src/pairing.o
# weighted data-overlap scoring (issue 4): the signal_set type and the scoring aggregate
CORE_OBJS += src/signal_set_core.o
OBJS      += src/signal_set.o
# the sources' step of the monthly scoring in one pass over the links
OBJS      += src/score_hits.o

MODULEDIR  = extension
# Released install and upgrade scripts are checked in; the script of the
# version under work is concatenated from its parts (extension/<version>/*.sql).
UPGRADE_0_2 = extension/aidlink--0.1--0.2.sql
DATA       = extension/aidlink.control extension/aidlink--0.1.sql $(UPGRADE_0_2)

REGRESS      = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --outputdir=build/regress

# -Wall -Wextra clean; WERROR=1 (as in CI) makes any warning an error.
PG_CFLAGS  = -Wall -Wextra
# The server's headers are system headers: -Wextra is for our code, and some
# inline functions there (bufpage.h, ilist.h) have unused parameters.
PG_CPPFLAGS = -isystem $(shell $(PG_CONFIG) --includedir-server)
ifeq ($(WERROR),1)
PG_CFLAGS += -Werror
endif

EXTRA_CLEAN = $(UPGRADE_0_2) build test/unit/unit_tests test/unit/unit_names test/unit/unit_schedule test/unit/unit_pseudonym test/unit/unit_aid_engine test/unit/unit_pairing test/unit/unit_signal_set $(addprefix test/fuzz/fuzz_,$(FUZZERS))

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

all: $(UPGRADE_0_2)
$(UPGRADE_0_2): $(sort $(wildcard extension/0.2/*.sql))
	cat $^ > $@

# The character table of src/hanzi.c (pinyin readings, simplified forms),
# generated from the Unihan database of Debian's unicode-data package; never
# committed.  UNICODE_DIR may point at another copy (Unihan.zip is read too).
UNICODE_DIR ?= /usr/share/unicode
HANZI_DATA = build/hanzi_data.h
$(HANZI_DATA): tools/gen_hanzi.pl
	@mkdir -p build
	perl tools/gen_hanzi.pl $(UNICODE_DIR) > $@.tmp && mv $@.tmp $@
src/hanzi.o src/hanzi.bc: $(HANZI_DATA)

# ---- outside the server -------------------------------------------------
CORE_SRC = src/id_scan.c src/resident_id_core.c src/org_code_core.c src/uscc_core.c \
           src/id_repair_core.c src/evidence_core.c \
           src/hanzi.c src/name_compare_core.c
CORE_SRC += src/pseudonym_core.c
CORE_SRC += src/schedule_core.c
CORE_SRC += src/aid_engine_core.c
CORE_SRC += src/signal_set_core.c
UNIT_CC ?= cc

test/unit/unit_tests: test/unit/unit_tests.c $(CORE_SRC) src/*.h
	$(UNIT_CC) -std=c99 -O1 -g -Wall -Wextra -Werror -Isrc -fsanitize=address,undefined \
	  -fno-sanitize-recover=all -o $@ test/unit/unit_tests.c $(CORE_SRC)

.PHONY: unit fuzz fuzz-build
unit: test/unit/unit_tests test/unit/unit_names test/unit/unit_schedule test/unit/unit_pseudonym test/unit/unit_aid_engine test/unit/unit_pairing test/unit/unit_signal_set
	test/unit/unit_tests; s=$$?; test/unit/unit_names || s=1; test/unit/unit_schedule || s=1; test/unit/unit_pseudonym || s=1; test/unit/unit_aid_engine || s=1; test/unit/unit_pairing || s=1; test/unit/unit_signal_set || s=1; exit $$s

# The optimal pairing (issue 9): brute-force optimality on small cases.
test/unit/unit_pairing: test/unit/unit_pairing.c src/min_cost_flow_core.c src/min_cost_flow_core.h
	$(UNIT_CC) -std=c99 -O1 -g -Wall -Wextra -Werror -Isrc -fsanitize=address,undefined \
	  -fno-sanitize-recover=all -o $@ test/unit/unit_pairing.c src/min_cost_flow_core.c -lm

# The pseudonym token format (issue 8) has a unit file of its own.
test/unit/unit_pseudonym: test/unit/unit_pseudonym.c src/pseudonym_core.c src/pseudonym_core.h
	$(UNIT_CC) -std=c99 -O1 -g -Wall -Wextra -Werror -Isrc -fsanitize=address,undefined \
	  -fno-sanitize-recover=all -o $@ test/unit/unit_pseudonym.c src/pseudonym_core.c

# The signal sets (issue 4) have a unit file of their own.
test/unit/unit_signal_set: test/unit/unit_signal_set.c src/signal_set_core.c src/signal_set_core.h
	$(UNIT_CC) -std=c99 -O1 -g -Wall -Wextra -Werror -Isrc -fsanitize=address,undefined \
	  -fno-sanitize-recover=all -o $@ test/unit/unit_signal_set.c src/signal_set_core.c

# The bracket schedules (issue 5) have a unit file of their own.
test/unit/unit_schedule: test/unit/unit_schedule.c src/schedule_core.c src/schedule_core.h
	$(UNIT_CC) -std=c99 -O1 -g -Wall -Wextra -Werror -Isrc -fsanitize=address,undefined \
	  -fno-sanitize-recover=all -o $@ test/unit/unit_schedule.c src/schedule_core.c
# The aid engine (issue 5): its pure-C part has a unit file of its own.
test/unit/unit_aid_engine: test/unit/unit_aid_engine.c src/aid_engine_core.c src/aid_engine_core.h
	$(UNIT_CC) -std=c99 -O1 -g -Wall -Wextra -Werror -Isrc -fsanitize=address,undefined \
	  -fno-sanitize-recover=all -o $@ test/unit/unit_aid_engine.c src/aid_engine_core.c

# The name comparators have a unit file of their own (same output format).
test/unit/unit_names: test/unit/unit_names.c $(CORE_SRC) src/*.h $(HANZI_DATA)
	$(UNIT_CC) -std=c99 -O1 -g -Wall -Wextra -Werror -Isrc -fsanitize=address,undefined \
	  -fno-sanitize-recover=all -o $@ test/unit/unit_names.c $(CORE_SRC)
test/unit/unit_tests $(addprefix test/fuzz/fuzz_,$(FUZZERS)): $(HANZI_DATA)

# libFuzzer harnesses under AddressSanitizer and UBSan (clang).
# (FUZZERS is set above, for EXTRA_CLEAN)
FUZZ_SECONDS ?= 60
fuzz-build: $(addprefix test/fuzz/fuzz_,$(FUZZERS))
test/fuzz/fuzz_%: test/fuzz/fuzz_%.c $(CORE_SRC) src/*.h
	clang -g -O1 -Isrc -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -o $@ $< $(CORE_SRC)
fuzz: fuzz-build
	test/fuzz/run $(FUZZ_SECONDS) $(FUZZERS)
.PHONY: print-fuzzers
print-fuzzers:
	@echo $(FUZZERS)

# The pg_regress suite with the server under valgrind memcheck (slow).
.PHONY: valgrind
valgrind:
	test/valgrind-regress

# Both (issue 8): every libFuzzer harness under ASan and UBSan for
# FUZZ_SECONDS each, then the whole pg_regress suite under valgrind.
# test/run-all runs a short version: 20 s of each harness (10 s for the
# receive paths) and the types' files of the suite under valgrind.
.PHONY: memory-check
memory-check: fuzz valgrind

# Robustness (issue 8): pg_dump/pg_restore, the 0.1 -> 0.2 upgrade path, and
# linkage runs cancelled and killed half-way, in a cluster of their own
# (about 3 minutes; not part of test/run-all).  ROBUSTNESS_PEOPLE sizes the city.
ROBUSTNESS_PEOPLE ?= 5000
.PHONY: robustness
robustness:
	test/robustness/run --people $(ROBUSTNESS_PEOPLE)
