#!/bin/sh
test_description='hbweb asks, the others do: a queued action runs on the host, DNS is set, a dropped host is forgotten'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
command -v curl >/dev/null || skip_all 'curl is not installed (Debian: curl)'

HOME=$TRASH
export HOME

# An nsupdate that writes down the scripts it was given.
cat >fake-nsupdate <<EOF
#!/bin/sh
cat >>"$TRASH/ns.log"
EOF
chmod +x fake-nsupdate

mkdir bin
cat >bin/touchit <<EOF
#!/bin/sh
echo "\$HB_ACTION" >>"$TRASH/ran"
EOF
chmod +x bin/touchit
echo "action touchit $TRASH/bin/touchit" >agent.conf

port=$(free_port udp)
cat >hb.conf <<EOF
statedir $TRASH/state
dyndomain dyn.example.com server 192.0.2.53 hosts all window 0 nsupdate $TRASH/fake-nsupdate
EOF

api() {
	curl -s -o /dev/null -w "%{http_code}" "$@"
}

up() {
	curl -s -m 2 -o /dev/null "$U/api/0/me"
}

start_web() {
	U=http://127.0.0.1:$wport &&
	start_daemon hbweb -c hb.conf -l 127.0.0.1:$wport
}

test_expect_success 'hbrecv, hbdns, hbweb, and a host that beats' '
	mkdir -p state &&
	start_daemon hbrecv -c hb.conf -l 127.0.0.1:$port &&
	wait_for_file state/hbrecv.stats &&
	start_daemon hbdns -c hb.conf -f &&
	dns_log=$daemon_log &&
	start_on_free_port wport start_web up &&
	start_daemon hbsend -d -F -i 0.2 -c agent.conf -n web-01 127.0.0.1:$port &&
	send_pid=$daemon_pid && send_log=$daemon_log &&
	wait_for_file state/hosts/web-01.json
'

test_expect_success 'an action queued through the API runs on the host, once' '
	test "$(api -d "{\"command\":\"touchit\"}" "$U/api/0/hosts/web-01/commands")" = 202 &&
	wait_for_file ran &&
	echo touchit >want &&
	test_cmp want ran &&
	poll_ eval "test -z \"\$(ls state/queue/web-01/new)\"" &&
	sleep 1 &&
	test_cmp want ran
'

test_expect_success 'an action the host does not configure is not run, and said so' '
	test "$(api -d "{\"command\":\"rmall\"}" "$U/api/0/hosts/web-01/commands")" = 202 &&
	wait_for_line "$send_log" "rmall" &&
	test_cmp want ran
'

test_expect_success 'DNS asked through the API is set by hbdns' '
	test "$(api -d "" "$U/api/0/hosts/web-01/dns")" = 202 &&
	wait_for_line ns.log "update add web-01.dyn.example.com [0-9]+ A 127.0.0.1$" &&
	poll_ eval "test -z \"\$(ls state/requests/dns)\""
'

test_expect_success 'a host dropped through the API is forgotten by hbrecv' '
	stop_daemon $send_pid &&
	test "$(api "$U/api/0/hosts/web-01/plugins")" = 200 &&
	test "$(api -X DELETE "$U/api/0/hosts/web-01")" = 202 &&
	poll_ eval "! test -e state/hosts/web-01.json" &&
	test "$(api "$U/api/0/hosts/web-01/plugins")" = 404 &&
	test -z "$(ls state/requests/drop)"
'

test_done
