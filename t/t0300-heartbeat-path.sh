#!/bin/sh
test_description='the heartbeat path: hbsend into hbrecv, and make demo'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'

HOME=$TRASH
export HOME
port=$(free_port udp)
state=$TRASH/state

test_expect_success 'start hbrecv' '
	start_daemon hbrecv -l 127.0.0.1:$port -s "$state" &&
	recv_pid=$daemon_pid &&
	wait_for_file "$state/hbrecv.stats"
'

test_expect_success 'hbsend -w gets the acknowledgement and prints the round trip' '
	hbsend -w -n web-01 127.0.0.1:$port >out &&
	grep -E "^127\\.0\\.0\\.1:$port rtt [0-9.]+ ms$" out
'

test_expect_success 'the host file shows what hbsend said' '
	wait_for_file "$state/hosts/web-01.json" &&
	jq -e ".name == \"web-01\" and .interval == 30 and
	    (.version | startswith(\"hbsend\")) and .address == \"127.0.0.1\"" \
	    "$state/hosts/web-01.json"
'

test_expect_success 'every journal line parses and has the seed'"'"'s fields' '
	jq -e "has(\"timestamp\") and has(\"datetime\") and has(\"source_ip\") and
	    has(\"source_port\") and .message.ID == \"HTB\"" "$state/messages.journal"
'

test_expect_success '-w against a closed port fails' '
	closed=$(free_port udp) &&
	test_expect_code 1 hbsend -w -n web-01 127.0.0.1:$closed 2>err &&
	grep "no ACK" err
'

test_expect_success 'BOOT, MSG and, from the daemon, SHUT land' '
	hbsend -b -n db-01 127.0.0.1:$port &&
	hbsend -m "maintenance starting" -n db-01 127.0.0.1:$port &&
	wait_for_line "$state/hosts/db-01.json" "maintenance starting" &&
	jq -e ".boot_time > 0" "$state/hosts/db-01.json" &&
	start_daemon hbsend -d -F -b -i 0.2 -n app-01 127.0.0.1:$port &&
	send_pid=$daemon_pid &&
	wait_for_line "$state/hosts/app-01.json" "\"rtt\":" &&
	kill $send_pid && wait_for_exit $send_pid &&
	wait_for_line "$state/hosts/app-01.json" "\"lifecycle\":\"shutdown\"" &&
	grep -c "\"BOOT\"" "$state/messages.journal" >n &&
	test $(cat n) = 2
'

test_expect_success 'the daemon reports the rtt of the previous exchange' '
	jq -e ".rtt > 0 and .rtt < 1000" "$state/hosts/app-01.json"
'

test_expect_success 'make demo shows the host arriving' '
	mkdir tmp &&
	(cd "$TOP" && TMPDIR=$TRASH/tmp DEMO_SECONDS=3 HB_BUILD=$HB_BUILD sh t/demo.sh) >demo 2>&1 &&
	grep "hb demo: hbsend" demo &&
	grep "\"name\": \"demo-host\"" demo &&
	grep "\"accepted\": [1-9]" demo &&
	test -z "$(ls tmp)"
'

test_done
