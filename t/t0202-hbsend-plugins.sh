#!/bin/sh
test_description='hbsend plugins: samples into hbrecv, judged by hbstate; heartbeats keep time'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'

HOME=$TRASH
export HOME
port=$(free_port udp)
state=$TRASH/state
NAGIOS=/usr/lib/nagios/plugins

mkdir plugins.d
cat >plugins.d/custom <<'EOF'
#!/bin/sh
echo "queue_length 42"
echo "state ready"
EOF
cat >plugins.d/slow <<'EOF'
#!/bin/sh
sleep 30
EOF
cat >plugins.d/big <<'EOF'
#!/bin/sh
head -c 70000 /dev/zero | tr "\0" a
EOF
cat >plugins.d/bad <<'EOF'
#!/bin/sh
echo '{"unclosed": '
EOF
chmod +x plugins.d/custom plugins.d/slow plugins.d/big plugins.d/bad

cat >agent.conf <<EOF
plugin exec dir $TRASH/plugins.d timeout 3s interval 1s
plugin zfs_monitor off
EOF
if test -x $NAGIOS/check_dummy; then
	cat >>agent.conf <<EOF
plugin nagios_runner command "dummy $NAGIOS/check_dummy 2 'disk broken'"
plugin nagios_runner command "fine $NAGIOS/check_dummy 0 fine"
EOF
fi

cat >hb.conf <<EOF
statedir $state
threshold nagios_runner.status_code nagios display "{check_name}: {output}"
EOF
HB_CONF=$TRASH/hb.conf
export HB_CONF

test_expect_success 'hbsend -S prints a sample of each plugin' '
	hbsend -S -c agent.conf >samples &&
	jq -e -s "map(.plugin) | contains([\"os_info\", \"cpu_monitor\",
	    \"memory_monitor\", \"disk_monitor\", \"network_monitor\",
	    \"filesystem_info\", \"custom\"])" samples &&
	jq -e -s "map(select(.plugin == \"custom\")) | .[0].data ==
	    {\"queue_length\": 42, \"state\": \"ready\"}" samples &&
	jq -e -s "map(select(.plugin == \"memory_monitor\")) | .[0].data.percent > 0" samples
'

test_expect_success 'plugin output is bounded and checked: too large, bad JSON' '
	hbsend -S -c agent.conf >samples 2>err &&
	! grep "\"plugin\":\"big\"" samples &&
	! grep "\"plugin\":\"bad\"" samples &&
	grep "^hbsend: plugin big: .*too large" err &&
	grep "^hbsend: plugin bad: invalid JSON" err
'

test_expect_success 'a plugin that is not one is a configuration error' '
	echo "plugin nonesuch on" >bad.conf &&
	test_expect_code 1 hbsend -S -c bad.conf 2>err &&
	grep "bad.conf:1: plugin: unknown plugin" err
'

test_expect_success 'the daemon sends the samples; hbrecv keeps each latest' '
	start_daemon hbrecv -l 127.0.0.1:$port -s "$state" &&
	wait_for_file "$state/hbrecv.stats" &&
	start_daemon hbsend -d -F -c agent.conf -i 0.2 -n web-01 127.0.0.1:$port &&
	send_pid=$daemon_pid &&
	wait_for_line "$state/hosts/web-01.json" "\"custom\"" &&
	wait_for_line "$state/hosts/web-01.json" "\"network_monitor\"" &&
	jq -e ".plugins | has(\"os_info\") and has(\"cpu_monitor\") and
	    has(\"memory_monitor\") and has(\"disk_monitor\") and
	    has(\"filesystem_info\")" "$state/hosts/web-01.json" &&
	jq -e ".plugins.cpu_monitor.data | has(\"cpu_percent\") and has(\"load_1min\")" \
	    "$state/hosts/web-01.json"
'

test_expect_success 'a hanging plugin never holds up the heartbeats' '
	grep -c "\"ID\":\"HTB\",\"name\":\"web-01\"" "$state/messages.journal" >before &&
	poll_ eval "test \$(grep -c \"\\\"ID\\\":\\\"HTB\\\",\\\"name\\\":\\\"web-01\\\"\" \"$state/messages.journal\") -ge \$((\$(cat before) + 10))"
'

if test -x $NAGIOS/check_dummy; then
	test_expect_success 'a nagios check is judged CRITICAL through the generic threshold' '
		wait_for_line "$state/hosts/web-01.json" "dummy_status_code" &&
		hbstate >out &&
		grep -x "CRITICAL: web-01 - nagios_runner.dummy_status_code = 2 dummy: CRITICAL: disk broken" out &&
		! grep "fine_status_code" out
	'
else
	test_skip 'nagios checks through hbstate' 'monitoring-plugins-basic is not installed'
fi

test_expect_success 'the daemon stops cleanly, and its plugins process with it' '
	pgrep -P $send_pid >kids || :
	stop_daemon $send_pid &&
	for k in $(cat kids); do poll_ process_dead $k || return 1; done
'

test_done
