# test-lib.sh: the shell harness of hb's end-to-end tests, in the manner of
# git's t/test-lib.sh. A test script sets test_description, sources this
# file, calls test_expect_success for each check and ends with test_done.
# It prints TAP, so prove runs the scripts; each runs in its own scratch
# directory, and every program it started is stopped when it exits.

TOP=$(cd "$(dirname "$0")/.." && pwd) || exit 1
HB_BUILD=${HB_BUILD:-.}
case $HB_BUILD in /*) BUILD=$HB_BUILD ;; *) BUILD=$TOP/$HB_BUILD ;; esac
for p in hbrecv hbsend hbstate hbnotify hbdns hbweb; do
	PATH=$BUILD/$p:$PATH
done
PATH=$BUILD/t/helper:$BUILD/t/bench:$PATH
export PATH TOP BUILD
# Sanitizer builds: any finding ends the program with a non-zero status.
ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1:detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS
unset HB_CONF

# Seconds a wait_for_* helper waits before it gives up.
HB_TEST_TIMEOUT=${HB_TEST_TIMEOUT:-10}

test_count=0
test_failed=0
test_name=$(basename "$0" .sh)
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/hb-$test_name.XXXXXX") || exit 1
test_pids=

# A TERM that comes while a child is still between fork and exec can be
# lost, so what outlives a TERM by two seconds gets a KILL.
test_cleanup_() {
	for pid in $test_pids; do
		kill "$pid" 2>/dev/null
	done
	for pid in $test_pids; do
		HB_TEST_TIMEOUT=2 wait_for_exit "$pid" 2>/dev/null ||
			kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	cd / && rm -rf "$TRASH"
}
trap 'test_cleanup_' EXIT
trap 'exit 130' INT TERM
cd "$TRASH" || exit 1

say_() {
	sed 's/^/# /' "$@"
}

# The body runs in a function of its own, so that "|| return 1" ends the
# body and not the harness.
test_run_() {
	eval "$1"
}

# test_expect_success 'what it checks' 'shell commands'
# The commands run in this shell (so variables carry over between tests);
# their output is shown, as TAP comments on stderr, only when they fail.
test_expect_success() {
	test_count=$((test_count + 1))
	if test_run_ "$2" >"$TRASH/.out" 2>&1 </dev/null; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		# on stderr, which prove shows even when not verbose: CI's log
		# then says why, not only which
		say_ "$TRASH/.out" >&2
	fi
}

# test_skip 'what' 'why': a test that cannot run here, reported as skipped.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # SKIP $1: $2"
}

# skip_all 'why': the whole script cannot run here.
skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

test_done() {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ] || {
		echo "# failed $test_failed of $test_count"
		exit 1
	}
	exit 0
}

# need_browser: skip the whole script unless Debian's chromium, node and
# playwright-core are here; then $BROWSE runs t/helper/browse.js. .ci/run
# installs playwright-core into /opt/hb-playwright; HB_PLAYWRIGHT points
# elsewhere, NODE_PATH may add more, HB_CHROMIUM names another browser.
need_browser() {
	HB_PLAYWRIGHT=${HB_PLAYWRIGHT:-/opt/hb-playwright}
	NODE_PATH=$HB_PLAYWRIGHT/node_modules${NODE_PATH:+:$NODE_PATH}
	HB_CHROMIUM=${HB_CHROMIUM:-/usr/bin/chromium}
	export NODE_PATH HB_CHROMIUM
	[ -x "$HB_CHROMIUM" ] ||
		skip_all "no browser at $HB_CHROMIUM (Debian: chromium)"
	command -v node >/dev/null ||
		skip_all 'node is not installed (Debian: nodejs)'
	node -e 'require("playwright-core")' 2>/dev/null ||
		skip_all "playwright-core is not in $NODE_PATH (npm install --prefix $HB_PLAYWRIGHT playwright-core)"
	BROWSE="node $TOP/t/helper/browse.js"
}

# test_must_fail CMD...: CMD must exit non-zero, but not by a signal (a
# crash is never the failure we wanted) nor because it could not be run.
test_must_fail() {
	"$@"
	code=$?
	if [ $code -eq 0 ]; then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	elif [ $code -gt 128 ]; then
		echo "test_must_fail: '$*' died of signal $((code - 128))" >&2
		return 1
	elif [ $code -eq 126 ] || [ $code -eq 127 ]; then
		echo "test_must_fail: '$*' could not be run ($code)" >&2
		return 1
	fi
	return 0
}

# test_expect_code N CMD...: CMD must exit with status N.
test_expect_code() {
	want=$1
	shift
	"$@"
	code=$?
	[ $code -eq "$want" ] && return 0
	echo "test_expect_code: '$*' exited $code, not $want" >&2
	return 1
}

# test_cmp EXPECTED ACTUAL: the same bytes, or a diff.
test_cmp() {
	diff -u "$1" "$2"
}

# test_line_count OP N FILE: the number of lines of FILE compares so to N.
test_line_count() {
	n=$(wc -l <"$3")
	test "$n" "$1" "$2" || {
		echo "test_line_count: $3 has $n lines, not $1 $2" >&2
		return 1
	}
}

# free_port [udp|tcp]: a port on 127.0.0.1 that nothing listens on now.
free_port() {
	perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
		    LocalPort => 0, Proto => $ARGV[0]) or die "free_port: $!\n";
		print $s->sockport, "\n";' "${1:-udp}"
}

# holds_port_ PID PORT: PID has a socket listening on TCP PORT, as far as
# Linux's /proc tells; true where it cannot tell (no /proc, or a process of
# another user while we lack CAP_SYS_PTRACE).
holds_port_() {
	fds_=$(ls -l "/proc/$1/fd" 2>/dev/null) && [ -r /proc/net/tcp ] || return 0
	for ino_ in $(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
	    awk -v p="$(printf %04X "$2")" '
		{ split($2, a, ":") } a[2] == p && $4 == "0A" { print $10 }'); do
		case $fds_ in *"socket:[$ino_]"*) return 0 ;; esac
	done
	return 1
}

# started_ VAR CHECK sets start_: up when our server holds port $VAR and
# CHECK is true; down when it died, or says it could not bind (named lives
# on, saying "creating IPv4 interface lo failed"); empty while neither.
started_() {
	start_=
	if process_dead "$daemon_pid" || grep -qiE \
	    'address.* in use|interface .* failed' "$daemon_log" 2>/dev/null; then
		start_=down
	elif eval "holds_port_ $daemon_pid \$$1" && eval "$2"; then
		start_=up
	else
		return 1
	fi
}

# start_on_free_port VAR START CHECK [PICK]: a free TCP port into VAR (the
# one PICK prints, else free_port's), and START run, which starts a server
# on port $VAR by start_daemon, until CHECK says it answers. A port free a moment ago can
# be handed to another test's bind(0) and taken by its server, and CHECK may
# then talk to that one: so ours must also hold the socket, and when it dies
# or says that the address is in use, another port is tried, five in all.
# START and CHECK are shell commands, evaluated anew for each port.
start_on_free_port() {
	for try_ in 1 2 3 4 5; do
		eval "$1=\$(${4:-free_port tcp})" && eval "$2" || return 1
		poll_ started_ "$1" "$3"
		case $start_ in
		up) return 0 ;;
		'') echo "start_on_free_port: '$3' not true in ${HB_TEST_TIMEOUT}s" >&2
			break ;;
		esac
		kill "$daemon_pid" 2>/dev/null
		poll_ process_dead "$daemon_pid"
	done
	echo "start_on_free_port: '$2' failed; its output:" >&2
	cat "$daemon_log" >&2
	return 1
}

# start_daemon CMD...: run CMD in the background until the script ends;
# its pid is in $daemon_pid, its output in the file $daemon_log.
daemon_count=0
start_daemon() {
	daemon_count=$((daemon_count + 1))
	daemon_log=$TRASH/daemon$daemon_count.log
	"$@" >"$daemon_log" 2>&1 </dev/null &
	daemon_pid=$!
	test_pids="$test_pids $daemon_pid"
}

# poll_ CMD...: true as soon as CMD is, false after HB_TEST_TIMEOUT seconds.
poll_() {
	deadline=$(($(date +%s) + HB_TEST_TIMEOUT))
	while ! "$@"; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			return 1
		fi
		sleep 0.02
	done
}

# wait_for_file FILE: until FILE exists and is not empty.
wait_for_file() {
	poll_ test -s "$1" || {
		echo "wait_for_file: $1 did not appear in ${HB_TEST_TIMEOUT}s" >&2
		return 1
	}
}

# wait_for_line FILE REGEX: until a line of FILE matches the extended REGEX.
wait_for_line() {
	poll_ grep -Eq -- "$2" "$1" 2>/dev/null || {
		echo "wait_for_line: no line matching '$2' in $1 within ${HB_TEST_TIMEOUT}s" >&2
		return 1
	}
}

# wait_for_exit PID: until the process is gone.
wait_for_exit() {
	poll_ eval "! kill -0 $1 2>/dev/null" || {
		echo "wait_for_exit: $1 still runs after ${HB_TEST_TIMEOUT}s" >&2
		return 1
	}
}

# process_dead PID: gone, or a zombie (its files are closed, not yet reaped).
process_dead() {
	case $(ps -o stat= -p "$1") in
	''|Z*) return 0 ;;
	esac
	return 1
}

# stop_daemon PID: TERM until it is gone. A TERM that lands between fork
# and exec is lost, so one that is sent just after a start may be.
stop_daemon() {
	poll_ eval "kill $1 2>/dev/null; sleep 0.05; ! kill -0 $1 2>/dev/null" || {
		echo "stop_daemon: $1 still runs after ${HB_TEST_TIMEOUT}s" >&2
		return 1
	}
}
