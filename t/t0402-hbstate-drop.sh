#!/bin/sh
test_description='hbstate -f: a dropped host leaves the picture without an event; a new one stays until hbrecv writes its file'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'

HOME=$TRASH
export HOME
port=$(free_port udp)
state=$TRASH/state
# A deadline 4 s after the last heartbeat: time for hbrecv to act on a
# drop (within a second) before it, even on a loaded machine.
cat >hb.conf <<EOF
statedir $state
grace 3s
EOF
HB_CONF=$TRASH/hb.conf
export HB_CONF

# drop NAME: a drop request as hbweb leaves it, written in tmp/ and renamed into place
drop() {
	mkdir -p "$state/requests/tmp" "$state/requests/drop" &&
	printf '{"host":"%s","user":"t","ts":1}\n' "$1" >"$state/requests/tmp/$1" &&
	mv "$state/requests/tmp/$1" "$state/requests/drop/$1"
}

# in_picture DIR NAME / out_of_picture DIR NAME: DIR/alerts.json has the host, or has not
in_picture() {
	jq -e --arg h "$2" '.hosts | has($h)' "$1/alerts.json" >/dev/null
}
out_of_picture() {
	jq -e --arg h "$2" '.hosts | has($h) | not' "$1/alerts.json" >/dev/null
}

# later_than T: the clock is past T, in whole seconds
later_than() {
	test "$(date +%s)" -gt "$1"
}

# past_deadline NAME: more than interval + grace + 1 s since the journal's last message of NAME
past_deadline() {
	last=$(jq -r --arg h "$1" 'select(.message.name == $h) | .timestamp' \
	    "$state/messages.journal" | tail -n 1) &&
	test -n "$last" &&
	later_than $((${last%.*} + 5))
}

test_expect_success 'two hosts beat, hbstate -f has both' '
	start_daemon hbrecv -l 127.0.0.1:$port &&
	wait_for_file "$state/hbrecv.stats" &&
	start_daemon hbsend -d -F -i 1 -n web-01 127.0.0.1:$port &&
	send1=$daemon_pid &&
	start_daemon hbsend -d -F -i 1 -n web-02 127.0.0.1:$port &&
	send2=$daemon_pid &&
	wait_for_file "$state/hosts/web-01.json" &&
	wait_for_file "$state/hosts/web-02.json" &&
	start_daemon hbstate -f &&
	state_pid=$daemon_pid &&
	state_log=$daemon_log &&
	poll_ in_picture "$state" web-01 &&
	poll_ in_picture "$state" web-02
'

test_expect_success 'a dropped host leaves alerts.json, with a line and no event' '
	kill $send1 && wait_for_exit $send1 &&
	drop web-01 &&
	poll_ out_of_picture "$state" web-01 &&
	test ! -e "$state/hosts/web-01.json" &&
	grep "^hbstate: forgot host web-01: its file is gone (dropped)$" "$state_log" &&
	HB_TEST_TIMEOUT=20 poll_ past_deadline web-01 &&
	! grep "\"host\":\"web-01\",\"kind\":\"host\",\"state\":\"DOWN\"" "$state/events"
'

test_expect_success 'the other host is untouched' '
	jq -e ".hosts[\"web-02\"].state == \"UP\"" "$state/alerts.json" &&
	! grep "forgot host web-02" "$state_log"
'

test_expect_success 'a host dropped while hbstate -f is stopped goes when it starts, not DOWN' '
	stop_daemon $state_pid &&
	in_picture "$state" web-02 &&
	kill $send2 && wait_for_exit $send2 &&
	drop web-02 &&
	poll_ eval "test ! -e \"\$state/hosts/web-02.json\"" &&
	HB_TEST_TIMEOUT=20 poll_ past_deadline web-02 &&
	start_daemon hbstate -f &&
	state_pid=$daemon_pid &&
	poll_ out_of_picture "$state" web-02 &&
	grep "^hbstate: forgot host web-02: its file is gone (dropped)$" "$daemon_log"
'

test_expect_success 'the events log has an UP of each, and nothing else' '
	stop_daemon $state_pid &&
	jq -r "[.host, .state] | join(\" \")" "$state/events" >got &&
	printf "web-01 UP\nweb-02 UP\n" >want &&
	test_cmp want got
'

# No hbrecv here: the test writes the journal and the host file itself,
# and so decides when the file comes.
test_expect_success 'a host first heard from is kept until its file is written' '
	mkdir -p s2/hosts &&
	: >j2 &&
	start_daemon hbstate -s "$TRASH/s2" -f "$TRASH/j2" &&
	state_pid=$daemon_pid &&
	state_log=$daemon_log &&
	wait_for_file s2/alerts.json &&
	now=$(date +%s) &&
	for h in "ghost $((now - 60))" "newbie $now"; do
		set -- $h &&
		printf "{\"timestamp\":%d,\"source_ip\":\"127.0.0.1\",\"message\":{\"ID\":\"HTB\",\"name\":\"%s\",\"interval\":300}}\n" $2 $1 ||
		return 1
	done >>j2 &&
	wait_for_line "$state_log" "forgot host ghost: its file is gone \(dropped\)" &&
	# read together, so an alerts.json with newbie and without ghost comes after the look
	poll_ eval "in_picture s2 newbie && out_of_picture s2 ghost" &&
	! grep "forgot host newbie" "$state_log" &&
	echo "{\"name\":\"newbie\"}" >s2/hosts/newbie.json.tmp &&
	mv s2/hosts/newbie.json.tmp s2/hosts/newbie.json &&
	# absence takes waiting: past the 5 s hbrecv is given, and a look
	HB_TEST_TIMEOUT=20 poll_ later_than $((now + 8)) &&
	! grep "forgot host newbie" "$state_log" &&
	stop_daemon $state_pid &&
	in_picture s2 newbie
'

test_done
