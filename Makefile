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
PKGS      = libpcre2-8 gsl
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

LIB_SRC   = $(sort $(wildcard lib/*.c))
LIB_OBJ   = $(LIB_SRC:lib/%.c=$(OBJDIR)/lib/%.o)
LIB_A     = $(OBJDIR)/libtelaudit.a
BINS      = $(TOOLS:%=$(BINDIR)/%)
# scripts users run (the bench and generator scripts stay in the tree)
USER_SCRIPTS = scripts/kpi-parallel

.PHONY: all deps check test test-san install uninstall clean bench lint \
	print-tools format
all: $(BINS)

# -MMD -MP: each object lists the headers it includes in a .d file next to
# it, so a header change rebuilds only what uses it.
$(OBJDIR)/lib/%.o: lib/%.c | $(OBJDIR)/lib
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
$(OBJDIR)/cmd/%.o: cmd/%.c | $(OBJDIR)/cmd
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
$(LIB_A): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^
$(BINDIR)/%: $(OBJDIR)/cmd/%.o $(LIB_A) | $(BINDIR)
	$(CC) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB_A) $(LDLIBS_ALL)
$(OBJDIR)/lib $(OBJDIR)/cmd $(BINDIR):
	mkdir -p $@
-include $(LIB_OBJ:.o=.d) $(TOOLS:%=$(OBJDIR)/cmd/%.d)

# Debian packages: build (libcsv, PCRE2, GSL), tests (bats, sqlite3,
# python3, tzdata, locales; R and its survey package as the oracle of
# survey-score's design-based figures), docs (mandoc), bench (hyperfine,
# mawk, parallel). Only the missing ones are installed.
DEB_PKGS = build-essential pkg-config libcsv-dev libpcre2-dev libgsl-dev \
	bats tzdata sqlite3 python3 mandoc mawk parallel locales hyperfine time \
	r-base-core r-cran-survey
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
check: all
	TELAUDIT_BIN=$(CURDIR)/bin TOOLS="$(TOOLS)" bats --tap tests
	$(MAKE) BUILD=build/san SANITIZE=address,undefined OPT=-O1 all
	TELAUDIT_BIN=$(CURDIR)/build/san/bin TOOLS="$(TOOLS)" \
	  ASAN_OPTIONS=detect_leaks=1 bats --tap tests

test: all
	TELAUDIT_BIN=$(CURDIR)/bin TOOLS="$(TOOLS)" bats --tap tests

print-tools:
	@echo $(TOOLS)

lint:
	mandoc -T lint -W warning $(TOOLS:%=man/%.1)

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
	  $(DESTDIR)$(SHAREDIR)
	for t in $(TOOLS); do \
	  install -m 755 bin/$$t $(DESTDIR)$(PREFIX)/bin/$$t; \
	  install -m 644 man/$$t.1 $(DESTDIR)$(MANPREFIX)/man1/$$t.1; \
	done
	for f in man/*.5; do [ -e "$$f" ] || continue; \
	  mkdir -p $(DESTDIR)$(MANPREFIX)/man5; \
	  install -m 644 $$f $(DESTDIR)$(MANPREFIX)/man5/; done
	cp -R share/telaudit/. $(DESTDIR)$(SHAREDIR)/
	for s in $(USER_SCRIPTS); do \
	  install -m 755 $$s $(DESTDIR)$(PREFIX)/bin/$$(basename $$s); done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(PREFIX)/bin/$$t \
	  $(DESTDIR)$(MANPREFIX)/man1/$$t.1; done
	rm -f $(USER_SCRIPTS:scripts/%=$(DESTDIR)$(PREFIX)/bin/%)
	rm -rf $(DESTDIR)$(SHAREDIR)

bench: all
	bash scripts/bench.sh

format:
	clang-format -i lib/*.c lib/*.h cmd/*.c

clean:
	rm -rf bin obj build
