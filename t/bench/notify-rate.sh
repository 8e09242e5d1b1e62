#!/bin/sh
# notify-rate: what hbnotify costs. A burst of N events to one webhook (a
# message each, then grouped with group-wait), to an exec channel running
# true(1), and the routing alone (-n) with three destinations an event.
# Prints events a second and CPU milliseconds a message, side by side.
#
#   sh t/bench/notify-rate.sh            N=2000 events
#   N=500 sh t/bench/notify-rate.sh
NAME=notify-rate
cd "$(dirname "$0")/../.." || exit 1
. t/bench/bench-lib.sh
B=${HB_BUILD:-.}
N=${N:-2000}
HBNOTIFY=$B/hbnotify/hbnotify

$B/t/bench/httpsink $TMP/port &
started $!
poll_ 50 test -s $TMP/port || die "httpsink did not start"
port=$(cat $TMP/port)

i=0
while [ $i -lt $N ]; do
	i=$((i + 1))
	printf '{"id":"b%06d","ts":1795397730,"host":"h%d","kind":"host","state":"DOWN","prev":"UP","text":"DOWN: h%d - no heartbeat"}\n' $i $i $i
done >$TMP/events

# run LABEL CONFIG-LINES...: deliver the burst from a fresh spool, and say what it took.
run() {
	label=$1
	shift
	rm -rf $TMP/state
	printf '%s\n' "statedir $TMP/state" "$@" >$TMP/hb.conf
	t0=$(date +%s.%N)
	set -- $( { /usr/bin/env time -f "%U %S" $HBNOTIFY -c $TMP/hb.conf <$TMP/events; } 2>&1 | tail -1)
	t1=$(date +%s.%N)
	sent=$(grep -c '"result":"sent"' $TMP/state/notify/deliveries)
	# the deliveries of one message are logged in one line each, at one time
	msgs=$(grep -o '"ts":[0-9.]*' $TMP/state/notify/deliveries | sort -u | wc -l)
	awk -v l="$label" -v n=$N -v s=$sent -v m=$msgs -v a=$t0 -v b=$t1 -v u=$1 -v y=$2 'BEGIN {
		w = b - a
		printf "%-28s %5d delivered in %5d messages, %5.2f s: %6.0f events/s, %.3f ms CPU an event\n",
		    l, s, m, w, n / w, (u + y) * 1000 / n }'
}

[ -x /usr/bin/time ] || die "needs GNU time (Debian: time)"
echo "hbnotify, a burst of $N events ($(nproc) cores)"
run "webhook, a message each" "notify webhook http://127.0.0.1:$port/hook"
run "webhook, group-wait 1s" "notify webhook http://127.0.0.1:$port/hook group-wait 1s"
run "exec true, a message each" "notify exec /bin/true"

# Routing alone: parse, route, print; nothing is sent. Hosts without an
# owner go to the first admin, who also receives all: two routes an event.
cat >$TMP/route.conf <<EOF
statedir $TMP/state
notify webhook http://127.0.0.1:$port/all
notify email from hb@example.com
user ann admin receive all notify email:ann@example.com
user olga notify email:olga@example.com
EOF
k=0
while [ $k -lt 50 ]; do
	cat $TMP/events
	k=$((k + 1))
done >$TMP/many
t0=$(date +%s.%N)
lines=$($HBNOTIFY -n -c $TMP/route.conf <$TMP/many | wc -l)
t1=$(date +%s.%N)
awk -v n=$((N * 50)) -v l=$lines -v a=$t0 -v b=$t1 'BEGIN {
	printf "%-28s %5d events, %d routes, %.2f s: %.0f events/s\n",
	    "routing only (-n)", n, l, b - a, n / (b - a) }'
