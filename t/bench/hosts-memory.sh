#!/bin/sh
# hosts-memory.sh: what a host costs hbrecv in memory. One HTB from each
# of HOSTS distinct names (default 100000), paced so that none is lost;
# the growth of hbrecv's private memory (RssAnon), divided by the hosts it
# reports, is the cost of one host: its struct, name, hash slot and the
# allocator's overhead. Run from the top of the tree: sh t/bench/hosts-memory.sh
set -eu
B=${HB_BUILD:-.}
HOSTS=${HOSTS:-100000}
hbrecv=$B/hbrecv/hbrecv
loadgen=$B/t/bench/loadgen
[ -x "$hbrecv" ] && [ -x "$loadgen" ] || { echo "hosts-memory: build first (make)"; exit 0; }

dir=$(mktemp -d /tmp/hb-bench.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
port=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(LocalAddr =>
    "127.0.0.1", LocalPort => 0, Proto => "udp")->sockport')

anon() { awk '/^RssAnon/ { print $2 }' /proc/$1/status; }
stat_of() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$dir/state/hbrecv.stats"; }

# no fsync, so that the writer of host files keeps up with 100000 of them
echo "journal $dir/journal fsync none" >"$dir/hb.conf"
"$hbrecv" -c "$dir/hb.conf" -l 127.0.0.1:$port -s "$dir/state" 2>"$dir/log" &
pid=$!
while [ ! -s "$dir/state/hbrecv.stats" ]; do sleep 0.05; done
# warm up: the receive buffers and the decoder get touched once
"$loadgen" -h 1 -p 0 -n 2000 127.0.0.1:$port >/dev/null
sleep 1
before=$(anon $pid)
"$loadgen" -r 50000 -h "$HOSTS" -p 0 -n "$HOSTS" 127.0.0.1:$port >/dev/null
# until every host is in (or 30 s: then what arrived is counted)
for i in $(seq 150); do
	kill -USR1 $pid
	sleep 0.2
	grep -q "\"hosts\":$((HOSTS + 1))[,}]" "$dir/log" && break
done
after=$(anon $pid)
kill $pid; wait $pid || true; pid=
hosts=$(( $(stat_of hosts) - 1 ))
echo "hosts-memory: $hosts hosts, RssAnon $before KB -> $after KB:" \
    "$(( (after - before) * 1024 / hosts )) bytes per host"
