#!/bin/sh
test_description='hbdns: nsupdate scripts, and records in a real BIND 9'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'

# ev ID HOST KIND STATE ADDRESS: an event line
ev() {
	printf '{"id":"%s","ts":1795397730.5,"host":"%s","kind":"%s","state":"%s","address":"%s","text":"%s"}\n' \
	    "$1" "$2" "$3" "$4" "$5" "$1"
}

test_expect_success '-h prints the usage and exits 0' '
	hbdns -h >out &&
	grep "^usage: hbdns \[-dn\] \[-c conf\] \[-s statedir\] \[-f \[file\]\]$" out &&
	grep "hbdns \[-n\] \[-c conf\] \[-s statedir\] update host$" out
'

test_expect_success 'bad usage exits 2' '
	test_expect_code 2 hbdns -x 2>err &&
	grep "^usage:" err &&
	test_expect_code 2 hbdns extra &&
	test_expect_code 2 hbdns update &&
	test_expect_code 2 hbdns -f update web &&
	test_expect_code 2 hbdns -d
'

if command -v mandoc >/dev/null; then
	test_expect_success 'the SYNOPSIS of hbdns.8 is the usage' '
		mandoc -Tascii "$TOP/hbdns/hbdns.8" | perl -pe "s/.\x08//g" |
		    sed -n "/^SYNOPSIS/{n;s/^ *//;p;n;s/^ *//;p;}" >want &&
		hbdns -h | sed "s/^usage: //; s/^ *//" >got &&
		test_cmp want got
	'
fi

bad_conf() {
	printf '%s\n' "$1" >bad.conf &&
	test_expect_code 2 hbdns -n -c bad.conf </dev/null 2>err &&
	grep -F -- "$2" err
}

test_expect_success 'configuration errors say FILE:LINE and exit 2' '
	bad_conf "dyndomain bad_zone.example" "bad.conf:1: dyndomain: '"'"'bad_zone.example'"'"': not a zone name" &&
	bad_conf "dyndomain dyn.example.com key /nonexistent" "key: /nonexistent: cannot be read" &&
	bad_conf "dyndomain dyn.example.com server 127.0.0.1:99999" "server: '"'"'127.0.0.1:99999'"'"': port" &&
	bad_conf "dyndomain dyn.example.com server a;b" "server: '"'"'a;b'"'"': not an address or a name" &&
	bad_conf "dyndomain dyn.example.com hosts web.x" "hosts: '"'"'web.x'"'"'" &&
	bad_conf "dyndomain dyn.example.com ttl -1" "ttl: '"'"'-1'"'"'" &&
	bad_conf "dyndomain dyn.example.com server local key bad.conf" "server local takes no other server" &&
	bad_conf "dyndomain dyn.example.com colour blue" "unknown keyword '"'"'colour'"'"'" &&
	printf "dyndomain a.example\ndyndomain A.example.\n" >bad.conf &&
	test_expect_code 2 hbdns -n -c bad.conf </dev/null 2>err &&
	grep "bad.conf:2: dyndomain: zone A.example is already set at bad.conf:1" err
'

cat >n.conf <<EOF
statedir $TRASH/state-n
dyndomain dyn.example.com server 192.0.2.53 ttl 300 hosts web-01,web-02 window 0
dyndomain v6.example.com server [2001:db8::53]:5353 window 0
EOF

test_expect_success '-n: the script nsupdate would read, one send a zone' '
	{
		ev a web-01 host UP 192.0.2.10
		ev b web-02 address ADDRESS 2001:db8::1
		ev c db.v6.example.com host BOOT ::ffff:192.0.2.77
		ev d other host UP 192.0.2.99
		ev e web-01 host DOWN 192.0.2.10
	} | hbdns -n -c n.conf >out 2>err &&
	cat >want <<-\EOF &&
	server 192.0.2.53 53
	zone dyn.example.com
	update delete web-01.dyn.example.com A
	update add web-01.dyn.example.com 300 A 192.0.2.10
	update delete web-02.dyn.example.com AAAA
	update add web-02.dyn.example.com 300 AAAA 2001:db8::1
	send
	server 2001:db8::53 5353
	zone v6.example.com
	update delete db.v6.example.com A
	update add db.v6.example.com 60 A 192.0.2.77
	send
	EOF
	test_cmp want out &&
	! test -d state-n
'

test_expect_success 'changes of one host inside the window make one update, the last' '
	sed "s/window 0/window 1s/" n.conf >w.conf &&
	{
		ev a web-01 host UP 192.0.2.10
		ev b web-01 address ADDRESS 192.0.2.11
		ev c web-01 address ADDRESS 192.0.2.12
	} | hbdns -n -c w.conf >out &&
	grep -c "^update add" out >count &&
	echo 1 >want &&
	test_cmp want count &&
	grep "update add web-01.dyn.example.com 300 A 192.0.2.12" out
'

test_expect_success 'no newline, semicolon or blank from an event reaches nsupdate' '
	{
		printf "%s\n" "{\"id\":\"x\",\"ts\":1,\"host\":\"web-01\\nupdate delete dyn.example.com SOA\",\"kind\":\"address\",\"state\":\"ADDRESS\",\"address\":\"192.0.2.1\",\"text\":\"t\"}"
		ev y "web-01;x" address ADDRESS 192.0.2.1
		ev z web-01 address ADDRESS "192.0.2.1\\nsend"
		ev w web-01 address ADDRESS "192.0.2.1 ; x"
		ev v web_01 address ADDRESS 192.0.2.1
	} | hbdns -n -c n.conf >out 2>err &&
	test_cmp /dev/null out &&
	grep "host \"web-01\\\\nupdate delete dyn.example.com SOA\": not a DNS name" err &&
	test_line_count = 3 err
'

test_expect_success '-d: in the background, holding the state directory' '
	mkdir state-d &&
	: >state-d/events &&
	printf "statedir $TRASH/state-d\ndyndomain d.example\n" >d.conf &&
	hbdns -c d.conf -f -d &&
	wait_for_file state-d/cursors/hbdns &&
	test_expect_code 1 hbdns -c d.conf </dev/null 2>err &&
	pid=$(sed -n "s/.*another hbdns (pid \([0-9]*\)).*/\1/p" err) &&
	test -n "$pid" &&
	kill $pid &&
	poll_ process_dead $pid
'

NAMED=$(command -v named || echo /usr/sbin/named)
if [ -x "$NAMED" ] && command -v nsupdate >/dev/null && command -v dig >/dev/null &&
    command -v tsig-keygen >/dev/null; then
	have_bind=yes
else
	test_skip 'a real BIND 9' 'named, nsupdate, dig or tsig-keygen is missing (Debian: bind9, bind9-dnsutils)'
fi

if [ "$have_bind" = yes ]; then
mkdir ns
tsig-keygen -a hmac-sha256 hb-key >ns/hb.key
tsig-keygen -a hmac-sha256 hb-key >ns/wrong.key
named_conf() {
	cat >ns/named.conf <<-EOF
	include "$TRASH/ns/hb.key";
	options {
		directory "$TRASH/ns";
		listen-on port $dnsport { 127.0.0.1; };
		listen-on-v6 port $dnsport { ::1; };
		pid-file "$TRASH/ns/named.pid";
		session-keyfile "$TRASH/ns/session.key";
		recursion no;
		dnssec-validation no;
	};
	controls { };
	zone "dyn.example.com" {
		type primary;
		file "$TRASH/ns/dyn.zone";
		allow-update { key "hb-key"; };
	};
	EOF
}
cat >ns/dyn.zone <<EOF
\$TTL 60
@ IN SOA ns.dyn.example.com. admin.dyn.example.com. 1 60 60 600 60
@ IN NS ns.dyn.example.com.
ns IN A 127.0.0.1
EOF
# named drops to the owner of its files when started as root
[ "$(id -u)" = 0 ] && chmod 755 "$TRASH" && chown -R nobody ns && as_user="-u nobody"

q() {
	dig @127.0.0.1 -p $dnsport +short "$1" "$2"
}

resolves() {
	test "$(q "$1" "$2")" = "$3"
}

start_named() {
	named_conf &&
	start_daemon "$NAMED" -g -n 1 $as_user -c "$TRASH/ns/named.conf"
}

test_expect_success 'BIND 9 serves the zone on 127.0.0.1' '
	start_on_free_port dnsport start_named "resolves ns.dyn.example.com A 127.0.0.1"
'

udp=$(free_port udp)
cat >hb.conf <<EOF
statedir $TRASH/state
grace 1s
dyndomain dyn.example.com server 127.0.0.1:$dnsport key $TRASH/ns/hb.key ttl 60 hosts all window 0.2s
EOF
HB_CONF=$TRASH/hb.conf
export HB_CONF

nothing_wanted() {
	test "$(jq ".want | length" state/dns/state.json)" = 0
}

htb() {
	printf '{"ID":"HTB","name":"%s","interval":30,"seq":%d,"ts":%s,"v":1}' "$1" "$2" "$(date +%s)" >htb.json &&
	udp-send -s "$3" "$4" htb.json
}

test_expect_success 'heartbeats from 127.0.0.2 and ::1 become A and AAAA records' '
	start_daemon hbrecv -l 127.0.0.1:$udp -l "[::1]:$udp" -s state &&
	wait_for_file state/hbrecv.stats &&
	: >>state/events &&
	start_daemon hbstate -f &&
	start_daemon hbdns -f &&
	dns_pid=$daemon_pid &&
	dns_log=$daemon_log &&
	wait_for_file state/cursors/hbdns &&
	htb web-01 1 127.0.0.2 127.0.0.1:$udp &&
	htb web-06 1 "[::1]" "[::1]:$udp" &&
	poll_ resolves web-01.dyn.example.com A 127.0.0.2 &&
	poll_ resolves web-06.dyn.example.com AAAA ::1 &&
	grep "set web-01.dyn.example.com A 127.0.0.2" $dns_log
'

test_expect_success 'an address change replaces the record' '
	htb web-01 2 127.0.0.3 127.0.0.1:$udp &&
	poll_ resolves web-01.dyn.example.com A 127.0.0.3 &&
	test "$(q web-01.dyn.example.com A | wc -l)" = 1
'

host_at() {
	test "$(jq -r .address state/hosts/$1.json 2>/dev/null)" = "$2"
}

test_expect_success 'hbdns update HOST pushes the address of the host file again' '
	poll_ host_at web-01 127.0.0.3 &&
	printf "server 127.0.0.1 $dnsport\nzone dyn.example.com\nupdate delete web-01.dyn.example.com A\nsend\n" |
	nsupdate -k ns/hb.key &&
	test -z "$(q web-01.dyn.example.com A)" &&
	hbdns update web-01 2>err &&
	grep "set web-01.dyn.example.com A 127.0.0.3" err &&
	resolves web-01.dyn.example.com A 127.0.0.3 &&
	test_expect_code 1 hbdns update nosuchhost 2>err &&
	grep "nosuchhost: no address known" err
'

test_expect_success 'a wrong key is logged and retried, not lost' '
	stop_daemon $dns_pid &&
	sed "s|ns/hb.key|ns/wrong.key|" hb.conf >wrong.conf &&
	start_daemon hbdns -c wrong.conf -f &&
	dns_pid=$daemon_pid &&
	dns_log=$daemon_log &&
	htb web-01 3 127.0.0.4 127.0.0.1:$udp &&
	wait_for_line $dns_log "zone dyn.example.com: 1 update: nsupdate: exit 2" &&
	wait_for_line $dns_log "attempt 2; tried again later" &&
	jq -r ".want[] | [.name, .address] | @tsv" state/dns/state.json >got &&
	printf "web-01.dyn.example.com\t127.0.0.4\n" >want &&
	test_cmp want got &&
	resolves web-01.dyn.example.com A 127.0.0.3
'

test_expect_success 'killed (-9), restarted with the right key: the update is made' '
	kill -9 $dns_pid &&
	poll_ process_dead $dns_pid &&
	start_daemon hbdns -f &&
	dns_pid=$daemon_pid &&
	poll_ resolves web-01.dyn.example.com A 127.0.0.4 &&
	poll_ nothing_wanted
'
fi

test_done
