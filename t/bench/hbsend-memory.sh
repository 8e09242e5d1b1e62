#!/bin/sh
# hbsend-memory.sh: the resident memory of the hbsend daemon, and that it
# does not grow. hbsend -d -F beats every 10 ms into a sink that answers
# each heartbeat; its memory is read after 2 s and again after SECONDS more
# (default 20, some 2000 beats). VmRSS counts the pages of libc, libz and
# libm that every process shares; Pss shares them out, and Private_Dirty is
# what the daemon has of its own. The plugins (those on by default) are
# sampled by a child process: its memory is shown too.
set -eu
B=${HB_BUILD:-.}
SECS=${SECONDS_MORE:-20}
[ -x "$B/hbsend/hbsend" ] && [ -x "$B/t/helper/udp-sink" ] ||
	{ echo "hbsend-memory: build first (make check)"; exit 0; }
dir=$(mktemp -d /tmp/hb-bench.XXXXXX)
sink= send=
trap 'kill $send $sink 2>/dev/null; rm -rf "$dir"' EXIT
port=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(LocalAddr =>
    "127.0.0.1", LocalPort => 0, Proto => "udp")->sockport')
"$B/t/helper/udp-sink" -a 127.0.0.1:$port >"$dir/sink" 2>/dev/null &
sink=$!
sleep 0.3
"$B/hbsend/hbsend" -d -F -i 0.01 -n memory 127.0.0.1:$port 2>"$dir/log" &
send=$!

mem() {
	awk '/^VmRSS/ { r = $2 } END { printf "VmRSS %d KB", r }' /proc/$1/status
	awk '/^Pss:/ { p = $2 } /^Private_Dirty/ { d = $2 } /^Private_Clean/ { c = $2 }
	    END { printf ", Pss %d KB, private %d KB (dirty %d KB)", p, c + d, d }' \
	    /proc/$1/smaps_rollup
}

sleep 2
first=$(mem $send)
beats=$(grep -c '"HTB"' "$dir/sink" || true)
sleep "$SECS"
last=$(mem $send)
beats2=$(grep -c '"HTB"' "$dir/sink" || true)
echo "hbsend-memory: after $beats beats: $first"
echo "hbsend-memory: after $beats2 beats: $last"
for kid in $(pgrep -P $send || true); do
	echo "hbsend-memory: its plugins' process: $(mem $kid)"
done
