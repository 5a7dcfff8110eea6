# hoso — national records of cadres, civil servants and public employees.
#
#   make run            build, create the demo database, start the gateway simulator, open the UI
#   make check          build and run every test (unit, screen, ssh, gateway)
#   make check SANITIZE=1   the same under AddressSanitizer and UndefinedBehaviorSanitizer
#   make bench [SCALE=N]    national-scale figures next to a plain sqlite3 baseline
#   make install PREFIX=/usr/local
#
# Sources are found by wildcard: a new file in src/<module>/ joins libhoso.a, a new
# tests/<kind>/test_*.c becomes a test program, a new contrib/<tool>/ becomes hoso-<tool>.

PREFIX  ?= /usr/local
BUILD   ?= build
CC      ?= cc
SCALE   ?= 2500000
VERSION := 0.1.0

PKGS    := ncursesw sqlite3 libssh libcurl libcjson libutf8proc libsodium libcrypto libseccomp xlsxwriter
TESTPKG := cmocka vterm

# Recursive (=) so that pkg-config runs only after contrib/deps.sh installed the packages.
PKG_CFLAGS  = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS    = $(shell pkg-config --libs $(PKGS))
TEST_CFLAGS = $(shell pkg-config --cflags $(TESTPKG))
TEST_LIBS   = $(shell pkg-config --libs $(TESTPKG))

OPT     ?= -O2
LDFLAGS += -pthread
CFLAGS  ?= $(OPT) -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
DEFS    := -D_DEFAULT_SOURCE -D_XOPEN_SOURCE_EXTENDED \
           -DHOSO_VERSION='"$(VERSION)"' -DHOSO_PREFIX='"$(PREFIX)"'
ifeq ($(SANITIZE),1)
# -Wformat-truncation's range analysis differs at -O1 and flags what the -O2 build
# (the one we ship, -Werror included) proves safe.
CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined \
           -Wno-format-truncation
LDFLAGS += -fsanitize=address,undefined
override BUILD := $(BUILD)-san
endif
ALL_CFLAGS = -std=c11 -pthread $(WARN) $(DEFS) $(CFLAGS) -Isrc $(PKG_CFLAGS)

LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
LIB      := $(BUILD)/libhoso.a
BIN      := $(BUILD)/hoso

TEST_COMMON_SRC := $(wildcard tests/common/*.c)
TEST_COMMON_OBJ := $(TEST_COMMON_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/unit/test_*.c tests/screen/test_*.c tests/ssh/test_*.c tests/gateway/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

BENCH_SRC := $(wildcard tests/bench/*.c)
BENCH_BIN := $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)

CONTRIB_TOOLS := $(notdir $(patsubst %/,%,$(dir $(wildcard contrib/*/main.c))))
CONTRIB_BIN   := $(CONTRIB_TOOLS:%=$(BUILD)/hoso-%)

LANGS    := vi en
MO       := $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/hoso.mo)

DEPS_OK  := $(BUILD)/.deps-build
DEPS_TEST:= $(BUILD)/.deps-check


.SECONDEXPANSION:
# Keep every object: test and tool objects are intermediate files to make.
.SECONDARY:
.PHONY: all run check test bench install clean i18n-check deps FORCE
all: $(BIN) $(CONTRIB_BIN) $(MO)

deps: $(DEPS_OK)
$(DEPS_OK): contrib/deps.sh
	@mkdir -p $(BUILD)
	@sh contrib/deps.sh build
	@touch $@
$(DEPS_TEST): contrib/deps.sh
	@mkdir -p $(BUILD)
	@sh contrib/deps.sh check
	@touch $@

$(BUILD)/obj/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# PREFIX is compiled in (core/paths.c finds forms/ and the catalogs under it when
# the program is moved): "make install PREFIX=..." rebuilds what holds it.
PREFIX_STAMP := $(BUILD)/.prefix
$(PREFIX_STAMP): FORCE
	@mkdir -p $(BUILD)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
$(BUILD)/obj/src/core/paths.o: $(PREFIX_STAMP)
FORCE:

$(LIB): $(LIB_OBJ)
	@rm -f $@
	@echo "  AR $@"
	@ar rcs $@ $^

$(BIN): $(BUILD)/obj/src/main.o $(LIB)
	@echo "  LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

# (No % inside: make would put the stem there before the second expansion.)
$(BUILD)/hoso-%: $(LIB) $$(addprefix $(BUILD)/obj/,$$(subst .c,.o,$$(wildcard contrib/$$*/*.c)))
	@echo "  LD $@"
	@$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIB) $(PKG_LIBS) -lm

# Test programs: one per tests/<kind>/test_*.c, linked with the shared helpers of
# tests/common and, for screen and ssh tests, the pty + libvterm harness.
$(BUILD)/obj/tests/%.o: tests/%.c | $(DEPS_OK) $(DEPS_TEST)
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests -MMD -MP -c $< -o $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(TEST_COMMON_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(PKG_LIBS) -lutil -lm

# Benchmark programs (tests/bench/*.c): built for make bench, never run by make check.
$(BUILD)/bench/%: $(BUILD)/obj/tests/bench/%.o $(TEST_COMMON_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(PKG_LIBS) -lutil -lm

# Translations: every message of the sources and of forms/ must be translated.
$(BUILD)/locale/%/LC_MESSAGES/hoso.mo: i18n/%.po | $(DEPS_OK)
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

i18n-check: $(DEPS_OK)
	@sh i18n/check.sh

run: all
	@BUILD=$(BUILD) sh contrib/demo.sh run

check: $(DEPS_TEST) all $(TEST_BIN) i18n-check
	@BUILD=$(BUILD) sh tests/run.sh $(TEST_BIN)

bench: $(DEPS_TEST) all $(BENCH_BIN) $(BUILD)/tests/ssh/test_serve_load
	@BUILD=$(BUILD) SCALE=$(SCALE) sh tests/bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/hoso/forms/codes \
		$(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/hoso
	install -m 644 forms/*.json $(DESTDIR)$(PREFIX)/share/hoso/forms/
	install -m 644 forms/codes/*.json $(DESTDIR)$(PREFIX)/share/hoso/forms/codes/
	for l in $(LANGS); do install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES; \
		install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/hoso.mo \
		$(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/hoso.mo; done
	install -m 644 contrib/hoso.1 $(DESTDIR)$(PREFIX)/share/man/man1/hoso.1
	install -d $(DESTDIR)$(PREFIX)/share/man/vi/man1
	install -m 644 contrib/hoso.vi.1 $(DESTDIR)$(PREFIX)/share/man/vi/man1/hoso.1

clean:
	rm -rf build build-san

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
