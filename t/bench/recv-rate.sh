#!/bin/sh
# recv-rate.sh: how many datagrams a second hbrecv takes in on loopback,
# next to the most a bare receiver takes in on the same machine.
#
# Three loads, each of BENCH_N datagrams (default 200000) from BENCH_HOSTS
# host names (default 1000), sent by t/bench/loadgen from one socket:
#   htb        small heartbeats only (about 80 bytes)
#   plg-1k     plugin samples of about 1 KB of JSON
#   plg-1k-z   the same samples zlib-compressed (about 440 bytes)
#
# Each load is sent three times, every time to a fresh receiver:
#   ceiling    to t/bench/sink, which only counts datagrams (recvmmsg):
#              its rate, first to last datagram, is the most any receiver
#              here could do. When the sink lost nothing, the bound is the
#              sender (one socket on one core), not the receiving.
#   hbrecv     at full speed to hbrecv -l 127.0.0.1:PORT -s STATEDIR (an
#              empty configuration, the journal in STATEDIR). Its rate is
#              ACCEPTED / LOADGEN'S SEND TIME: the datagrams hbrecv took and
#              wrote, over the time the sender needed for all of them. The
#              kernel queues a burst (hbrecv's receive buffer), so the rate
#              stays honest only while the loss is small: with loss, hbrecv
#              fell behind and its rate is what it managed meanwhile.
#              ratio = hbrecv / ceiling; loss = sent - accepted; journal =
#              bytes of the journal (and its rotations) / send time, 1 MB =
#              10^6 bytes.
#   at N0%     paced by loadgen -r at 80% of the ceiling, to a fresh hbrecv,
#              then 70%, 60%, ... until a pace loses nothing: the last line
#              of a load ("<- lossless") is the fastest pace, in tenths of
#              the ceiling, that hbrecv takes in whole.
#
# Run from the top of the repository: sh t/bench/recv-rate.sh, or make
# bench. HB_BUILD names the build directory (default .); nothing passes or
# fails here, the figures are for a person to read. Loopback figures vary
# with the machine and with whatever else runs on it: compare runs made on
# the same machine at the same time.

cd "$(dirname "$0")/../.." || exit 1
HB_BUILD=${HB_BUILD:-.}
N=${BENCH_N:-200000}
HOSTS=${BENCH_HOSTS:-1000}
LOADGEN=$HB_BUILD/t/bench/loadgen
SINK=$HB_BUILD/t/bench/sink
HBRECV=$HB_BUILD/hbrecv/hbrecv

for p in "$LOADGEN" "$SINK"; do
	[ -x "$p" ] || {
		echo "recv-rate: $p is not built: run make bench" >&2
		exit 1
	}
done

NAME=recv-rate
. t/bench/bench-lib.sh

# field N FILE: the Nth word of the first line of FILE ("sent N in S s: R dgram/s").
field() {
	awk -v n="$1" 'NR == 1 { print $n }' "$2"
}

# calc EXPR: awk arithmetic, with six decimals (awk's print would turn to
# exponents above a million).
calc() {
	awk "BEGIN { printf \"%.6f\", $1 }"
}

# stat_num DIR KEY: a number of DIR/hbrecv.stats (a JSON object), no jq needed.
stat_num() {
	sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p" \
	    "$1/hbrecv.stats" 2>/dev/null | head -n 1
}

# journal_bytes DIR: the bytes of the journal and of its rotated files.
journal_bytes() {
	for f in "$1"/messages.journal*; do
		[ -f "$f" ] && wc -c <"$f"
	done | awk '{ s += $1 } END { print s + 0 }'
}

# rx_queue PORT: the bytes waiting in the socket of 127.0.0.1:PORT (Linux), or "".
rx_queue() {
	[ -r /proc/net/udp ] || return 0
	awk -v p="$(printf ':%04X' "$1")" \
	    '$2 ~ p "$" { split($5, q, ":"); print q[2] }' /proc/net/udp
}

# loadgen PORT RATE ARGS...: send the load; "sent N in S s: R dgram/s" into $TMP/loadgen.out.
loadgen() {
	port=$1 rate=$2
	shift 2
	"$LOADGEN" -n "$N" -h "$HOSTS" -r "$rate" "$@" "127.0.0.1:$port" \
	    >"$TMP/loadgen.out" 2>"$TMP/loadgen.err" || {
		cat "$TMP/loadgen.err" >&2
		die "loadgen failed"
	}
	sent=$(field 2 "$TMP/loadgen.out")
	secs=$(field 4 "$TMP/loadgen.out")
}

# ceiling ARGS...: the load to sink; sets sent, secs, c_recv, c_rate.
ceiling() {
	port=$(free_port) || die "no free port"
	"$SINK" "127.0.0.1:$port" >"$TMP/sink.out" 2>"$TMP/sink.err" &
	spid=$!
	started $spid
	poll_ 100 port_taken "$port" || die "sink did not bind 127.0.0.1:$port"
	loadgen "$port" 0 "$@"
	wait_exit $spid 10 || { cat "$TMP/sink.err" >&2; die "sink failed"; }
	c_recv=$(field 2 "$TMP/sink.out")
	c_rate=$(field 6 "$TMP/sink.out")
}

# settle DIR PORT: until hbrecv has read its socket empty and the stats and
# the journal have stood still for 1.5 s (at most 20 s).
settle() {
	last='' same=0 polls=0
	while [ $same -lt 6 ] && [ $polls -lt 80 ]; do
		sleep 0.25
		now="$(stat_num "$1" accepted)/$(journal_bytes "$1")/$(rx_queue "$2")"
		if [ "$now" = "$last" ]; then
			same=$((same + 1))
		else
			same=0
			last=$now
		fi
		polls=$((polls + 1))
	done
}

# hbrecv RATE ARGS...: the load to a fresh hbrecv; sets sent, secs, accepted, jbytes.
hbrecv() {
	dir=$(mktemp -d "$TMP/state.XXXXXX") || exit 1
	port=$(free_port) || die "no free port"
	HB_CONF=$TMP/hb.conf "$HBRECV" -l "127.0.0.1:$port" -s "$dir" \
	    >/dev/null 2>"$TMP/hbrecv.err" &
	hpid=$!
	started $hpid
	poll_ 100 test -f "$dir/hbrecv.stats" || {
		cat "$TMP/hbrecv.err" >&2
		die "hbrecv wrote no $dir/hbrecv.stats within 10 s"
	}
	rate=$1
	shift
	loadgen "$port" "$rate" "$@"
	settle "$dir" "$port"
	kill -TERM $hpid
	wait_exit $hpid 10 || {
		cat "$TMP/hbrecv.err" >&2
		echo "recv-rate: hbrecv did not exit cleanly on SIGTERM" >&2
	}
	accepted=$(stat_num "$dir" accepted)
	[ -n "$accepted" ] || die "no \"accepted\" in $dir/hbrecv.stats"
	jbytes=$(journal_bytes "$dir")
	rm -rf "$dir"
}

# measure NAME ARGS...: the three runs of one load, and their two lines.
measure() {
	name=$1
	shift
	ceiling "$@"
	line=$(printf '%-9s ceiling %7.0f/s' "$name" "$c_rate")
	[ "$c_recv" -lt "$sent" ] &&
		line="$line (sink lost $((sent - c_recv)))"
	if [ ! -x "$HBRECV" ]; then
		echo "$line"
		return
	fi
	crate=$c_rate
	hbrecv 0 "$@"
	printf '%s  hbrecv %7.0f/s  ratio %.2f  loss %d of %d  journal %.1f MB/s\n' \
	    "$line" "$(calc "$accepted / $secs")" \
	    "$(calc "$accepted / $secs / $crate")" "$((sent - accepted))" \
	    "$sent" "$(calc "$jbytes / $secs / 1e6")"
	# the fastest pace, in tenths of the ceiling, that loses nothing
	for tenths in 8 7 6 5 4 3 2 1; do
		paced=$(awk "BEGIN { printf \"%d\", $crate * $tenths / 10 }")
		hbrecv "$paced" "$@"
		[ "$accepted" -lt "$sent" ] || break
		printf '%-9s at %7d/s (%d0%%)  hbrecv accepted %d  loss %d\n' \
		    "$name" "$paced" "$tenths" "$accepted" "$((sent - accepted))"
	done
	printf '%-9s at %7d/s (%d0%%)  hbrecv accepted %d  loss %d  <- lossless\n' \
	    "$name" "$paced" "$tenths" "$accepted" "$((sent - accepted))"
}

: >"$TMP/hb.conf"
echo "recv-rate: $N datagrams a run from $HOSTS hosts on 127.0.0.1;" \
    "hbrecv's rate is accepted / loadgen's send time"
measure htb
measure plg-1k -p 100
measure plg-1k-z -z -p 100
[ -x "$HBRECV" ] ||
	echo "recv-rate: $HBRECV is not built yet: only the ceiling was measured"
exit 0
