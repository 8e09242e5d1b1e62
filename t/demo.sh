#!/bin/sh
# demo.sh (make demo): hbsend beating every 2 s into hbrecv on a free
# 127.0.0.1 port, hbstate judging, hbweb serving the dashboards on
# another, in a throw-away directory, shown as it happens until
# interrupted (or for DEMO_SECONDS); everything is removed on the way out.
set -u
B=${HB_BUILD:-.}
hbrecv=$B/hbrecv/hbrecv
hbsend=$B/hbsend/hbsend
hbstate=$B/hbstate/hbstate
hbweb=$B/hbweb/hbweb

dir=$(mktemp -d "${TMPDIR:-/tmp}/hb-demo.XXXXXX") || exit 1
recv= send= state= web=
cleanup() {
	for pid in $send $web $state $recv; do
		kill "$pid" 2>/dev/null
	done
	wait
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

# free_port udp|tcp: a port of 127.0.0.1 that nothing uses now
free_port() {
	perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(LocalAddr =>
	    "127.0.0.1", LocalPort => 0, Proto => $ARGV[0],
	    $ARGV[0] eq "tcp" ? (Listen => 1) : ())->sockport' "$1"
}
port=$(free_port udp)
wport=$(free_port tcp)
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
"$hbstate" -c "$dir/hb.conf" -f >/dev/null 2>"$dir/hbstate.log" &
state=$!
"$hbweb" -c "$dir/hb.conf" -l 127.0.0.1:$wport 2>"$dir/hbweb.log" &
web=$!

pretty() {
	if command -v jq >/dev/null; then jq . "$1"; else cat "$1"; fi
}

start=$(date +%s)
while :; do
	[ -t 1 ] && clear
	echo "hb demo: hbsend -d -b -i 2 -> hbrecv on 127.0.0.1:$port -> hbstate -f"
	echo "state in $dir/state (Ctrl-C stops)"
	echo
	echo "the dashboards: http://127.0.0.1:$wport/live"
	echo
	echo "== hbstate status"
	"$hbstate" -c "$dir/hb.conf" status 2>&1
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
