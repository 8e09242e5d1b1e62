#!/bin/sh
# demo.sh (make demo): hbsend beating every 2 s into hbrecv on a free
# 127.0.0.1 port, in a throw-away directory, shown as it happens until
# interrupted (or for DEMO_SECONDS); everything is removed on the way out.
set -u
B=${HB_BUILD:-.}
hbrecv=$B/hbrecv/hbrecv
hbsend=$B/hbsend/hbsend

dir=$(mktemp -d "${TMPDIR:-/tmp}/hb-demo.XXXXXX") || exit 1
recv= send=
cleanup() {
	[ -n "$send" ] && kill "$send" 2>/dev/null
	[ -n "$recv" ] && kill "$recv" 2>/dev/null
	wait
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

port=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(LocalAddr =>
    "127.0.0.1", LocalPort => 0, Proto => "udp")->sockport')
cat >"$dir/hb.conf" <<CONF
# a throw-away configuration: see hb.conf(5)
statedir $dir/state
listen   127.0.0.1:$port
journal  $dir/state/messages.journal max-size 1M backups 2
CONF

"$hbrecv" -c "$dir/hb.conf" 2>"$dir/hbrecv.log" &
recv=$!
while [ ! -s "$dir/state/hbrecv.stats" ]; do
	kill -0 $recv 2>/dev/null || { cat "$dir/hbrecv.log"; exit 1; }
	sleep 0.1
done
"$hbsend" -d -F -b -i 2 -n demo-host 127.0.0.1:$port 2>"$dir/hbsend.log" &
send=$!

pretty() {
	if command -v jq >/dev/null; then jq . "$1"; else cat "$1"; fi
}

start=$(date +%s)
while :; do
	[ -t 1 ] && clear
	echo "hb demo: hbsend -d -b -i 2 -> hbrecv on 127.0.0.1:$port (Ctrl-C stops)"
	echo "state in $dir/state"
	echo
	echo "== hosts/demo-host.json"
	if [ -s "$dir/state/hosts/demo-host.json" ]; then
		pretty "$dir/state/hosts/demo-host.json"
	else
		echo "(not yet)"
	fi
	echo
	echo "== hbrecv.stats"
	pretty "$dir/state/hbrecv.stats"
	echo
	echo "== the journal's last lines"
	tail -n 3 "$dir/state/messages.journal"
	if [ -n "${DEMO_SECONDS:-}" ] &&
	    [ $(($(date +%s) - start)) -ge "$DEMO_SECONDS" ]; then
		exit 0
	fi
	sleep 2
done
