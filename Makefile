# liseuse — build, test, bench, install.
#
# `make` builds ./liseuse; `make run` and `make check` first install what is
# missing (the `deps` target holds the one list of Debian packages).  Every
# C file in src/ is a module; tests/unit/test_*.c are cmocka suites linked
# against all modules but main.c.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/liseuse
MANDIR   = $(PREFIX)/share/man/man1

# The single list of Debian packages the build, the tests, the benchmarks and
# the fuzzers need.  Nothing else is installed by hand.
DEBS = gcc make pkg-config libncurses-dev libunistring-dev libhyphen-dev \
       hyphen-fr hyphen-en-us libmd4c-dev libcmocka-dev tmux python3 par hyperfine \
       valgrind libtsan2 clang libclang-rt-14-dev procps \
       libpcre2-dev libzip-dev libxml2-dev

CC      ?= cc
PKG_NCURSES_CFLAGS := $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags ncursesw 2>/dev/null))
PKG_NCURSES_LIBS   := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
# EPUB and HTML: libzip for the container, libxml2 for the XML and HTML in it.
PKG_BOOK_CFLAGS := $(shell pkg-config --cflags libzip libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
PKG_BOOK_LIBS   := $(shell pkg-config --libs libzip libxml-2.0 2>/dev/null || echo -lzip -lxml2)
WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wmissing-prototypes -Wstrict-prototypes
ifdef CI
WARN   += -Werror
endif
OPT     ?= -O2 -g
CFLAGS  ?= $(OPT)
ALL_CFLAGS = -std=c11 -pthread -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
	-DLISEUSE_DATADIR='"$(DATADIR)"' -Iinclude $(PKG_NCURSES_CFLAGS) $(PKG_BOOK_CFLAGS) $(WARN) $(CFLAGS)
LIBS    = $(PKG_NCURSES_LIBS) -lunistring -lhyphen -lmd4c -lpcre2-8 $(PKG_BOOK_LIBS) -pthread

SRCS    = $(wildcard src/*.c)
OBJS    = $(SRCS:src/%.c=build/%.o)
LIBOBJS = $(filter-out build/main.o,$(OBJS))
UNITS   = $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))

# Sanitizer build of the same modules and unit tests.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_LIBOBJS = $(LIBOBJS:build/%.o=build/san/%.o)
SAN_UNITS = $(UNITS:build/tests/%=build/san/tests/%)

# ThreadSanitizer build: it cannot share objects with ASan, so its own, of
# the unit tests and of the binary (whose --dump lays out on every core).
TSAN_FLAGS = -O1 -g -fsanitize=thread -fno-omit-frame-pointer
TSAN_OBJS = $(OBJS:build/%.o=build/tsan/%.o)
TSAN_LIBOBJS = $(LIBOBJS:build/%.o=build/tsan/%.o)
TSAN_UNITS = $(UNITS:build/tests/%=build/tsan/tests/%)

.PHONY: all deps run check test-programs valgrind tsan bench fuzz install uninstall clean format

all: liseuse

liseuse: $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LIBS)

build/%.o: src/%.c $(wildcard include/*.h) | build
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/san/%.o: src/%.c $(wildcard include/*.h) | build
	@mkdir -p build/san
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

build/tests/%: tests/unit/%.c $(LIBOBJS) tests/unit/unit.h | build
	@mkdir -p build/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIBOBJS) $(LIBS) -lcmocka

build/san/tests/%: tests/unit/%.c $(SAN_LIBOBJS) tests/unit/unit.h | build
	@mkdir -p build/san/tests
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Itests/unit -o $@ $< $(SAN_LIBOBJS) $(LIBS) -lcmocka

build/tsan/%.o: src/%.c $(wildcard include/*.h) | build
	@mkdir -p build/tsan
	$(CC) $(ALL_CFLAGS) $(TSAN_FLAGS) -c -o $@ $<

build/tsan/tests/%: tests/unit/%.c $(TSAN_LIBOBJS) tests/unit/unit.h | build
	@mkdir -p build/tsan/tests
	$(CC) $(ALL_CFLAGS) $(TSAN_FLAGS) -Itests/unit -o $@ $< $(TSAN_LIBOBJS) $(LIBS) -lcmocka

build/tsan/liseuse: $(TSAN_OBJS)
	$(CC) $(ALL_CFLAGS) $(TSAN_FLAGS) -o $@ $(TSAN_OBJS) $(LIBS)

build:
	@mkdir -p build

# Keep the sanitized objects: they are not the goal of any rule, and make
# would otherwise delete them and rebuild them all after any change.
.SECONDARY: $(SAN_LIBOBJS) $(TSAN_OBJS)

# Install the missing Debian packages: with apt-get as root, through sudo
# otherwise, and if neither can work, print the exact command.
deps:
	@missing=$$(for p in $(DEBS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "liseuse: installing: $$missing"; \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		elif command -v sudo >/dev/null 2>&1; then \
			sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "liseuse: please run: apt-get install $$missing" >&2; exit 1; \
		fi; \
	fi

run: deps
	@$(MAKE) --no-print-directory liseuse
	./liseuse

# Every test: unit suites (plain and sanitized), golden outputs, corpus
# properties and tmux screen scenarios.  Ends with "N passed, N failed".
check: deps
	@$(MAKE) --no-print-directory test-programs
	@tests/run

test-programs: liseuse $(UNITS) $(SAN_UNITS) $(TSAN_UNITS) build/tsan/liseuse

# The memcheck and ThreadSanitizer parts of `make check`, alone.
valgrind: deps
	@$(MAKE) --no-print-directory liseuse
	@tests/valgrind/run

tsan: deps
	@$(MAKE) --no-print-directory $(TSAN_UNITS) build/tsan/liseuse
	@for t in $(TSAN_UNITS); do CMOCKA_MESSAGE_OUTPUT=TAP $$t || exit 1; done
	@tests/tsan/run

bench: deps
	@$(MAKE) --no-print-directory liseuse
	@tests/bench/run

fuzz: deps
	@tests/fuzz/run

# The installed binary finds the article in $(DATADIR), which is compiled
# into main.c: ./liseuse may have been built for another PREFIX (objects do
# not depend on it), so main.c is compiled again for this one, into files
# named after the shell's pid so that two installs at once never mix.
# DESTDIR is only where the files are staged, never compiled in.
install: liseuse
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(DATADIR)" "$(DESTDIR)$(MANDIR)"
	t=build/install.$$$$; trap 'rm -f $$t $$t.o' EXIT; set -e; \
	$(CC) $(ALL_CFLAGS) -c -o $$t.o src/main.c; \
	$(CC) $(ALL_CFLAGS) -o $$t $(LIBOBJS) $$t.o $(LIBS); \
	install -m 755 $$t "$(DESTDIR)$(BINDIR)/liseuse"
	install -m 644 assets/article.txt "$(DESTDIR)$(DATADIR)/article.txt"
	install -m 644 assets/liseuse.1 "$(DESTDIR)$(MANDIR)/liseuse.1"

# Removes what install put there, and the data directory if it is now empty.
uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/liseuse" "$(DESTDIR)$(DATADIR)/article.txt" \
		"$(DESTDIR)$(MANDIR)/liseuse.1"
	rmdir "$(DESTDIR)$(DATADIR)" 2>/dev/null || :

format:
	clang-format -i src/*.c include/*.h tests/unit/*.c tests/unit/*.h

clean:
	rm -rf build liseuse tests/out
