#!/bin/sh
# state-follow.sh: whether hbstate -f - keeps up with hbrecv when it judges
# hbrecv's stream as it comes (hbrecv -o - | hbstate -f -): the datagrams
# hbrecv takes in with hbstate behind it, next to hbrecv alone; the events
# hbstate writes a second; how long after the last datagram it is done;
# and how fast hbstate judges the same messages when nothing else runs.
#
# Each run sends BENCH_N datagrams (default 200000) with t/bench/loadgen
# from BENCH_HOSTS host names (default 1000): heartbeats, and BENCH_PLG
# percent (default 30) cpu_monitor samples of about BENCH_SIZE bytes of
# JSON (default 400, the size of a real plugin's sample; some 20 fields,
# each a value from 0.0 to 99.9, and every field is looked up among the
# thresholds; BENCH_SIZE=1024 is recv-rate.sh's plg-1k). loadgen spreads
# the samples evenly over the datagrams, so with 1000 hosts they come
# from 300 of them. The configuration has one threshold,
# cpu_monitor.cpu_percent > warning 90, which 9.9% of the samples cross:
# a crossing from OK is a WARNING event, a value of 88.2 or less after it
# (the 2% hysteresis) a RECOVERED event, so some 18% of the samples make
# an event; and every host's first message makes an UP event.
#
# The loads: at full speed; paced (loadgen -r) at BENCH_RATE datagrams a
# second (default 200000, a little below the rate of heartbeats that
# recv-rate.sh finds hbrecv takes whole); paced again from BENCH_MANY hosts (default 100000), so that
# hbstate's sweep of the deadlines, once a second, has many hosts to go
# through. Each load goes three times to a fresh receiver with a fresh
# state directory:
#   hbrecv alone            hbrecv -l 127.0.0.1:PORT -s STATEDIR, as
#                           recv-rate.sh runs it
#   hbrecv -o - | cat       its stream read by cat into /dev/null: what
#                           writing the stream into a pipe costs hbrecv
#   hbrecv -o - | hbstate   its stream read by hbstate -j -f -, through a
#                           named pipe (a pipe, as with |, but both pids
#                           are known), the events into a file
# sent/s: loadgen's rate; accepted/s: what hbrecv took, over loadgen's
# send time; loss: sent - accepted. hbrecv writes the stream before it
# reads its socket again, so a reader that falls behind holds it up and
# the kernel drops what the socket cannot hold: loss. For hbstate:
#   events      the lines it printed (the marker's left out), and events /
#               (send time + lag): from the first datagram until it was done
#   lag         from the end of loadgen until hbstate's event for a MSG
#               "bench-end" sent after the load: hbrecv reads its socket
#               in order and hbstate its stream, so by then hbstate has
#               judged every datagram hbrecv took. The marker goes again
#               every 50 ms until its event shows, as a full socket drops
#               it: the lag is good to a few ms, or to 50 ms after a drop.
#   cpu         hbstate's user + system time (/proc/PID/stat), and the
#               share of one core it is of send time + lag
# Last, hbstate -j -f - <journal: the journal that hbrecv alone wrote,
# judged by hbstate with the machine to itself and as fast as it reads
# (wall time by the monotonic clock): how many lines a second hbstate
# manages, next to the rate at which hbrecv accepts them.
#
# Run from the top of the repository: sh t/bench/state-follow.sh, or make
# bench. HB_BUILD names the build directory (default .); nothing passes or
# fails here, the figures are for a person to read. loadgen, hbrecv (three
# processes) and hbstate share the machine's cores: with few cores they
# take time from each other, and the pipe's figures tell that too. Compare
# runs made on the same machine at the same time.

cd "$(dirname "$0")/../.." || exit 1
HB_BUILD=${HB_BUILD:-.}
N=${BENCH_N:-200000}
HOSTS=${BENCH_HOSTS:-1000}
MANY=${BENCH_MANY:-100000}
PLG=${BENCH_PLG:-30}
SIZE=${BENCH_SIZE:-400}
RATE=${BENCH_RATE:-200000}
WAIT=${BENCH_WAIT:-120}		# seconds to wait for the marker's event
LOADGEN=$HB_BUILD/t/bench/loadgen
HBRECV=$HB_BUILD/hbrecv/hbrecv
HBSTATE=$HB_BUILD/hbstate/hbstate

for p in "$LOADGEN" "$HBRECV" "$HBSTATE"; do
	[ -x "$p" ] || {
		echo "state-follow: $p is not built: run make bench" >&2
		exit 1
	}
done

NAME=state-follow
. t/bench/bench-lib.sh
CONF=$TMP/hb.conf

# calc EXPR: awk arithmetic, with six decimals.
calc() {
	awk "BEGIN { printf \"%.6f\", $1 }"
}

# stat_num DIR KEY: a number of DIR/hbrecv.stats (a JSON object), no jq needed.
stat_num() {
	sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p" \
	    "$1/hbrecv.stats" 2>/dev/null | head -n 1
}

# rx_queue PORT: the bytes waiting in the socket of 127.0.0.1:PORT (Linux), or "".
rx_queue() {
	[ -r /proc/net/udp ] || return 0
	awk -v p="$(printf ':%04X' "$1")" \
	    '$2 ~ p "$" { split($5, q, ":"); print q[2] }' /proc/net/udp
}

# settle DIR PORT: until hbrecv has read its socket empty and its count
# has stood still for 1.5 s (at most 20 s).
settle() {
	last='' same=0 polls=0
	while [ $same -lt 6 ] && [ $polls -lt 80 ]; do
		sleep 0.25
		now="$(stat_num "$1" accepted)/$(rx_queue "$2")"
		if [ "$now" = "$last" ]; then
			same=$((same + 1))
		else
			same=0
			last=$now
		fi
		polls=$((polls + 1))
	done
}

# cpu_secs PID: the user + system seconds of PID so far (Linux), or "".
cpu_secs() {
	[ -r "/proc/$1/stat" ] || return 0
	sed 's/.*) //' "/proc/$1/stat" |
	    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($12 + $13) / hz }'
}

# start_hbrecv DIR PORT OUT ARGS...: a receiver on 127.0.0.1:PORT, its
# standard output to OUT, its pid in rpid, once it has written its first
# stats (it is listening then).
start_hbrecv() {
	dir=$1 port=$2 out=$3
	shift 3
	"$HBRECV" -c "$CONF" -l "127.0.0.1:$port" -s "$dir" "$@" \
	    >"$out" 2>"$TMP/hbrecv.err" &
	rpid=$!
	started $rpid
	poll_ 100 test -f "$dir/hbrecv.stats" || {
		cat "$TMP/hbrecv.err" >&2
		die "hbrecv wrote no $dir/hbrecv.stats within 10 s"
	}
}

# stop_hbrecv DIR: SIGTERM, and its last count in accepted. At exit it
# writes the files of the hosts that changed since its last second: with
# many hosts, that takes a while.
stop_hbrecv() {
	kill -TERM $rpid
	wait_exit $rpid 120 || {
		cat "$TMP/hbrecv.err" >&2
		echo "state-follow: hbrecv did not exit cleanly on SIGTERM" >&2
	}
	accepted=$(stat_num "$1" accepted)
	[ -n "$accepted" ] || die "no \"accepted\" in $1/hbrecv.stats"
}

# loadgen PORT RATE HOSTS: send the load; its send time in secs.
loadgen() {
	"$LOADGEN" -n "$N" -h "$3" -r "$2" -p "$PLG" -s "$SIZE" "127.0.0.1:$1" \
	    >"$TMP/loadgen.out" 2>"$TMP/loadgen.err" || {
		cat "$TMP/loadgen.err" >&2
		die "loadgen failed"
	}
	secs=$(awk '{ print $4 }' "$TMP/loadgen.out")
}

# alone RATE HOSTS [cat]: the load to hbrecv alone, or with cat reading
# its stream; sets secs, accepted. Alone, its journal is kept for replay.
alone() {
	dir=$(mktemp -d "$TMP/state.XXXXXX") || exit 1
	port=$(free_port) || die "no free port"
	if [ "$3" = cat ]; then
		rm -f "$TMP/pipe"
		mkfifo "$TMP/pipe" || die "mkfifo $TMP/pipe failed"
		cat <"$TMP/pipe" >/dev/null &
		cpid=$!
		started $cpid
		start_hbrecv "$dir" "$port" "$TMP/pipe" -o -
	else
		start_hbrecv "$dir" "$port" /dev/null
	fi
	loadgen "$port" "$1" "$2"
	settle "$dir" "$port"
	stop_hbrecv "$dir"
	if [ "$3" = cat ]; then
		wait_exit "$cpid" 10
	else
		# the journal, oldest file first, for the replay
		for i in 10 9 8 7 6 5 4 3 2 1 ''; do
			f=$dir/messages.journal${i:+.$i}
			[ -f "$f" ] && cat "$f"
		done >"$TMP/replay.journal"
	fi
	rm -rf "$dir"
}

# replay: hbstate -j -f - on the journal of hbrecv alone, read as fast as
# it goes; sets rsecs (monotonic clock), rlines, revents, rcpu.
replay() {
	dir=$(mktemp -d "$TMP/state.XXXXXX") || exit 1
	perl -MTime::HiRes=clock_gettime,CLOCK_MONOTONIC -e '
		my $out = shift;
		my $t0 = clock_gettime(CLOCK_MONOTONIC);
		my $rc = system { $ARGV[0] } @ARGV;
		my $secs = clock_gettime(CLOCK_MONOTONIC) - $t0;
		my ($cuser, $csys) = (times)[2, 3];
		open(my $f, ">", $out) or die "$out: $!\n";
		printf $f "%.6f %.2f\n", $secs, $cuser + $csys;
		exit($rc == 0 ? 0 : 1);' "$TMP/replay.t" \
	    "$HBSTATE" -j -c "$CONF" -s "$dir" -f - <"$TMP/replay.journal" \
	    >"$TMP/replay.out" 2>"$TMP/hbstate.err" || {
		cat "$TMP/hbstate.err" >&2
		die "hbstate -f - on the journal failed"
	}
	rsecs=$(awk '{ print $1 }' "$TMP/replay.t")
	rcpu=$(awk '{ print $2 }' "$TMP/replay.t")
	rlines=$(wc -l <"$TMP/replay.journal" | tr -d ' ')
	revents=$(wc -l <"$TMP/replay.out" | tr -d ' ')
	rm -rf "$dir" "$TMP/replay.journal" "$TMP/replay.out"
}

# drive PORT EVENTS LOADGEN...: run loadgen, then send the marker every
# 50 ms until EVENTS shows it; "LAG-SECONDS MARKERS-SENT" (lag -1: no
# marker within WAIT seconds) into $TMP/drive.out, loadgen's own line into
# $TMP/loadgen.out.
drive() {
	port=$1 evfile=$2
	shift 2
	perl -MIO::Socket::INET -MTime::HiRes=clock_gettime,CLOCK_MONOTONIC,sleep -e '
		my ($port, $events, $wait, $out) = splice(@ARGV, 0, 4);
		my $rc = system { $ARGV[0] } @ARGV;
		my $end = clock_gettime(CLOCK_MONOTONIC);
		exit 1 if $rc != 0;
		my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $port,
		    Proto => "udp") or die "socket: $!\n";
		open(my $ev, "<", $events) or die "$events: $!\n";
		my ($tail, $k, $next, $lag) = ("", 0, 0, -1);
		for (;;) {
			my $now = clock_gettime(CLOCK_MONOTONIC);
			if ($now >= $next) {
				$k++;
				$s->send("{\"ID\":\"MSG\",\"name\":\"bench-marker\"," .
				    "\"text\":\"bench-end $k\"}");
				$next = $now + 0.05;
			}
			while (sysread($ev, my $chunk, 1 << 20)) {
				$tail .= $chunk;
			}
			if (index($tail, "bench-end") >= 0) {
				$lag = clock_gettime(CLOCK_MONOTONIC) - $end;
				last;
			}
			# the rest of a line cut in two is still found
			$tail = substr($tail, -64);
			last if $now - $end > $wait;
			sleep(0.002);
		}
		open(my $o, ">", $out) or die "$out: $!\n";
		printf $o "%.6f %d\n", $lag, $k;' \
	    "$port" "$evfile" "$WAIT" "$TMP/drive.out" "$@" >"$TMP/loadgen.out" \
	    2>"$TMP/loadgen.err" || {
		cat "$TMP/loadgen.err" >&2
		die "loadgen, or the sending of the marker, failed"
	}
}

# piped RATE HOSTS: the load to hbrecv -o - | hbstate -j -f -; sets secs,
# accepted, events, lag, cpu.
piped() {
	dir=$(mktemp -d "$TMP/state.XXXXXX") || exit 1
	port=$(free_port) || die "no free port"
	rm -f "$TMP/pipe" "$TMP/events.out"
	mkfifo "$TMP/pipe" || die "mkfifo $TMP/pipe failed"
	: >"$TMP/events.out"
	"$HBSTATE" -j -c "$CONF" -s "$dir" -f - <"$TMP/pipe" \
	    >"$TMP/events.out" 2>"$TMP/hbstate.err" &
	spid=$!
	started $spid
	start_hbrecv "$dir" "$port" "$TMP/pipe" -o -
	drive "$port" "$TMP/events.out" "$LOADGEN" -n "$N" -h "$2" -r "$1" \
	    -p "$PLG" -s "$SIZE" "127.0.0.1:$port"
	secs=$(awk '{ print $4 }' "$TMP/loadgen.out")
	lag=$(awk '{ print $1 }' "$TMP/drive.out")
	cpu=$(cpu_secs $spid)
	stop_hbrecv "$dir"
	# the stream ends with hbrecv: hbstate judges the rest, and ends too
	wait_exit $spid 60 || {
		cat "$TMP/hbstate.err" >&2
		die "hbstate did not end at the end of its input"
	}
	[ -s "$TMP/hbstate.err" ] && sed 's/^/  hbstate said: /' "$TMP/hbstate.err"
	markers=$(grep -c '"host":"bench-marker","kind":"message"' "$TMP/events.out")
	# the markers hbrecv took are no part of the load
	accepted=$((accepted - markers))
	events=$(grep -vc '"host":"bench-marker"' "$TMP/events.out")
	rm -rf "$dir"
}

# row LABEL: one line of figures for the run just made.
row() {
	printf '  %-30s %9.0f %11.0f %7d\n' "$1" "$(calc "$N / $secs")" \
	    "$(calc "$accepted / $secs")" "$((N - accepted))"
}

# measure LABEL RATE HOSTS: the runs of one load, and their lines.
measure() {
	printf '%-32s %9s %11s %7s\n' "$1, $3 hosts" sent/s accepted/s loss
	alone "$2" "$3"
	row "hbrecv alone"
	replay
	alone "$2" "$3" cat
	row "hbrecv -o - | cat"
	piped "$2" "$3"
	row "hbrecv -o - | hbstate -f -"
	if awk -v l="$lag" 'BEGIN { exit !(l < 0) }'; then
		printf '    hbstate: %d events; no marker after %d s: ' \
		    "$events" "$WAIT"
		echo "it fell behind, or stopped (cpu ${cpu:-?} s)"
	else
		printf '    hbstate: %d events, %.0f events/s; lag %.0f ms' \
		    "$events" "$(calc "$events / ($secs + $lag)")" \
		    "$(calc "$lag * 1000")"
		# no /proc: no CPU time
		[ -n "$cpu" ] && printf '; cpu %.2f s, %.0f%% of a core' "$cpu" \
		    "$(calc "$cpu / ($secs + $lag) * 100")"
		echo
	fi
	printf '  hbstate -f - <journal         %d lines in %.2f s: %.0f lines/s;' \
	    "$rlines" "$rsecs" "$(calc "$rlines / $rsecs")"
	printf ' %d events; cpu %.2f s\n' "$revents" "$rcpu"
}

echo "threshold cpu_monitor.cpu_percent > warning 90" >"$CONF"
echo "state-follow: $N datagrams a run, $PLG% of them cpu_monitor samples" \
    "of about $SIZE bytes; threshold cpu_monitor.cpu_percent > warning 90"
measure "full speed" 0 "$HOSTS"
measure "paced at $RATE/s" "$RATE" "$HOSTS"
measure "paced at $RATE/s" "$RATE" "$MANY"
exit 0
