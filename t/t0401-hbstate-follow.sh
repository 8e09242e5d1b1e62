#!/bin/sh
test_description='hbstate -f: the stream, the journal across rotations and a kill -9, each event once'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'

HOME=$TRASH
export HOME
port=$(free_port udp)

# msgs FIRST LAST: MSG datagrams with the texts m-FIRST ... m-LAST, sent.
msgs() {
	rm -f msg-*.json &&
	for i in $(seq "$1" "$2"); do
		printf '{"ID":"MSG","name":"talker","text":"m-%d"}' $i >msg-$i.json
	done &&
	udp-send 127.0.0.1:$port msg-*.json
}

test_expect_success 'hbrecv -o - | hbstate -j -f -: events as messages arrive' '
	cat >stream.conf <<-EOF &&
	statedir $TRASH/s1
	threshold cpu_monitor.cpu_percent > warning 80 critical 90
	EOF
	mkfifo pipe &&
	start_daemon sh -c "exec hbstate -j -c stream.conf -f - <pipe >stream.out" &&
	state_pid=$daemon_pid &&
	start_daemon sh -c "exec hbrecv -c stream.conf -l 127.0.0.1:$port -o - >pipe" &&
	recv_pid=$daemon_pid &&
	hbsend -w -n web-01 127.0.0.1:$port >/dev/null &&
	wait_for_line stream.out "\"state\":\"UP\"" &&
	printf "{\"ID\":\"PLG\",\"name\":\"web-01\",\"plugin\":\"cpu_monitor\",\"data\":{\"cpu_percent\":95.5}}" >plg.json &&
	udp-send 127.0.0.1:$port plg.json &&
	wait_for_line stream.out "CRITICAL: web-01 - cpu_monitor.cpu_percent = 95.5" &&
	printf "{\"ID\":\"MSG\",\"name\":\"web-01\",\"text\":\"hello\"}" >msg.json &&
	udp-send 127.0.0.1:$port msg.json &&
	wait_for_line stream.out "\"text\":\"MESSAGE: web-01 - hello\""
'

test_expect_success 'SIGHUP reads the thresholds again' '
	sed "s/warning 80 critical 90/warning 20 critical 30/" stream.conf >new.conf &&
	mv new.conf stream.conf &&
	kill -HUP $state_pid &&
	poll_ grep -q "reloaded the configuration" daemon1.log &&
	printf "{\"ID\":\"PLG\",\"name\":\"web-02\",\"plugin\":\"cpu_monitor\",\"data\":{\"cpu_percent\":25}}" >plg.json &&
	udp-send 127.0.0.1:$port plg.json &&
	wait_for_line stream.out "WARNING: web-02 - cpu_monitor.cpu_percent = 25.0"
'

test_expect_success 'the end of the stream ends it, with its verdicts written' '
	kill $recv_pid && wait_for_exit $recv_pid &&
	wait_for_exit $state_pid &&
	test_cmp stream.out s1/events &&
	jq -e "(.cursor == null) and .hosts[\"web-01\"].state == \"UP\" and
	    (.alerts | map(.state) | sort) == [\"CRITICAL\", \"WARNING\"]" s1/alerts.json
'

cat >follow.conf <<EOF
statedir $TRASH/s2
journal $TRASH/j max-size 4K backups 100
events $TRASH/s2/events max-size 8K backups 100
grace 1s
EOF

test_expect_success 'start hbrecv with a small journal, and hbstate -f' '
	start_daemon hbrecv -c follow.conf -l 127.0.0.1:$port &&
	recv_pid=$daemon_pid &&
	wait_for_file s2/hbrecv.stats &&
	start_daemon hbstate -c follow.conf -f &&
	state_pid=$daemon_pid &&
	wait_for_file s2/alerts.json
'

test_expect_success 'it judges what the journal says, across its rotations' '
	start_daemon hbsend -d -F -i 0.5 -n beater 127.0.0.1:$port &&
	send_pid=$daemon_pid &&
	wait_for_line s2/events "\"host\":\"beater\",\"kind\":\"host\",\"state\":\"UP\"" &&
	msgs 1 100 &&
	wait_for_line s2/events "MESSAGE: talker - m-100\"" &&
	test -f j.2
'

test_expect_success 'killed with SIGKILL, messages and a death meanwhile, restarted' '
	kill -9 $state_pid && wait_for_exit $state_pid &&
	msgs 101 200 &&
	kill $send_pid && wait_for_exit $send_pid &&
	wait_for_line j "MSG.*m-200\"" &&
	start_daemon hbstate -c follow.conf -f &&
	state_pid=$daemon_pid &&
	wait_for_line s2/events "MESSAGE: talker - m-200\"" &&
	wait_for_line s2/events "DOWN: beater"
'

test_expect_success 'killed again in the middle of a burst' '
	msgs 201 400 &&
	wait_for_line s2/events "MESSAGE: talker - m-2[0-9][0-9]\"" &&
	kill -9 $state_pid && wait_for_exit $state_pid &&
	start_daemon hbstate -c follow.conf -f &&
	state_pid=$daemon_pid &&
	wait_for_line s2/events "MESSAGE: talker - m-400\""
'

test_expect_success 'every event is in the log exactly once' '
	stop_daemon $state_pid &&
	cat s2/events* >all &&
	jq -r "select(.kind == \"message\") | .message" all | sort >got &&
	seq 1 400 | sed "s/^/m-/" | sort >want &&
	test_cmp want got &&
	jq -r "select(.host == \"beater\") | .state" all | sort >beater &&
	printf "DOWN\nUP\n" >want &&
	test_cmp want beater &&
	jq -r .id all | sort | uniq -d >dups &&
	test_line_count = 0 dups
'

test_expect_success 'the journal rotated many times, the events log too' '
	ls j.* | wc -l >n && test $(cat n) -ge 4 &&
	test -f s2/events.3
'

test_done
