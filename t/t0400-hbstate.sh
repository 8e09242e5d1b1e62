#!/bin/sh
test_description='hbstate once a run: liveness, thresholds, events, and the questions'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'

HOME=$TRASH
export HOME
port=$(free_port udp)
state=$TRASH/state
cat >hb.conf <<EOF
statedir $state
grace 1s
threshold cpu_monitor.cpu_percent > warning 80 critical 90
threshold nagios_runner.status_code nagios display "{check_name}: {output}"
host quiet watch no
EOF
HB_CONF=$TRASH/hb.conf
export HB_CONF

plg() {
	printf '{"ID":"PLG","name":"%s","plugin":"%s","data":%s}' "$1" "$2" "$3" >plg.json &&
	udp-send 127.0.0.1:$port plg.json
}

test_expect_success '-h prints the usage and exits 0' '
	hbstate -h >out &&
	grep "^usage: hbstate \[-j\]" out &&
	grep "check name" out
'

test_expect_success 'bad usage exits 2' '
	test_expect_code 2 hbstate -x 2>err &&
	grep "^usage:" err &&
	test_expect_code 2 hbstate check &&
	test_expect_code 2 hbstate nonsense &&
	test_expect_code 2 hbstate --json status &&
	test_expect_code 2 hbstate -j dump &&
	test_expect_code 2 hbstate -f a b
'

bad_conf() {
	printf '%s\n' "$1" >bad.conf &&
	test_expect_code 2 hbstate -c bad.conf -s "$TRASH/bad" dump 2>err &&
	echo "bad.conf:$2" >want &&
	test_cmp want err
}

test_expect_success 'configuration errors say FILE:LINE and exit 2' '
	bad_conf "threshold cpu_monitor.cpu_percent => warning 1" \
	    "1: threshold: unknown keyword '"'"'=>'"'"' (warning, critical, hysteresis, display)" &&
	bad_conf "threshold m.x > warning 90 critical 80" \
	    "1: threshold: warning 90 must be below critical 80 for >" &&
	bad_conf "threshold m.x < warning 5 critical 10" \
	    "1: threshold: warning 5 must be above critical 10 for <" &&
	bad_conf "threshold m.x > warning ninety" \
	    "1: threshold: warning: '"'"'ninety'"'"': not a number" &&
	bad_conf "host a profile nope" "1: host: unknown profile '"'"'nope'"'"'" &&
	bad_conf "grace soon" "1: grace: bad duration (say 30s, 5m, 1h30m, 2d)" &&
	bad_conf "profile p warning 1" "1: profile: profile NAME threshold METRIC ... expected"
'

test_expect_success 'start hbrecv' '
	start_daemon hbrecv -l 127.0.0.1:$port -s "$state" &&
	wait_for_file "$state/hbrecv.stats"
'

test_expect_success 'a heartbeat makes the host UP' '
	hbsend -w -n web-01 127.0.0.1:$port >/dev/null &&
	wait_for_file "$state/hosts/web-01.json" &&
	hbstate >out &&
	echo "UP: web-01 - 127.0.0.1" >want &&
	test_cmp want out &&
	jq -e ".hosts[\"web-01\"].state == \"UP\"" "$state/alerts.json" &&
	jq -e ".state == \"UP\" and .prev == \"NEW\" and .kind == \"host\" and
	    (.id | length) == 16" "$state/events"
'

test_expect_success 'a second run has nothing new to say' '
	hbstate >out &&
	test_line_count = 0 out &&
	test_line_count = 1 "$state/events"
'

test_expect_success 'a sample over a threshold is an event; check says WARNING' '
	plg web-01 cpu_monitor "{\"cpu_percent\":85.0}" &&
	wait_for_line "$state/hosts/web-01.json" cpu_percent &&
	hbstate -j >out &&
	jq -e "select(.kind == \"metric\") | .state == \"WARNING\" and
	    .value == 85 and .threshold == 80 and .op == \">\" and
	    .text == \"WARNING: web-01 - cpu_monitor.cpu_percent = 85.0\"" out &&
	test_expect_code 1 hbstate check web-01 >out &&
	echo "HB WARNING - web-01 up, 1 alert: WARNING cpu_monitor.cpu_percent = 85.0 | alerts=1" >want &&
	test_cmp want out
'

test_expect_success 'a nagios check: generic match and display' '
	plg web-01 nagios_runner "{\"check_disk_root_status_code\":2,\"check_disk_root_output\":\"DISK CRITICAL - / 97%\"}" &&
	wait_for_line "$state/hosts/web-01.json" check_disk_root &&
	hbstate >out &&
	echo "CRITICAL: web-01 - nagios_runner.check_disk_root_status_code = 2 check_disk_root: DISK CRITICAL - / 97%" >want &&
	test_cmp want out &&
	test_expect_code 2 hbstate check web-01 >out &&
	grep "^HB CRITICAL - web-01 up, 2 alerts" out
'

test_expect_success 'recovery, and check is OK again' '
	plg web-01 nagios_runner "{\"check_disk_root_status_code\":0,\"check_disk_root_output\":\"DISK OK\"}" &&
	plg web-01 cpu_monitor "{\"cpu_percent\":20.5}" &&
	wait_for_line "$state/hosts/web-01.json" "DISK OK" &&
	wait_for_line "$state/hosts/web-01.json" "20.5" &&
	hbstate >out &&
	grep -x "RECOVERED: web-01 - cpu_monitor.cpu_percent = 20.5 (WARNING -> OK)" out &&
	grep -x "RECOVERED: web-01 - nagios_runner.check_disk_root_status_code = 0 (CRITICAL -> OK) check_disk_root: DISK OK" out &&
	hbstate check web-01 >out &&
	grep "^HB OK - web-01 up, 0 alerts | " out
'

test_expect_success 'an unknown host is UNKNOWN (3)' '
	test_expect_code 3 hbstate check nosuch >out &&
	echo "HB UNKNOWN - nosuch: no such host" >want &&
	test_cmp want out &&
	test_expect_code 3 hbstate check "../etc/passwd"
'

test_expect_success 'the host goes DOWN after interval + grace without heartbeats' '
	hbsend -w -i 1 -n web-01 127.0.0.1:$port >/dev/null &&
	poll_ eval "hbstate >out; grep -q \"^DOWN: web-01\" out" &&
	grep -x "DOWN: web-01 - no heartbeat for [0-9]*s (interval 1s, grace 1s)" out &&
	test_expect_code 2 hbstate check web-01 >out &&
	grep "^HB CRITICAL - web-01 down for [0-9]*s, 0 alerts" out
'

# A DOWN shorter than 4 s would recover without a word (the unit tests show it).
test_expect_success 'and UP when heartbeats come back' '
	sleep 4 &&
	hbsend -w -n web-01 127.0.0.1:$port >/dev/null &&
	poll_ eval "hbstate >out; grep -q \"^UP: web-01\" out" &&
	grep -x "UP: web-01 - 127.0.0.1 (DOWN -> UP after [0-9]*s)" out &&
	hbstate check web-01
'

test_expect_success 'SHUT gives SHUTDOWN and never DOWN' '
	start_daemon hbsend -d -F -b -i 0.5 -n app-01 127.0.0.1:$port &&
	send_pid=$daemon_pid &&
	wait_for_line "$state/hosts/app-01.json" "\"rtt\":" &&
	hbstate >out &&
	grep "^UP: app-01" out &&
	kill $send_pid && wait_for_exit $send_pid &&
	wait_for_line "$state/hosts/app-01.json" "\"lifecycle\":\"shutdown\"" &&
	hbstate >out &&
	grep -x "SHUTDOWN: app-01 - shut down on purpose" out &&
	sleep 2 &&
	hbstate >out &&
	! grep app-01 out &&
	hbstate check app-01 >out &&
	grep "^HB OK - app-01 shut down on purpose" out
'

test_expect_success 'watch no: events are logged but not printed for people' '
	hbsend -w -i 60 -n quiet 127.0.0.1:$port >/dev/null &&
	wait_for_file "$state/hosts/quiet.json" &&
	hbstate >out &&
	test_line_count = 0 out &&
	jq -e "select(.host == \"quiet\") | .notify == false" "$state/events" &&
	hbstate -j >out &&
	test_line_count = 0 out
'

test_expect_success 'dump and --json print the same picture, with no side effect' '
	cp "$state/alerts.json" before &&
	cp "$state/events" events-before &&
	hbstate --json >a.json &&
	hbstate dump >b.json &&
	jq -e ".hosts | map(.name) == [\"app-01\", \"quiet\", \"web-01\"]" a.json &&
	jq -e ".hosts[] | select(.name == \"web-01\") |
	    .address == \"127.0.0.1\" and .interval == 30 and
	    .grace == 1 and (.version | startswith(\"hbsend\"))" a.json &&
	jq -e ".summary.hosts == 3 and .summary.SHUTDOWN == 1" a.json &&
	jq -e "(.alerts | length) == 0 and (.services | length) == 0" a.json &&
	jq -e ".hosts | map(.name)" b.json >names-b &&
	jq -e ".hosts | map(.name)" a.json >names-a &&
	test_cmp names-a names-b &&
	test_cmp before "$state/alerts.json" &&
	test_cmp events-before "$state/events"
'

test_expect_success 'dump shows services graded by missed intervals' '
	printf "{\"ID\":\"SVC\",\"name\":\"web-01\",\"service\":\"worker\",\"interval\":0.2,\"status\":\"ok\"}" >svc.json &&
	udp-send 127.0.0.1:$port svc.json &&
	wait_for_line "$state/hosts/web-01.json" worker &&
	poll_ eval "hbstate dump | jq -e \".services[0].health == \\\"critical\\\"\" >/dev/null" &&
	hbstate dump | jq -e ".services[0] | .host == \"web-01\" and .service == \"worker\" and .status == \"ok\""
'

test_expect_success 'status prints a table, without colour off a terminal' '
	hbstate status >out &&
	head -n 1 out | grep "^HOST *STATE *SEEN *ADDRESS *RTT *ALERT$" &&
	grep "^web-01 *UP *[0-9]*s *127.0.0.1 " out &&
	grep "^app-01 *SHUTDOWN " out &&
	! grep "$(printf "\033")" out
'

if command -v script >/dev/null; then
	test_expect_success 'status in colour on a terminal, and not with NO_COLOR' '
		script -qc "hbstate status" /dev/null >tty.out &&
		grep "$(printf "\033")\[32mUP" tty.out &&
		grep "$(printf "\033")\[33mSHUTDOWN" tty.out &&
		NO_COLOR=1 script -qc "hbstate status" /dev/null >tty.out &&
		grep "web-01" tty.out &&
		! grep "$(printf "\033")" tty.out
	'
else
	test_skip 'status in colour on a terminal' 'script is not installed (Debian: bsdutils)'
fi

test_expect_success 'one evaluator per state directory' '
	start_daemon hbstate -f &&
	follow_pid=$daemon_pid &&
	poll_ grep -q " WRITE $follow_pid " /proc/locks &&
	test_expect_code 1 hbstate 2>err &&
	grep "another hbstate (pid $follow_pid) evaluates this state directory" err &&
	stop_daemon $follow_pid
'

test_done
