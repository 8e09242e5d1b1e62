#!/bin/sh
test_description='hbdns: the DNS requests hbweb leaves in STATEDIR/requests/dns'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'

# An nsupdate that writes down what it was given, and fails while ns.fail exists.
cat >fake-nsupdate <<EOF
#!/bin/sh
echo "argv: \$*" >>"$TRASH/ns.log"
cat >>"$TRASH/ns.log"
if test -f "$TRASH/ns.fail"; then
	echo "update failed: REFUSED" >&2
	exit 2
fi
EOF
chmod +x fake-nsupdate

cat >hb.conf <<EOF
statedir $TRASH/state
dyndomain dyn.example.com server 192.0.2.53 hosts all window 0 nsupdate $TRASH/fake-nsupdate
EOF
HB_CONF=$TRASH/hb.conf
export HB_CONF
mkdir -p state/hosts state/requests/dns state/requests/tmp
: >state/events

# host NAME ADDRESS: the host file hbrecv would write
host_file() {
	printf '{"name":"%s","address":"%s","last_seen":1795397730.5}\n' "$1" "$2" >state/hosts/$1.json
}

# request NAME [CONTENT]: as hbweb leaves it, renamed into place
request() {
	if [ $# -gt 1 ]; then
		content=$2
	else
		content="{\"host\":\"$1\",\"user\":\"alice\",\"ts\":1795397730.5}"
	fi
	printf '%s\n' "$content" >state/requests/tmp/r &&
	mv state/requests/tmp/r "state/requests/dns/$1"
}

gone() {
	! test -e "state/requests/dns/$1" && ! test -L "state/requests/dns/$1"
}

# sent 'NAME TTL TYPE ADDRESS' N: N scripts have set it
sent() {
	test "$(grep -c "^update add $1\$" ns.log 2>/dev/null)" = "$2"
}

nothing_wanted() {
	test "$(jq ".want | length" state/dns/state.json)" = 0
}

host_file web-01 192.0.2.10
host_file web-02 2001:db8::2
host_file web-03 192.0.2.30

test_expect_success '-n: the script it would run; the request stays' '
	request web-01 &&
	hbdns -n </dev/null >out 2>err &&
	cat >want <<-\EOF &&
	server 192.0.2.53 53
	zone dyn.example.com
	update delete web-01.dyn.example.com A
	update add web-01.dyn.example.com 60 A 192.0.2.10
	send
	EOF
	test_cmp want out &&
	grep "request for web-01 by \"alice\": web-01.dyn.example.com A 192.0.2.10" err &&
	test -f state/requests/dns/web-01 &&
	! test -e ns.log &&
	! test -e state/dns
'

test_expect_success 'standard input: a request waiting at the start is made, then removed' '
	hbdns </dev/null 2>err &&
	sent "web-01.dyn.example.com 60 A 192.0.2.10" 1 &&
	grep "^argv: -v -t 10\$" ns.log &&
	grep "set web-01.dyn.example.com A 192.0.2.10" err &&
	gone web-01 &&
	jq -r ".done[] | [.name, .type, .address] | @tsv" state/dns/state.json >got &&
	printf "web-01.dyn.example.com\tA\t192.0.2.10\n" >want &&
	test_cmp want got &&
	nothing_wanted
'

test_expect_success 'a host in no zone, without a host file or an address: removed with a warning' '
	host_file db.other.example 192.0.2.99 &&
	printf "{\"name\":\"noaddr\"}\n" >state/hosts/noaddr.json &&
	request db.other.example &&
	request nofile "{\"host\":\"nofile\",\"user\":\"bob\\nhbdns: forged\",\"ts\":1}" &&
	request noaddr "{\"host\":\"noaddr\",\"user\":null,\"ts\":1}" &&
	hbdns </dev/null 2>err &&
	grep "request for db.other.example by \"alice\": in no dyndomain; removed" err &&
	grep "request for nofile by \"bob\\\\nhbdns: forged\": no address known: $TRASH/state/hosts/nofile.json: No such file or directory; removed" err &&
	grep "request for noaddr: no address in $TRASH/state/hosts/noaddr.json; removed" err &&
	! grep "^hbdns: forged" err &&
	gone db.other.example && gone nofile && gone noaddr &&
	! grep -e other.example -e nofile -e noaddr ns.log
'

test_expect_success 'bad names and what is no file are removed with a warning; directories stay' '
	: >"state/requests/dns/.hidden" &&
	: >"state/requests/dns/-x" &&
	: >"state/requests/dns/web 03" &&
	echo keep >target &&
	ln -s "$TRASH/target" state/requests/dns/web-03 &&
	mkdir state/requests/dns/tmp &&
	hbdns </dev/null 2>err &&
	grep "request \".hidden\": not a host name; removed" err &&
	grep "request \"-x\": not a host name; removed" err &&
	grep "request \"web 03\": not a host name; removed" err &&
	grep "request \"web-03\": not a file; removed" err &&
	test_line_count = 4 err &&
	gone .hidden && gone -x && gone "web 03" && gone web-03 &&
	test "$(cat target)" = keep &&
	test -d state/requests/dns/tmp &&
	! grep web-03 ns.log
'

test_expect_success 'the content is bounded: one over 4 KB tells no user, the request is made' '
	request web-03 "{\"host\":\"web-03\",\"user\":\"$(printf "%05000d" 0)\"}" &&
	hbdns </dev/null 2>err &&
	grep "request for web-03: web-03.dyn.example.com A 192.0.2.30" err &&
	sent "web-03.dyn.example.com 60 A 192.0.2.30" 1 &&
	gone web-03
'

test_expect_success '-f: a request becomes an update with the address of the host file' '
	start_daemon hbdns -f &&
	dns_pid=$daemon_pid &&
	dns_log=$daemon_log &&
	wait_for_file state/cursors/hbdns &&
	request web-02 &&
	poll_ gone web-02 &&
	poll_ sent "web-02.dyn.example.com 60 AAAA 2001:db8::2" 1 &&
	wait_for_line $dns_log "request for web-02 by \"alice\": web-02.dyn.example.com AAAA 2001:db8::2" &&
	wait_for_line $dns_log "set web-02.dyn.example.com AAAA 2001:db8::2" &&
	: >"state/requests/dns/.tmp" &&
	poll_ gone .tmp &&
	wait_for_line $dns_log "request \".tmp\": not a host name; removed"
'

test_expect_success '-f: the address set already is sent again when asked' '
	jq -e ".done[] | select(.name == \"web-01.dyn.example.com\" and .address == \"192.0.2.10\")" state/dns/state.json &&
	request web-01 &&
	poll_ sent "web-01.dyn.example.com 60 A 192.0.2.10" 2 &&
	poll_ gone web-01
'

cursor_at_end() {
	test "$(cut -d" " -f2 state/cursors/hbdns)" = "$(wc -c <state/events | tr -d " ")"
}

test_expect_success 'nsupdate fails: kept in state.json and tried again; the request is removed' '
	: >ns.fail &&
	request web-01 &&
	wait_for_line $dns_log "zone dyn.example.com: 1 update: nsupdate: exit 2: update failed: REFUSED \(attempt 1;" &&
	wait_for_line $dns_log "attempt 2; tried again later" &&
	gone web-01 &&
	jq -r ".want[] | [.name, .address, .asked] | @tsv" state/dns/state.json >got &&
	printf "web-01.dyn.example.com\t192.0.2.10\ttrue\n" >want &&
	test_cmp want got
'

test_expect_success 'an event at the address set does not cancel what was asked' '
	printf "{\"id\":\"a\",\"ts\":1795397731,\"host\":\"web-01\",\"kind\":\"host\",\"state\":\"UP\",\"address\":\"192.0.2.10\",\"text\":\"up\"}\n" >>state/events &&
	poll_ cursor_at_end &&
	jq -r ".want[] | [.name, .address, .asked] | @tsv" state/dns/state.json >got &&
	test_cmp want got
'

test_expect_success 'killed (-9) and restarted: the update asked for is made' '
	kill -9 $dns_pid &&
	poll_ process_dead $dns_pid &&
	rm ns.fail &&
	start_daemon hbdns -f &&
	dns_pid=$daemon_pid &&
	dns_log=$daemon_log &&
	wait_for_line $dns_log "set web-01.dyn.example.com A 192.0.2.10" &&
	poll_ nothing_wanted &&
	stop_daemon $dns_pid
'

test_done
