# hb: heartbeat monitoring as small C programs. See README.
#
# make                 build every program that exists, and lib/libhb.a
# make check           build, then run every test with prove
# make check SAN=1     the same under AddressSanitizer and UBSan (built in t/san/)
# make fuzz            run each fuzz target for FUZZ_SECONDS (libFuzzer, clang)
# make bench           run the benchmarks in t/bench/ and print their figures
# make install         PREFIX, DESTDIR, MANPREFIX

PREFIX    = /usr/local
MANPREFIX = $(PREFIX)/share/man
CC        = cc
CFLAGS    = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -O2 -g
LDFLAGS   =
LDLIBS    = -lz -lm
PROVE     = prove -j2
FUZZCC    = clang
FUZZ_SECONDS = 60

ALLPROGS  = hbrecv hbsend hbstate hbnotify hbdns hbweb
PROGS     = $(foreach p,$(ALLPROGS),$(if $(wildcard $(p)/$(p).c),$(p)))

# The sanitizer build lives apart, so it never mixes with the normal objects.
ifeq ($(SAN),1)
B         = t/san
SANFLAGS  = -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=all
# Huge requests must fail like malloc does, not abort: buf tests them.
export ASAN_OPTIONS = allocator_may_return_null=1:detect_leaks=1
export UBSAN_OPTIONS = halt_on_error=1:print_stacktrace=1
else
B         = .
endif

HB_CPPFLAGS = -Ilib -MMD -MP

# One clear line instead of a page of compiler errors.
ifeq ($(filter clean,$(MAKECMDGOALS)),)
ZLIB_H := $(shell printf '\043include <zlib.h>\n' | $(CC) $(CPPFLAGS) -E -x c - >/dev/null 2>&1 && echo found)
ifneq ($(ZLIB_H),found)
$(error zlib's headers are missing: install zlib1g-dev (Debian, Ubuntu) or zlib-devel (Fedora))
endif
endif

LIBSRC    = $(wildcard lib/*.c)
LIBOBJ    = $(LIBSRC:%.c=$(B)/%.o)
LIBA      = $(B)/lib/libhb.a
UNITSRC   = $(filter-out t/unit/tap.c,$(wildcard t/unit/*.c))
UNITBIN   = $(UNITSRC:%.c=$(B)/%)
HELPSRC   = $(wildcard t/helper/*.c)
HELPBIN   = $(HELPSRC:%.c=$(B)/%)
BENCHSRC  = $(wildcard t/bench/*.c)
BENCHBIN  = $(BENCHSRC:%.c=$(B)/%)
BINS      = $(foreach p,$(PROGS),$(B)/$(p)/$(p))
FUZZSRC   = $(wildcard t/fuzz/*.c)
FUZZOUT   = t/fuzz/out

all: $(BINS) $(LIBA)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HB_CPPFLAGS) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -c -o $@ $<

$(LIBA): $(LIBOBJ)
	rm -f $@
	$(AR) rc $@ $(LIBOBJ)

# hbweb's dashboards: hbweb/www/ built into the binary (hbweb/embed.sh).
WWW       = $(sort $(wildcard hbweb/www/*))
EXTRA_hbweb = $(B)/hbweb/gen/assets.o

$(B)/hbweb/gen/assets.c: $(WWW) hbweb/embed.sh
	@mkdir -p $(@D)
	sh hbweb/embed.sh $(WWW) >$@.tmp && mv $@.tmp $@

$(B)/hbweb/gen/assets.o: $(B)/hbweb/gen/assets.c hbweb/hbweb.h
	$(CC) -Ihbweb $(HB_CPPFLAGS) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -c -o $@ $<

define prog_rule
$(B)/$(1)/$(1): $(patsubst %.c,$(B)/%.o,$(wildcard $(1)/*.c)) $(EXTRA_$(1)) $(LIBA)
	$$(CC) $$(LDFLAGS) $$(SANFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach p,$(PROGS),$(eval $(call prog_rule,$(p))))

$(B)/t/unit/%: $(B)/t/unit/%.o $(B)/t/unit/tap.o $(LIBA)
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(LDLIBS)

# t/unit/PROG-what.c tests, and t/bench/PROG-what.c measures, the insides
# of a program: linked with its objects but main.
define unit_prog_rule
$(B)/t/unit/$(1)-%: $(B)/t/unit/$(1)-%.o $(B)/t/unit/tap.o \
    $(filter-out $(B)/$(1)/$(1).o,$(patsubst %.c,$(B)/%.o,$(wildcard $(1)/*.c))) \
    $(EXTRA_$(1)) $(LIBA)
	$$(CC) $$(LDFLAGS) $$(SANFLAGS) -o $$@ $$^ $$(LDLIBS)
$(B)/t/bench/$(1)-%: $(B)/t/bench/$(1)-%.o \
    $(filter-out $(B)/$(1)/$(1).o,$(patsubst %.c,$(B)/%.o,$(wildcard $(1)/*.c))) \
    $(EXTRA_$(1)) $(LIBA)
	$$(CC) $$(LDFLAGS) $$(SANFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach p,$(PROGS),$(eval $(call unit_prog_rule,$(p))))

$(B)/t/helper/%: $(B)/t/helper/%.o $(LIBA)
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(LDLIBS)

$(B)/t/bench/%: $(B)/t/bench/%.o $(LIBA)
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(LDLIBS)

check: all $(UNITBIN) $(HELPBIN) $(BENCHBIN)
	HB_BUILD=$(B) $(PROVE) $(UNITBIN) $(sort $(wildcard t/t[0-9]*.sh))

# Benchmarks print figures; they pass or fail nothing.
bench: all $(BENCHBIN)
	@for s in $(filter-out t/bench/bench-lib.sh,$(wildcard t/bench/*.sh)); do \
		HB_BUILD=$(B) sh $$s || exit 1; \
	done

# Fuzz targets link a libFuzzer build of lib/ of their own.
FUZZFLAGS = -g -O1 -fsanitize=fuzzer-no-link,address,undefined -std=c11 \
            -D_POSIX_C_SOURCE=200809L -Ilib
FUZZLIBOBJ = $(LIBSRC:%.c=$(FUZZOUT)/%.o)
FUZZBIN   = $(FUZZSRC:t/fuzz/%.c=$(FUZZOUT)/%)

$(FUZZOUT)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(FUZZCC) $(FUZZFLAGS) -c -o $@ $<

$(FUZZOUT)/%: t/fuzz/%.c $(FUZZLIBOBJ)
	$(FUZZCC) $(FUZZFLAGS) -fsanitize=fuzzer -o $@ $^ -lz -lm

fuzz: $(FUZZBIN)
	@for f in $(FUZZBIN); do \
		n=$${f##*/}; mkdir -p $(FUZZOUT)/corpus-$$n; \
		echo "fuzz $$n for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		    -artifact_prefix=$(FUZZOUT)/$$n- \
		    $(FUZZOUT)/corpus-$$n t/fuzz/seeds/$$n || exit 1; \
	done

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/sbin
	mkdir -p $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5 \
	    $(DESTDIR)$(MANPREFIX)/man8
	for p in $(PROGS); do \
		if [ -f $$p/$$p.8 ]; then d=sbin; s=8; else d=bin; s=1; fi; \
		cp -f $$p/$$p $(DESTDIR)$(PREFIX)/$$d/ && \
		chmod 755 $(DESTDIR)$(PREFIX)/$$d/$$p && \
		cp -f $$p/$$p.$$s $(DESTDIR)$(MANPREFIX)/man$$s/ || exit 1; \
	done
	cp -f lib/*.5 $(DESTDIR)$(MANPREFIX)/man5/

demo: all
	@HB_BUILD=$(B) sh t/demo.sh

clean:
	rm -f lib/*.o lib/*.d lib/libhb.a t/*/*.o t/*/*.d
	rm -f $(UNITSRC:%.c=%) $(HELPSRC:%.c=%) $(BENCHSRC:%.c=%)
	for p in $(ALLPROGS); do rm -f $$p/*.o $$p/*.d $$p/$$p; done
	rm -rf hbweb/gen
	rm -rf t/san $(FUZZOUT)/lib $(FUZZSRC:t/fuzz/%.c=$(FUZZOUT)/%)

.PHONY: all check bench fuzz install demo clean
.PRECIOUS: $(B)/%.o $(FUZZOUT)/lib/%.o

-include $(wildcard $(B)/lib/*.d $(B)/t/*/*.d $(foreach p,$(PROGS),$(B)/$(p)/*.d))
