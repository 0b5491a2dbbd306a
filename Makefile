# dyad -- build, run, test, benchmark, evaluate.  `make run` and `make test` also install the
# Debian packages the build needs (scripts/install-deps).

PREFIX  ?= /usr/local
CC      ?= cc
SHARED  ?= ../shared

PKGS    := libutf8proc jansson sqlite3 libpq libmicrohttpd
DEPCFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null || echo -I/usr/include/postgresql)
DEPLIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lutf8proc -ljansson -lsqlite3 -lpq -lmicrohttpd) -lm -lpthread

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
           -Wno-overlength-strings
ifneq ($(CI),)
WARN    += -Werror
endif
CFLAGS  ?= -O2 -g
ALLCFLAGS := -std=gnu11 $(WARN) $(CFLAGS) -Iinclude -Isrc $(DEPCFLAGS) \
           -DDYAD_DATADIR='"$(PREFIX)/share/dyad"'
ASANFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRC := $(sort $(wildcard src/*.c src/*/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c))
HDRS    := $(wildcard include/*.h src/*.h src/*/*.h cli/*.h)

OBJ      := $(LIB_SRC:%.c=build/rel/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=build/rel/%.o)
AOBJ     := $(LIB_SRC:%.c=build/asan/%.o)
ACLI_OBJ := $(CLI_SRC:%.c=build/asan/%.o)
# the dashboard (web/), bundled by esbuild and embedded into the binary as a C table
WEB_SRC  := web/package.json web/package-lock.json web/build.mjs $(wildcard web/src/*)
WEB_OBJ  := build/gen/web_assets.o

.PHONY: all deps run test bench eval install clean gazetteer models

all: dyad

deps: build/.deps-ok

build/.deps-ok: scripts/install-deps
	@mkdir -p build
	@sh scripts/install-deps
	@touch $@

build/.deps-%-ok: scripts/install-deps | build/.deps-ok
	@sh scripts/install-deps $*
	@touch $@

build/rel/%.o: %.c $(HDRS) | build/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -c $< -o $@

build/asan/%.o: %.c $(HDRS) | build/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(ASANFLAGS) -c $< -o $@

build/web/.stamp: $(WEB_SRC) scripts/build-web | build/.deps-ok
	@sh scripts/build-web build/web
	@touch $@

build/gen/web_assets.c: build/web/.stamp scripts/embed-web
	@mkdir -p $(dir $@)
	@sh scripts/embed-web build/web >$@.tmp && mv $@.tmp $@

$(WEB_OBJ): build/gen/web_assets.c include/dyad.h
	$(CC) -std=gnu11 $(CFLAGS) -Iinclude -c $< -o $@

build/libdyad.a: $(OBJ)
	ar rcs $@ $^

dyad: $(CLI_OBJ) $(WEB_OBJ) build/libdyad.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(WEB_OBJ) build/libdyad.a $(DEPLIBS)

build/asan/dyad: $(ACLI_OBJ) $(AOBJ) $(WEB_OBJ)
	$(CC) $(ASANFLAGS) -o $@ $^ $(DEPLIBS)

build/asan/unit: tests/unit.c $(AOBJ) $(HDRS)
	$(CC) $(ALLCFLAGS) $(ASANFLAGS) -o $@ tests/unit.c $(AOBJ) $(DEPLIBS)

# The main job on the bundled sample articles: code them (events printed as TSV: document,
# sentence, date, source, target, CAMEO code, mode, PLOVER type, Goldstein, sentence), store
# them in the SQLite database dyad.db (again: nothing changes), and print the Turkey-Greece series;
# `./dyad serve` then shows them in the dashboard.
run: dyad
	./dyad code --format tsv data/samples/
	./dyad ingest --db dyad.db data/samples/
	./dyad series --db dyad.db --dyad TUR,GRC --period day
	@echo "The dashboard of dyad.db: ./dyad serve, then open http://127.0.0.1:8080/"

test: dyad build/asan/dyad build/asan/unit build/.deps-test-ok
	@sh tests/run.sh build/asan/dyad build/asan/unit $(SHARED)

bench: dyad build/.deps-bench-ok
	@sh bench/run.sh ./dyad $(SHARED)

eval: dyad
	@sh scripts/eval.sh ./dyad $(SHARED)

# Rebuild data/gazetteer/ from GeoNames (npm) and ISO 3166 (Debian iso-codes).
gazetteer:
	sh scripts/make-gazetteer

# Retrain the tagger and parser from the UD treebanks in ../shared (deterministic: same files,
# same seed, same models).  About 11 minutes on one core (tagger 28 s, parser 10 min); see docs/nlp.md.
TB       := $(SHARED)/treebanks
TB_TRAIN := $(TB)/UD_English-EWT/en_ewt-ud-train.conllu $(TB)/UD_English-GUM-open/en_gum-open-ud-train.conllu
TB_DEV   := $(TB)/UD_English-EWT/en_ewt-ud-dev.conllu $(TB)/UD_English-GUM-open/en_gum-open-ud-dev.conllu

models: dyad
	@mkdir -p data/models
	./dyad train tagger --train $(TB_TRAIN) --dev $(TB_DEV) --seed 1 --max-mb 8 \
		-o data/models/tagger.bin
	./dyad train parser --train $(TB_TRAIN) --dev $(TB_DEV) --seed 1 --max-mb 15.5 --beam 8 \
		--epochs 20 -o data/models/parser.bin

install: dyad
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dyad
	install -m 755 dyad $(DESTDIR)$(PREFIX)/bin/dyad
	cp -R data/. $(DESTDIR)$(PREFIX)/share/dyad/

clean:
	rm -rf build dyad
