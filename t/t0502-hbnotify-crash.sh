#!/bin/sh
test_description='hbnotify: kill -9 in the middle of a spool, then a restart: every event once'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
PY=/usr/bin/python3
[ -x $PY ] || PY=$(command -v python3) || skip_all 'python3 is not installed (Debian: python3)'

start_daemon $PY "$TOP/t/helper/http-recorder.py" hook.port hook.log --delay 0.02
wait_for_file hook.port || exit 1
: >>hook.log
mkdir state
: >state/events
cat >hb.conf <<EOF
statedir $TRASH/state
notify webhook http://127.0.0.1:$(cat hook.port)/in
EOF

# What the deduplicating receiver keeps: each event id once (ids are
# k001 to k100, and no other k followed by digits is in the log).
received() {
	grep -o "k[0-9][0-9][0-9]" hook.log | sort -u | wc -l
}

at_least() {
	test "$(received)" -ge "$1"
}

test_expect_success 'hbnotify follows the events log' '
	start_daemon hbnotify -c hb.conf -f &&
	wait_for_file state/cursors/hbnotify
'

test_expect_success '100 events; killed with SIGKILL twice on the way' '
	i=0 &&
	while [ $i -lt 100 ]; do
		i=$((i + 1)) &&
		printf "{\"id\":\"k%03d\",\"ts\":1795397730,\"host\":\"h%03d\",\"kind\":\"host\",\"state\":\"DOWN\",\"prev\":\"UP\",\"text\":\"DOWN: h%03d\"}\n" $i $i $i ||
		return 1
	done >>state/events &&
	poll_ at_least 25 &&
	kill -9 $daemon_pid &&
	poll_ process_dead $daemon_pid &&
	start_daemon hbnotify -c hb.conf -f &&
	poll_ at_least 60 &&
	kill -9 $daemon_pid &&
	poll_ process_dead $daemon_pid &&
	start_daemon hbnotify -c hb.conf -f &&
	HB_TEST_TIMEOUT=30 poll_ at_least 100
'

test_expect_success 'the receiver has each of the 100 once after dropping repeats' '
	jq -r .body hook.log | jq -r .id | sort -u >got &&
	i=0 &&
	while [ $i -lt 100 ]; do
		i=$((i + 1)) &&
		printf "k%03d\n" $i || return 1
	done >want &&
	test_cmp want got
'

test_expect_success 'repeats only of a message in flight at a kill, by its delivery id' '
	total=$(wc -l <hook.log) &&
	test "$total" -le 102 &&
	jq -r ".headers[\"x-hb-delivery\"]" hook.log | sort | uniq -d >repeated &&
	test "$(wc -l <repeated)" -eq $((total - 100))
'

test_expect_success 'nothing is left in the spool, the log says each was sent once' '
	poll_ test -z "$(ls state/notify/new)" &&
	jq -r "select(.result == \"sent\") | .event" state/notify/deliveries | sort >sent &&
	test_cmp want sent
'

test_expect_success 'a restart sends nothing again: the next event is the next message' '
	stop_daemon $daemon_pid &&
	total=$(wc -l <hook.log) &&
	start_daemon hbnotify -c hb.conf -f &&
	printf "{\"id\":\"next\",\"ts\":1795397731,\"host\":\"h1\",\"kind\":\"host\",\"state\":\"UP\",\"prev\":\"DOWN\",\"text\":\"UP: h1\"}\n" >>state/events &&
	poll_ grep -q "next" hook.log &&
	test "$(wc -l <hook.log)" -eq $((total + 1))
'

test_done
