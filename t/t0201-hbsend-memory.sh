#!/bin/sh
test_description='the hbsend daemon: two thousand beats, no leak, no growth'
. "$(dirname "$0")/test-lib.sh"

HOME=$TRASH
export HOME
port=$(free_port udp)

beats() {
	grep -c "\"HTB\"" "$sink_log" 2>/dev/null || echo 0
}

rss_anon() {
	awk '/^RssAnon/ { print $2 }' /proc/$send_pid/status
}

test_expect_success 'a daemon beating every 10 ms into a sink that answers' '
	start_daemon udp-sink -a 127.0.0.1:$port &&
	sink_log=$daemon_log &&
	wait_for_line "$sink_log" "listening on" &&
	start_daemon hbsend -d -F -i 0.01 -n beater 127.0.0.1:$port &&
	send_pid=$daemon_pid &&
	send_log=$daemon_log
'

test_expect_success 'after 200 beats' '
	HB_TEST_TIMEOUT=30 poll_ eval "test \$(beats) -ge 200" &&
	rss_anon >rss.200
'

test_expect_success 'and after 2000, it holds no more private memory' '
	HB_TEST_TIMEOUT=60 poll_ eval "test \$(beats) -ge 2000" &&
	rss_anon >rss.2000 &&
	echo "# RssAnon $(cat rss.200) KB after 200 beats, $(cat rss.2000) KB after 2000" &&
	case $HB_BUILD in
	*san*) : "the sanitizers keep freed memory in quarantine" ;;
	*) test $(cat rss.2000) -le $(($(cat rss.200) + 8)) ;;
	esac
'

test_expect_success 'it stops cleanly: exit 0, and under LeakSanitizer nothing leaked' '
	kill $send_pid &&
	wait $send_pid;
	test $? = 0 &&
	! grep -i "leak" "$send_log"
'

test_done
