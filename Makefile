# veil — one non-recursive Makefile. `make` builds build/veil; `make check` builds and runs every
# test (unit, CLI, rule examples, recall baseline, fuzz corpus replay) and then the same suite
# under ASan+UBSan in $(BUILD)/san. `make deps` installs the Debian packages when one is missing.

BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0

PKGS      := libpcre2-8 icu-uc icu-i18n libarchive libcrypto libsodium jansson yaml-0.1 libxxhash
TEST_PKGS := cmocka
APT_PKGS  := pkg-config libpcre2-dev libicu-dev libarchive-dev libssl-dev libsodium-dev \
             libjansson-dev libyaml-dev libxxhash-dev libcmocka-dev minisign signify-openbsd zstd xz-utils \
             valgrind

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion \
        -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition -Wvla -Wformat=2 \
        -Wwrite-strings -Wcast-qual -Wundef -Wimplicit-fallthrough -fno-common
ifneq ($(DEV)$(CI),)
WARN += -Werror
endif

OPT ?= -O2 -g
ifeq ($(SAN),1)
OPT := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
ifeq ($(SAN),thread)
OPT := -O1 -g -fsanitize=thread
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  ?=
CPPFLAGS += -I. -DVEIL_VERSION='"$(VERSION)"' -DVEIL_DATADIR='"$(PREFIX)/share/veil"'
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(OPT) -MMD -MP \
             $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
LDLIBS = $(PKG_LIBS) -lpthread -lm

LIB_SRC  := $(wildcard common/*.c scrub/*.c audit/*.c release/*.c)
CLI_SRC  := $(wildcard cli/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_REPLAY := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/replay_%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/libfuzzer_%)
HEADERS  := $(wildcard common/*.h scrub/scrub.h audit/audit.h release/release.h release/sign.h cli/cli.h)

.PHONY: FORCE all deps check check-build check-unit check-valgrind check-cli check-rules check-recall check-fuzz asan fuzz bench \
        check-tsan check-jobs check-san-jobs check-san-runs \
        demo lint format format-check install clean check-slurm

all: $(BUILD)/veil

# `make V=1` shows the full compiler command lines.
Q := $(if $(V),,@)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

# The installed pack location is compiled into cli/util.c: rebuild it when PREFIX changes.
$(BUILD)/.prefix: FORCE
	@mkdir -p $(@D)
	@[ "$$(cat $@ 2>/dev/null)" = "$(PREFIX)" ] || echo "$(PREFIX)" > $@
$(BUILD)/cli/util.o: $(BUILD)/.prefix
FORCE:

$(BUILD)/veil: $(CLI_OBJ) $(LIB_OBJ)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags $(TEST_PKGS)) -o $@ $(filter %.c %.o,$^) $(LDLIBS) \
	    $(shell pkg-config --libs $(TEST_PKGS))

$(BUILD)/fuzz/replay_%: tests/fuzz/%.c tests/fuzz/replay.c $(LIB_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(filter %.c %.o,$^) $(LDLIBS)

# libFuzzer campaigns need clang; `make fuzz FUZZ_SECONDS=60`.
FUZZ_SECONDS ?= 30
$(BUILD)/fuzz/libfuzzer_%: tests/fuzz/%.c $(LIB_SRC)
	@mkdir -p $(@D)
	clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	    -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) $(CPPFLAGS) -o $@ $^ $(LDLIBS)

fuzz: deps
	@command -v clang >/dev/null || apt-get install -y -qq clang libclang-rt-14-dev
	$(MAKE) $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do t=$${f##*/libfuzzer_}; mkdir -p tests/fuzz/corpus/$$t; \
	    echo "fuzz $$t for $(FUZZ_SECONDS)s"; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 tests/fuzz/corpus/$$t || exit 1; done

deps:
	@if pkg-config --exists $(PKGS) $(TEST_PKGS) && command -v minisign >/dev/null \
	    && command -v signify-openbsd >/dev/null && command -v zstd >/dev/null \
	    && command -v valgrind >/dev/null; then :; else \
	    echo "installing Debian packages: $(APT_PKGS)"; \
	    SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get install -y -qq $(APT_PKGS) >/dev/null; fi

# The engine's tests under valgrind memcheck (PCRE2's JIT off: valgrind cannot follow its code).
VALGRIND_TESTS := test_scrub_engine test_normalize test_lexicon test_json_scan test_validate \
                  test_pipeline

# As root (as CI is), `check` also proves scale-out on a real single-node Slurm cluster.
# After the plain build, `check` is one make run of TEST_JOBS jobs (one per CPU) so that no core
# waits for a phase to end: the ASan/UBSan tree builds while the plain tests run, and each test
# program, valgrind run, fuzz corpus and the CLI suite (TEST_JOBS cases at a time) is its own job,
# the longest started first. Output is grouped per job (-O); a failing job fails check (make
# starts nothing new and exits non-zero).
NPROC     := $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
TEST_JOBS ?= $(NPROC)
check: deps
	@rm -f $(BUILD)/.check-stop
	$(MAKE) -j$(TEST_JOBS) check-build
	$(MAKE) -j$(TEST_JOBS) -O --no-print-directory CHECK_STOP=$(abspath $(BUILD))/.check-stop check-jobs
	@if [ "$$(id -u)" -eq 0 ] && [ -z "$$VEIL_SKIP_SLURM" ]; then $(MAKE) check-slurm; \
	    else echo "check-slurm skipped: it needs root to run a Slurm cluster"; fi

# Test programs by their run time, longest first (a new one runs last until it is listed here).
SLOW_TESTS := test_pack_cache test_rules_pathological test_regex_factor test_literals \
              test_regex_right test_scrub_engine test_release_verify test_windows test_release \
              test_sign test_lexicon test_pipeline
TEST_ORDER := $(SLOW_TESTS) $(filter-out $(SLOW_TESTS),$(TEST_SRC:tests/%.c=%))
UNIT_RUNS  := $(TEST_ORDER:%=$(BUILD)/tests/%.pass)
VG_RUNS    := $(VALGRIND_TESTS:%=$(BUILD)/tests/%.vg)
FUZZ_RUNS  := $(FUZZ_REPLAY:%=%.pass)

# In `check`, a failed job leaves the file $(CHECK_STOP) and the jobs not started yet fail at once:
# make starts no new job after a failure, but the SAN sub-make would not learn of the parent's.
STOPPED = $(if $(CHECK_STOP),[ ! -e $(CHECK_STOP) ] || { echo "not run: a job failed"; exit 1; };)
STOP    = $(if $(CHECK_STOP),|| { touch $(CHECK_STOP); exit 1; })

# The plain tree is built before (make -j links a program late when other jobs are ready, and the
# SAN chain is the longest): the SAN sub-make, sharing this make's job slots, starts at once with
# the valgrind runs beside it, and builds its whole tree before its first test.
check-jobs: check-san-jobs $(VG_RUNS) check-cli $(UNIT_RUNS) check-rules check-recall $(FUZZ_RUNS)
check-san-jobs:
	+$(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 check-build
	+$(MAKE) --no-print-directory BUILD=$(BUILD)/san SAN=1 check-san-runs
check-san-runs: check-cli $(UNIT_RUNS) $(FUZZ_RUNS)

$(BUILD)/tests/%.pass: $(BUILD)/tests/% FORCE
	@echo "== $<"
	$(Q)$(STOPPED) $< $(STOP)

$(BUILD)/tests/%.vg: $(BUILD)/tests/% FORCE
	@echo "== valgrind $<"
	$(Q)$(STOPPED) env VEIL_NO_JIT=1 valgrind -q --error-exitcode=1 --leak-check=full $< $(STOP)

$(BUILD)/fuzz/replay_%.pass: $(BUILD)/fuzz/replay_% FORCE
	$(Q)$(STOPPED) $< tests/fuzz/corpus/$* $(STOP)

check-build: $(BUILD)/veil $(TEST_BIN) $(FUZZ_REPLAY)

check-unit: $(TEST_ORDER:%=$(BUILD)/tests/%)
	@sh tests/run_each.sh $(TEST_JOBS) '' $^

check-valgrind:
	$(MAKE) -j$(TEST_JOBS) -O $(VG_RUNS)

check-cli: $(BUILD)/veil
	@$(STOPPED) VEIL=$(BUILD)/veil VEIL_TEST_JOBS=$(TEST_JOBS) sh tests/cli/run.sh $(STOP)

check-rules: $(BUILD)/veil
	$(STOPPED) $(BUILD)/veil rules test rules/default $(STOP)

check-recall: $(BUILD)/veil
	@$(STOPPED) VEIL=$(BUILD)/veil sh tests/recall.sh $(STOP)

check-fuzz: $(FUZZ_REPLAY)
	@set -e; for r in $(FUZZ_REPLAY); do t=$${r##*/replay_}; \
	    $$r tests/fuzz/corpus/$$t; done

asan: deps
	$(MAKE) BUILD=$(BUILD)/san SAN=1 check-unit check-cli check-fuzz

# The code that runs on several threads (rule loading, lazy JIT, the trigger index built in the
# background, the worker pool) under ThreadSanitizer; not part of `check`, to keep it short.
TSAN_TESTS := test_scrub_engine test_literals test_pipeline
check-tsan: deps
	$(MAKE) BUILD=$(BUILD)/tsan SAN=thread $(TSAN_TESTS:%=$(BUILD)/tsan/tests/%) $(BUILD)/tsan/veil
	@set -e; export TSAN_OPTIONS=halt_on_error=1; \
	    for t in $(TSAN_TESTS); do echo "== tsan $$t"; $(BUILD)/tsan/tests/$$t >/dev/null; done; \
	    for f in examples/red_team_attempts.jsonl tests/corpus/unicode.jsonl; do \
	    $(BUILD)/tsan/veil -q scrub -j1 $$f > $(BUILD)/tsan/one.jsonl; \
	    $(BUILD)/tsan/veil -q scrub -j3 $$f > $(BUILD)/tsan/three.jsonl; \
	    cmp $(BUILD)/tsan/one.jsonl $(BUILD)/tsan/three.jsonl; done; echo "tsan ok"

demo: deps $(BUILD)/veil
	@VEIL=$(BUILD)/veil sh examples/demo.sh

bench: deps $(BUILD)/veil
	@VEIL=$(BUILD)/veil sh bench/run.sh

check-slurm: deps $(BUILD)/veil
	@VEIL=$(BUILD)/veil sh contrib/slurm/check.sh

# Every header compiles on its own, and no module includes another module's *_internal.h
# (tests are white-box and may).
lint:
	@set -e; for h in $(HEADERS); do printf '#include "%s"\nint lint_unit;\n' "$$h" | \
	    $(CC) $(ALL_CFLAGS) -MF /dev/null -x c -fsyntax-only - ; done
	@bad=$$(for d in cli common scrub audit release; do \
	    grep -Hn '#include "[a-z]*/[a-z_]*_internal\.h"' $$d/*.c $$d/*.h 2>/dev/null | \
	    grep -v "#include \"$$d/" || true; done); \
	    if [ -n "$$bad" ]; then echo "internal header used across modules:"; echo "$$bad"; exit 1; fi
	@echo "lint ok"

format:
	clang-format -i $$(ls */*.c */*.h tests/*.c tests/fuzz/*.c 2>/dev/null)

format-check:
	clang-format --dry-run --Werror $$(ls */*.c */*.h tests/*.c tests/fuzz/*.c 2>/dev/null)

install: $(BUILD)/veil
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/veil/rules \
	    $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BUILD)/veil $(DESTDIR)$(PREFIX)/bin/veil
	cp -R rules/. $(DESTDIR)$(PREFIX)/share/veil/rules/
	install -m 0644 doc/veil.1 $(DESTDIR)$(PREFIX)/share/man/man1/veil.1

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
