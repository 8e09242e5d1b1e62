#!/bin/sh
# state-eval.sh: how long hbstate takes to evaluate once (its cron mode)
# over many hosts, next to the time it takes only to read their files.
# The target: a run with nothing new over 100000 hosts with 20 thresholded
# metrics each, the files warm in the page cache, in under 2 s.
#
# t/bench/mkhosts writes BENCH_HOSTS host files (default 100000) as hbrecv
# writes them, about 1.7 KB each: five plugins (cpu, memory, disk,
# network, nagios_runner) with thresholded and unthresholded fields, and
# BENCH_ALERT percent of the hosts (default 5) with one to three values
# over a warning or a critical level. The configuration has 20 threshold
# directives; they judge 21 values a host (the nagios directive covers
# check_disk_root and check_load by generic matching), and every field of
# the five plugins is looked up among them. "grace 1h" keeps the hosts UP
# however long the runs take, as a receiver that refreshes them would.
#
# Then, one after the other on the same files, warm in the page cache:
#   floor: cat          find ... -exec cat {} + >/dev/null: the floor of
#                       only reading the files. cat sets a buffer up for
#                       each file (an mmap and a munmap), so it pays more
#                       for each file than it needs to:
#   floor: perl read    the same files opened, read and closed by a perl
#                       loop with one buffer: a tighter floor
#   first run           hbstate -c CONF -s STATEDIR >/dev/null, with no
#                       alerts.json yet: every host is NEW, so it writes an
#                       UP event for each, and the alerts
#   warm run 1, 2, 3    the same again: nothing is new and no event is
#                       written, but alerts.json (all hosts and alerts) is
#                       read and written again. The steady state of hbstate
#                       from cron: the figure the target is about
#   --json, status      the questions, to /dev/null: they read the same
#                       files and alerts.json, and write nothing
# seconds: wall time by the monotonic clock; x cat: that over the cat
# floor; cpu: user + system seconds; peak RSS: with GNU time only (else
# -); events: the lines the run added to STATEDIR/events.
#
# Run from the top of the repository: sh t/bench/state-eval.sh, or make
# bench. HB_BUILD names the build directory (default .); nothing passes or
# fails here, the figures are for a person to read. The host files take
# some 4 KB of disk each (400 MB for 100000) in TMPDIR (default /tmp).
# Where the time goes: make a state directory with t/bench/mkhosts, run
# hbstate on it once, then perf record --call-graph dwarf hbstate/hbstate
# -c CONF -s STATEDIR and perf report --stdio --children.

cd "$(dirname "$0")/../.." || exit 1
HB_BUILD=${HB_BUILD:-.}
HOSTS=${BENCH_HOSTS:-100000}
ALERT=${BENCH_ALERT:-5}
MKHOSTS=$HB_BUILD/t/bench/mkhosts
HBSTATE=$HB_BUILD/hbstate/hbstate

for p in "$MKHOSTS" "$HBSTATE"; do
	[ -x "$p" ] || {
		echo "state-eval: $p is not built: run make bench" >&2
		exit 1
	}
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hb-state-eval.XXXXXX") || exit 1
STATE=$TMP/state
CONF=$TMP/hb.conf

# Everything runs in the foreground and ends by itself: only the files go.
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT PIPE TERM

die() {
	echo "state-eval: $*" >&2
	exit 1
}

# GNU time gives the peak RSS of what it runs; without it there is none.
GNU_TIME=
/usr/bin/time -f %M -o /dev/null true 2>/dev/null && GNU_TIME=/usr/bin/time

# timed NAME CMD...: run CMD; "SECONDS USER SYS" into $TMP/NAME.t: wall
# time by the monotonic clock, CPU time of CMD and its children. False
# when CMD fails.
timed() {
	name=$1
	shift
	perl -MTime::HiRes=clock_gettime,CLOCK_MONOTONIC -e '
		my $out = shift;
		my $t0 = clock_gettime(CLOCK_MONOTONIC);
		my $rc = system { $ARGV[0] } @ARGV;
		my $secs = clock_gettime(CLOCK_MONOTONIC) - $t0;
		my ($cuser, $csys) = (times)[2, 3];
		open(my $f, ">", $out) or die "$out: $!\n";
		printf $f "%.6f %.2f %.2f\n", $secs, $cuser, $csys;
		exit($rc == 0 ? 0 : 1);' "$TMP/$name.t" "$@"
}

# word N NAME: the Nth word of $TMP/NAME.t.
word() {
	awk -v n="$1" '{ print $n }' "$TMP/$2.t"
}

# events: the lines of the events log.
events() {
	if [ -f "$STATE/events" ]; then
		wc -l <"$STATE/events" | tr -d ' '
	else
		echo 0
	fi
}

# row LABEL NAME [EVENTS]: one line of figures for the run NAME.
row() {
	rss=-
	[ -s "$TMP/$2.rss" ] &&
		rss=$(awk '{ printf "%.0f MB", $1 / 1024 }' "$TMP/$2.rss")
	printf '  %-26s %7.2f %7.2f %6.2f+%-5.2f %8s %8s\n' "$1" \
	    "$(word 1 "$2")" "$(awk "BEGIN { print $(word 1 "$2") / $floor }")" \
	    "$(word 2 "$2")" "$(word 3 "$2")" "$rss" "${3:--}"
}

# hbstate_run NAME ARGS...: a run of hbstate on the state directory, its
# standard output to /dev/null; sets added, the events it wrote.
hbstate_run() {
	name=$1
	shift
	before=$(events)
	rm -f "$TMP/$name.rss"
	set -- "$HBSTATE" -c "$CONF" -s "$STATE" "$@"
	# with GNU time around it, the peak RSS in KB into $TMP/NAME.rss
	[ -n "$GNU_TIME" ] && set -- "$GNU_TIME" -f %M -o "$TMP/$name.rss" "$@"
	timed "$name" "$@" >/dev/null 2>"$TMP/hbstate.err" || {
		cat "$TMP/hbstate.err" >&2
		die "$name: hbstate failed"
	}
	# a complaint about a host file would make the figures meaningless
	[ -s "$TMP/hbstate.err" ] && sed 's/^/  hbstate said: /' "$TMP/hbstate.err"
	added=$(($(events) - before))
}

# The levels the values of mkhosts cross (see crossing[] in mkhosts.c).
cat >"$CONF" <<EOF
grace 1h
threshold cpu_monitor.cpu_percent > warning 80 critical 90
threshold cpu_monitor.load_1min > warning 8 critical 16
threshold cpu_monitor.load_5min > warning 6 critical 12
threshold cpu_monitor.load_15min > warning 4 critical 8
threshold cpu_monitor.iowait_percent > warning 20 critical 40
threshold cpu_monitor.procs_blocked > warning 5 critical 20
threshold memory_monitor.percent > warning 85 critical 95
threshold memory_monitor.available_mb < warning 1024 critical 256
threshold memory_monitor.swap_percent > warning 50 critical 80
threshold disk_monitor.partitions./.percent > warning 80 critical 90
threshold disk_monitor.partitions./.free_gb < warning 10 critical 5
threshold disk_monitor.partitions./var.percent > warning 85 critical 95
threshold disk_monitor.partitions./var.free_gb < warning 5 critical 2
threshold disk_monitor.partitions./home.percent > warning 90 critical 97
threshold disk_monitor.partitions./home.free_gb < warning 20 critical 10
threshold network_monitor.errors_total > warning 100 critical 1000
threshold network_monitor.dropped_total > warning 100 critical 1000
threshold network_monitor.connections > warning 5000 critical 10000
threshold nagios_runner.status_code nagios display "{check_name}: {output}"
threshold rtt warning 100 critical 500
EOF

"$MKHOSTS" -n "$HOSTS" -a "$ALERT" "$STATE" >"$TMP/mkhosts.out" ||
    die "mkhosts failed"
# "mkhosts: N hosts (A over a level) in S s: B bytes, F a file"
awk '{ gsub(/[():,]/, " "); printf "state-eval: %d hosts, %d of them over a " \
    "level, %d bytes a host file (%.0f MB, written in %s s); 20 thresholds\n",
    $2, $4, $13, $11 / 1e6, $9 }' "$TMP/mkhosts.out"
# the files are in the page cache; written back, they stay there and no
# writeback runs beside the measurements
sync

printf '  %-26s %7s %7s %12s %8s %8s\n' "" seconds "x cat" "cpu usr+sys" \
    "peak RSS" events
timed floor find "$STATE/hosts" -name '*.json' -exec cat {} + >/dev/null ||
    die "cat of the host files failed"
floor=$(word 1 floor)
row "floor: cat" floor
timed floor1 find "$STATE/hosts" -name '*.json' -exec perl -e '
	for (@ARGV) {
		open(my $f, "<", $_) or die "$_: $!\n";
		1 while sysread($f, my $b, 65536);
		close($f);
	}' {} + || die "reading the host files failed"
row "floor: perl read" floor1
hbstate_run first
row "first run (all NEW)" first "$added"
for i in 1 2 3; do
	hbstate_run "warm$i"
	row "warm run $i" "warm$i" "$added"
done
hbstate_run dump --json
row "--json" dump
hbstate_run status status
row "status" status
echo "  events log: $(events) lines, $(wc -c <"$STATE/events" | tr -d ' ')" \
    "bytes; alerts.json: $(wc -c <"$STATE/alerts.json" | tr -d ' ') bytes"
exit 0
