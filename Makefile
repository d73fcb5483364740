# dunlin — build with plain make. `make demo` and `make check` are the two
# commands the README promises; both run scripts/bootstrap first.
#
#   make            build/dunlin and build/libdunlin.a
#   make check      every test, then every test again under ASan+UBSan
#   make demo       code the bundled example articles
#   make bench      the throughput benchmark (bench/README.md)
#   make fuzz       libFuzzer over the reader and pipeline (FUZZ_SECONDS=60)
#
# BUILD names the output folder; SAN=1 builds with sanitizers.

BUILD ?= build
SAN ?= 0
CC ?= cc
OPT ?= -O2
PKGS := jansson yajl libutf8proc sqlite3
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS_BASE := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -g $(OPT) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DDN_BUILDING -fvisibility=hidden -Iinclude -Isrc $(PKG_CFLAGS) \
	-DDN_DATA_DIR='"$(CURDIR)/data"' -DDN_GEN_DIR='"$(abspath $(BUILD))/gen"'
ifeq ($(SAN),1)
CFLAGS_BASE += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif
CFLAGS ?=
ALL_CFLAGS := $(CFLAGS_BASE) $(CFLAGS)
LIBS := $(PKG_LIBS) -lwordnet -lpthread -lm

LIB_SRC := $(shell find src -name '*.c' -not -path 'src/cli/*' | sort)
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
GEN := $(BUILD)/gen/cities.tsv

.PHONY: all check test demo bench bench-json fuzz clean bootstrap gen
all: $(BUILD)/dunlin $(BUILD)/libdunlin.a gen

bootstrap:
	@scripts/bootstrap

gen: $(GEN)

$(BUILD)/obj/%.o: %.c $(wildcard include/*.h) $(shell find src -name '*.h')
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libdunlin.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	ar rcs $@ $^

$(BUILD)/dunlin: $(CLI_OBJ) $(BUILD)/libdunlin.a
	$(CC) $(LDFLAGS) $(CLI_OBJ) $(BUILD)/libdunlin.a $(LIBS) -o $@

# The city table is generated from Debian's libgeonames at build time.
$(BUILD)/gen/cities.tsv: tools/mkcities.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -std=c11 -Wall -Wextra -Werror $< $$(pkg-config --cflags --libs geonames) -o $(BUILD)/gen/mkcities
	$(BUILD)/gen/mkcities > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libdunlin.a $(wildcard tests/unit/test*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit $< $(BUILD)/libdunlin.a $(LDFLAGS) $(LIBS) -lcmocka -o $@

# Runs every test once for this BUILD; prints the totals line.
test: all $(TEST_BIN)
	@BUILD=$(BUILD) tests/run_all.sh

check: bootstrap
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=1 OPT=-O1 test
	@tests/totals.sh build/test-results.txt build/asan/test-results.txt

demo: bootstrap
	@$(MAKE) --no-print-directory all
	$(BUILD)/dunlin code examples/

bench: bootstrap
	@$(MAKE) --no-print-directory BUILD=build/opt OPT="-O2 -DNDEBUG" all
	@bench/run.sh

# what one event record costs with each JSON writer (see emit.c)
bench-json: bootstrap
	@mkdir -p build/opt
	$(CC) $(ALL_CFLAGS) -O2 bench/json_writers.c $(LDFLAGS) $(LIBS) -o build/opt/json_writers
	@build/opt/json_writers $${BENCH_JSON_N:-200000}

fuzz: bootstrap
	@tests/fuzz/run.sh $${FUZZ_SECONDS:-60}

clean:
	rm -rf build
