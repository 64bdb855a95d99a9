# telaudit: hand-written GNU Makefile (see ../shared/STYLE.md).
# make            build every tool into bin/
# make check      run the bats suite, then again under ASan+UBSan
# make deps       install the Debian packages the build and tests need
# make install    PREFIX=/usr/local DESTDIR= (tools, man pages, share/)
# make bench      benchmarks against the peers in ../shared/bench

PREFIX    ?= /usr/local
MANPREFIX ?= $(PREFIX)/share/man
SHAREDIR  ?= $(PREFIX)/share/telaudit
DESTDIR   ?=
VERSION    = 0.1.0

# One TOOLS list drives build, install, man pages and tests: every
# cmd/<tool>.c is a tool.
TOOLS := $(sort $(patsubst cmd/%.c,%,$(wildcard cmd/*.c)))

BUILD    ?= .
BINDIR    = $(BUILD)/bin
OBJDIR    = $(BUILD)/obj

CC       ?= cc
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
WARN      = -std=c11 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
PKGS      = libpcre2-8 gsl nettle
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE -DTELAUDIT_VERSION='"$(VERSION)"' \
	-DTELAUDIT_SHAREDIR='"$(SHAREDIR)"' -Ilib $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lcsv -lm

# SANITIZE has flags of its own so that a CFLAGS given on the command line
# (make SANITIZE=address CFLAGS=-O1) does not drop them.
SAN_FLAGS = $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer \
	-fno-sanitize-recover=all)
ALL_CFLAGS += -pthread $(SAN_FLAGS)
ALL_LDFLAGS = -pthread $(SAN_FLAGS) $(LDFLAGS)

# lib/ is the shared library; lib/src/ holds cdr-parse's readers, one
# file per switch format (included as "src/NAME.h" from outside lib/src).
LIB_SRC   = $(sort $(wildcard lib/*.c lib/src/*.c))
LIB_OBJ   = $(LIB_SRC:lib/%.c=$(OBJDIR)/lib/%.o)
LIB_A     = $(OBJDIR)/libtelaudit.a
BINS      = $(TOOLS:%=$(BINDIR)/%)
# test drivers (tests/*.c), run by the bats files, not installed
TESTBINS  = $(patsubst tests/%.c,$(BUILD)/testbin/%,$(wildcard tests/*.c))
# scripts users run (the bench and generator scripts stay in the tree)
USER_SCRIPTS = scripts/kpi-parallel scripts/audit-report

.PHONY: all deps deps-browser demo demo-data check-browser check test test-san install uninstall clean bench regen lint \
	print-tools format format-check fuzz fuzz-build fuzz-replay
all: $(BINS) $(TESTBINS)

# -MMD -MP: each object lists the headers it includes in a .d file next to
# it, so a header change rebuilds only what uses it.
$(OBJDIR)/lib/%.o: lib/%.c | $(OBJDIR)/lib $(OBJDIR)/lib/src
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
$(OBJDIR)/cmd/%.o: cmd/%.c | $(OBJDIR)/cmd
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
$(LIB_A): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^
$(BINDIR)/%: $(OBJDIR)/cmd/%.o $(LIB_A) | $(BINDIR)
	$(CC) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB_A) $(LDLIBS_ALL)
$(BUILD)/testbin/%: tests/%.c $(LIB_A) | $(BUILD)/testbin
	$(CC) $(ALL_CFLAGS) -MMD -MP $(ALL_LDFLAGS) -o $@ $< $(LIB_A) $(LDLIBS_ALL)
$(OBJDIR)/lib $(OBJDIR)/lib/src $(OBJDIR)/cmd $(BINDIR) $(BUILD)/testbin:
	mkdir -p $@
-include $(LIB_OBJ:.o=.d) $(TOOLS:%=$(OBJDIR)/cmd/%.d) $(TESTBINS:=.d)

# Debian packages: build (libcsv, PCRE2, GSL, Nettle), tests (bats,
# sqlite3, python3, tzdata, locales; R and its survey package as the
# oracle of survey-score's design-based figures), docs (mandoc), bench
# (hyperfine, mawk, parallel), audit-report's charts (gnuplot-nox, DejaVu
# fonts). Only the missing ones are installed. make deps-browser adds
# Chromium for make check-browser.
DEB_PKGS = build-essential pkg-config libcsv-dev libpcre2-dev libgsl-dev nettle-dev \
	bats tzdata sqlite3 python3 mandoc mawk parallel locales hyperfine time \
	r-base-core r-cran-survey gnuplot-nox fonts-dejavu-core \
	clang clang-format libclang-rt-14-dev
BROWSER_PKGS = chromium
deps-browser:
	@command -v chromium >/dev/null || { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(BROWSER_PKGS); }
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	else echo "all build and test packages present"; fi
	@# a locale with a decimal comma, for the locale-independence test
	@locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$$' || \
	  { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8 || true; }

# The suite runs twice: the normal build, then ASan+UBSan in build/san.
check: format-check all
	TELAUDIT_BIN=$(CURDIR)/bin TOOLS="$(TOOLS)" bats --tap tests
	$(MAKE) BUILD=build/san SANITIZE=address,undefined OPT=-O1 all
	TELAUDIT_BIN=$(CURDIR)/build/san/bin TOOLS="$(TOOLS)" \
	  ASAN_OPTIONS=detect_leaks=1 bats --tap tests
	$(MAKE) BUILD=build/san SANITIZE=address,undefined OPT=-O1 fuzz-replay
	@# the libFuzzer harnesses must keep building with clang (its
	@# warnings differ from gcc's: a gcc-clean tree once broke them)
	$(MAKE) fuzz-build

test: all
	TELAUDIT_BIN=$(CURDIR)/bin TOOLS="$(TOOLS)" bats --tap tests

print-tools:
	@echo $(TOOLS)

lint:
	mandoc -T lint -W warning $(TOOLS:%=man/%.1) man/audit-report.1 \
	  man/*.5 man/*.7

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
	  $(DESTDIR)$(SHAREDIR)
	for t in $(TOOLS); do \
	  install -m 755 bin/$$t $(DESTDIR)$(PREFIX)/bin/$$t; \
	  install -m 644 man/$$t.1 $(DESTDIR)$(MANPREFIX)/man1/$$t.1; \
	done
	for f in man/*.5 man/*.7; do [ -e "$$f" ] || continue; \
	  s=$${f##*.}; mkdir -p $(DESTDIR)$(MANPREFIX)/man$$s; \
	  install -m 644 $$f $(DESTDIR)$(MANPREFIX)/man$$s/; done
	cp -R share/telaudit/. $(DESTDIR)$(SHAREDIR)/
	for s in $(USER_SCRIPTS); do \
	  install -m 755 $$s $(DESTDIR)$(PREFIX)/bin/$$(basename $$s); \
	  m=man/$$(basename $$s).1; [ ! -e $$m ] || \
	  install -m 644 $$m $(DESTDIR)$(MANPREFIX)/man1/; done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(PREFIX)/bin/$$t \
	  $(DESTDIR)$(MANPREFIX)/man1/$$t.1; done
	rm -f $(DESTDIR)$(MANPREFIX)/man7/telaudit.7
	rm -f $(USER_SCRIPTS:scripts/%=$(DESTDIR)$(PREFIX)/bin/%) \
	  $(USER_SCRIPTS:scripts/%=$(DESTDIR)$(MANPREFIX)/man1/%.1)
	rm -rf $(DESTDIR)$(SHAREDIR)

# The demo: the shipped month demo/2026-03 (made by scripts/gen-demo-month
# --seed 2026; make demo-data makes it again) and its report in
# build/demo; prints the path of index.html.
DEMO ?= build/demo
DEMO_DATA = demo/2026-03
DEMO_ARGS = --month 2026-03 --report-tz Asia/Shanghai --targets miit-15s \
	--target 'abandon_rate<=0.10' --target 'asa<=20' \
	--surveys $(DEMO_DATA)/surveys.csv --nps ltr --csat csat --ces ces:1..7 \
	--complaints $(DEMO_DATA)/complaints.csv --complaint-targets miit-reply-15d \
	--subscribers 1250000
demo: all
	@PATH="$(CURDIR)/bin:$$PATH" TELAUDIT_SHARE="$(CURDIR)/share/telaudit" \
	  python3 scripts/audit-report --calls $(DEMO_DATA)/calls.csv \
	  $(DEMO_ARGS) -o $(DEMO)/report
demo-data:
	python3 scripts/gen-demo-month --seed 2026 --month 2026-03 $(DEMO_DATA)

# Headless Chromium renders the demo report (make deps-browser first).
check-browser: demo
	bash scripts/check-browser $(DEMO)/report/index.html

# rewrite testdata/golden/*.out and the man pages' examples'
# testdata/man-examples/TOOL-N.out from the current build (review the diff)
regen: all
	bash scripts/golden --regen bin
	REGEN=1 TELAUDIT_BIN=$(CURDIR)/bin TOOLS="$(TOOLS)" \
	  bats tests/man-examples.bats

bench: all
	bash scripts/bench.sh

# Every C file of the tree is formatted by the committed .clang-format;
# make check stops at the first file that differs (make format fixes it).
FORMAT_SRC = $(wildcard lib/*.[ch] lib/src/*.[ch] cmd/*.c tests/*.c fuzz/*.[ch])
format:
	clang-format -i $(FORMAT_SRC)
format-check:
	@clang-format --dry-run -Werror $(FORMAT_SRC) && echo "format-check: $(words $(FORMAT_SRC)) files formatted"

# ---- fuzzing (fuzz/) ------------------------------------------------------
# One libFuzzer harness per untrusted input; fuzz/cdr.c is built once per
# cdr-parse format. `make fuzz FUZZ_SECONDS=N` builds them with clang
# (-fsanitize=fuzzer,address,undefined) and runs each for N seconds from
# the committed corpus fuzz/corpus/NAME (new inputs go to
# build/fuzz/corpus/NAME, findings to build/fuzz/crash-*). `make
# fuzz-replay` (run by make check under ASan+UBSan) feeds every committed
# corpus file to each harness through fuzz/replay.c, without libFuzzer.
CDR_FORMATS = asterisk-csv asterisk-queue-log callcenter-1999 cucm cucm-cmr \
	freeswitch-csv generic pbxware-csv pbxware-queue-log
FUZZERS   = csvin state rules survey complaint $(CDR_FORMATS:%=cdr-%)
FUZZ_SECONDS ?= 120
FUZZ_CC   ?= clang
FUZZ_SRC  = fuzz/fuzz.c
FUZZ_DEPS = fuzz/fuzz.h fuzz/fuzz.c $(LIB_A)
FUZZ_LINK = $(ALL_LDFLAGS) -Wl,--wrap=exit $(LDLIBS_ALL)
FUZZDIR   = $(OBJDIR)/fuzz

$(FUZZDIR):
	mkdir -p $@
$(FUZZDIR)/replay-cdr-%: fuzz/cdr.c fuzz/replay.c $(FUZZ_DEPS) | $(FUZZDIR)
	$(CC) $(ALL_CFLAGS) -Ifuzz -DFUZZ_FORMAT='"$*"' -o $@ fuzz/cdr.c \
	  fuzz/replay.c $(FUZZ_SRC) $(LIB_A) $(FUZZ_LINK)
$(FUZZDIR)/replay-%: fuzz/%.c fuzz/replay.c $(FUZZ_DEPS) | $(FUZZDIR)
	$(CC) $(ALL_CFLAGS) -Ifuzz -o $@ $< fuzz/replay.c $(FUZZ_SRC) \
	  $(LIB_A) $(FUZZ_LINK)
$(FUZZDIR)/fuzz-cdr-%: fuzz/cdr.c $(FUZZ_DEPS) | $(FUZZDIR)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Ifuzz -DFUZZ_FORMAT='"$*"' \
	  -o $@ fuzz/cdr.c $(FUZZ_SRC) $(LIB_A) -fsanitize=fuzzer $(FUZZ_LINK)
$(FUZZDIR)/fuzz-%: fuzz/%.c $(FUZZ_DEPS) | $(FUZZDIR)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Ifuzz -o $@ $< $(FUZZ_SRC) \
	  $(LIB_A) -fsanitize=fuzzer $(FUZZ_LINK)

# Leak detection is on for every harness: a bad rulebook unwinds and
# frees what the loader held before it exits (wrapped by the harness).
fuzz-replay: $(FUZZERS:%=$(FUZZDIR)/replay-%)
	@for f in $(FUZZERS); do \
	  ASAN_OPTIONS=detect_leaks=1 \
	    $(FUZZDIR)/replay-$$f fuzz/corpus/$$f \
	    || { echo "fuzz-replay: $$f failed"; exit 1; }; done

# libFuzzer needs clang: the library is built again with clang for it.
fuzz-build:
	$(MAKE) BUILD=build/fuzz CC=$(FUZZ_CC) SANITIZE=address,undefined \
	  OPT="-O1 -fsanitize=fuzzer-no-link -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION" \
	  $(FUZZERS:%=build/fuzz/obj/fuzz/fuzz-%)

fuzz: fuzz-build
	@for f in $(FUZZERS); do \
	  mkdir -p build/fuzz/corpus/$$f; \
	  echo "fuzz: $$f for $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=1 \
	  build/fuzz/obj/fuzz/fuzz-$$f -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/crash-$$f- \
	    build/fuzz/corpus/$$f fuzz/corpus/$$f \
	    > build/fuzz/$$f.log 2>&1; \
	  echo "fuzz: $$f exit $$?: $$(grep -E 'stat::number_of_executed_units' build/fuzz/$$f.log)"; \
	done

clean:
	rm -rf bin obj build testbin
