# SPDX-License-Identifier: GPL-3.0-or-later
# clusterbench — build, tests, deps. Plain GNU make with pkg-config.

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
SAN      ?=
WERROR   ?=
VERSION  := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

PKGS     := gsl cairo pangocairo fontconfig glib-2.0 nettle zlib
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wvla -Wpointer-arith -Wundef -Wwrite-strings \
            -Wold-style-definition -Wnull-dereference
ifneq ($(WERROR),)
WARN     += -Werror
endif

# Hardening by default; the sanitizer build keeps its own instrumentation.
ifeq ($(SAN),)
HARDEN   := -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fPIE
HARDLD   := -pie -Wl,-z,relro,-z,now
OPT      ?= -O2
else
HARDEN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
            -fno-omit-frame-pointer
HARDLD   := -fsanitize=address,undefined
OPT      ?= -O1 -g
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm

CPPFLAGS += -Iinclude -DCB_VERSION='"$(VERSION)"'
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) -g $(WARN) \
            $(HARDEN) -pthread -MMD -MP $(PKG_CFLAGS)
LDFLAGS  += $(HARDLD) -pthread
LDLIBS   += $(PKG_LIBS)

LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/provinces_data.o
LIB      := $(BUILD)/libclusterbench.a
BIN      := $(BUILD)/clusterbench
GEN      := $(BUILD)/clusterbench-gen
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps run demo check check-unit check-golden check-san check-valgrind \
        bench datasets install clean tests-bin
.DELETE_ON_ERROR:

all: deps
	@$(MAKE) --no-print-directory build-all

build-all: $(BIN) $(GEN) $(TEST_BIN)
.PHONY: build-all

deps:
	@sh tools/deps.sh

# V=1 shows the full commands.
ifeq ($(V),)
Q := @
else
Q :=
endif

$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/tools/%.o: src/tools/%.c | $(BUILD)/obj/tools
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# The province fact table is compiled into the program so that an installed
# binary needs no data files.
$(BUILD)/gen/provinces_data.c: datasets/provinces.csv tools/embed-provinces.sh | $(BUILD)/gen
	sh tools/embed-provinces.sh $< > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/provinces_data.o: $(BUILD)/gen/provinces_data.c | $(BUILD)/obj
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(GEN): $(BUILD)/obj/tools/gen.o $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) | $(BUILD)/tests
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/obj $(BUILD)/obj/tools $(BUILD)/gen $(BUILD)/tests:
	mkdir -p $@

tests-bin: $(BIN) $(GEN) $(TEST_BIN)

run: all
	@$(MAKE) --no-print-directory demo

# The default job on datasets/ into plots/pilot-provinces.
demo: build-all
	$(BIN) demo

datasets: build-all
	sh tools/make-datasets.sh $(GEN) datasets

# Every test: unit programs, golden cases and shell tests, then the same
# again built with AddressSanitizer and UndefinedBehaviorSanitizer in
# build/asan; beside them the golden cases under valgrind, in two halves
# that share the cores with the rest, which must end with zero errors and
# zero leaks.
check:
	@DEPS_EXTRA="valgrind binutils strace" sh tools/deps.sh
	@$(MAKE) --no-print-directory build-all
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=1 tests-bin
	@{ sh tests/run.sh --valgrind --golden --shard 1/2 build >build/valgrind-1.log 2>&1; \
	   echo $$? >build/valgrind-1.rc; } & \
	{ sh tests/run.sh --valgrind --golden --shard 2/2 build >build/valgrind-2.log 2>&1; \
	   echo $$? >build/valgrind-2.rc; } & \
	sh tests/run.sh build build/asan; st=$$?; wait; \
	sed 's/^/valgrind (1 of 2) /' build/valgrind-1.log; \
	sed 's/^/valgrind (2 of 2) /' build/valgrind-2.log; \
	[ $$st = 0 ] && [ "$$(cat build/valgrind-1.rc)" = 0 ] && [ "$$(cat build/valgrind-2.rc)" = 0 ]

check-valgrind: all
	@sh tests/run.sh --valgrind build

bench: all
	@DEPS_EXTRA=time sh tools/deps.sh
	@sh tools/bench.sh $(BUILD)

install: build-all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/clusterbench/datasets/jobs
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/clusterbench
	install -m 755 $(GEN) $(DESTDIR)$(PREFIX)/bin/clusterbench-gen
	install -m 644 datasets/*.csv datasets/README.md $(DESTDIR)$(PREFIX)/share/clusterbench/datasets
	install -m 644 datasets/jobs/*.ini $(DESTDIR)$(PREFIX)/share/clusterbench/datasets/jobs

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/tools/*.d $(BUILD)/tests/*.d)

# libFuzzer targets of tests/fuzz/ (clang), built in build/fuzz/ and each run
# for FUZZ_SECONDS seconds; fails when a target finds a crash.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz:
	sh tools/fuzz.sh $(FUZZ_SECONDS)
