#!/bin/sh
test_description='the build: missing zlib, man pages, install'
. "$(dirname "$0")/test-lib.sh"

# make from inside make check: none of the outer make's flags
unset MAKEFLAGS MAKELEVEL MFLAGS

test_expect_success 'without zlib headers, make says what to install, in one line' '
	test_must_fail make -s -C "$TOP" all CPPFLAGS=-nostdinc 2>err &&
	test_line_count = 1 err &&
	grep "zlib'"'"'s headers are missing: install zlib1g-dev (Debian, Ubuntu)" err
'

test_expect_success 'with them, an up-to-date tree builds silently' '
	make -s -C "$TOP" all >out 2>&1 &&
	test_cmp /dev/null out
'

# All pages side by side, so mandoc can follow their cross-references; a
# reference to a program that does not exist yet, or to a system page this
# machine lacks (syslog(3), say), is the only thing let by.
missing_pages() {
	for p in hbrecv hbsend hbstate hbnotify hbdns hbweb; do
		[ -d "$TOP/$p" ] || echo "$p"
	done
}

if command -v mandoc >/dev/null; then
	mkdir man &&
	for page in $(cd "$TOP" && ls lib/*.5 hb*/*.[158] 2>/dev/null); do
		ln -s "$TOP/$page" man/
	done
	for page in man/*; do
		test_expect_success "$(basename $page) is clean under mandoc -Tlint" "
			(cd man && mandoc -Tlint \$(basename $page)) >lint 2>&1
			missing=\$(missing_pages | paste -sd'|' -)
			grep -v -E \"referenced manual not found: Xr (\$missing) [158]\" lint |
			    grep -v -E \"(not found: Xr |mandoc.db lacks )([^h]|h[^b])\" >left
			test_cmp /dev/null left
		"
	done
else
	test_skip 'man pages under mandoc -Tlint' 'mandoc is not installed (Debian: mandoc)'
fi

test_expect_success 'install puts the man pages under DESTDIR and PREFIX' '
	make -s -C "$TOP" install DESTDIR="$TRASH/root" PREFIX=/usr >out 2>&1 &&
	test -f root/usr/share/man/man5/hb.conf.5 &&
	test -f root/usr/share/man/man5/hb-proto.5
'

test_done
