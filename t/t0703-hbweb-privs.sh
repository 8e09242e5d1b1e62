#!/bin/sh
test_description='hbweb: bound as root, serving as the web user'
. "$(dirname "$0")/test-lib.sh"

[ "$(id -u)" = 0 ] ||
	skip_all 'not run as root: only root can bind below 1024 and become another user'
id nobody >/dev/null 2>&1 || skip_all 'there is no user nobody to become'
[ -r /proc/self/status ] || skip_all 'no /proc/PID/status to read the credentials of a process'
command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
command -v curl >/dev/null || skip_all 'curl is not installed (Debian: curl)'
uid=$(id -u nobody)
gid=$(id -g nobody)

# nobody may pass through the directories but list none; it reads what it
# serves and writes only sessions/. The host file of db-01 and hb.conf,
# with its password hashes, are root's alone.
chmod 711 "$TRASH"
mkdir -p state/hosts state/sessions
chmod 711 state state/hosts
chmod 700 state/sessions
chown nobody state/sessions
cat >state/alerts.json <<'EOF'
{"version":1,"updated":1795397730,"hosts":{"web-01":{"state":"UP","address":"192.0.2.10"},"db-01":{"state":"DOWN","address":"192.0.2.11"}},"alerts":[]}
EOF
echo '{"name":"web-01","plugins":{"cpu":{"ts":5,"data":{"load":1}}}}' >state/hosts/web-01.json
echo '{"name":"db-01","plugins":{"cpu":{"ts":5,"data":{"load":2}}}}' >state/hosts/db-01.json
chmod 644 state/alerts.json state/hosts/web-01.json
chmod 600 state/hosts/db-01.json

# Root with supplementary groups (its own and 6), which hbweb must shed too.
GROUPS_RUN='$) = "0 0 6"; exec { $ARGV[0] } @ARGV or die "$ARGV[0]: $!\n"'

# Holds a connection open, sending nothing, for a minute.
HOLD='IO::Socket::INET->new("127.0.0.1:$ARGV[0]") or die "hold: $!\n"; sleep 60'

# creds PID: the users, groups and capabilities a process runs with
creds() {
	awk '/^(Uid|Gid|Groups|CapInh|CapPrm|CapEff|CapAmb):/ { $1 = $1; print }' \
	    "/proc/$1/status"
}

cat >want.creds <<EOF
Uid: $uid $uid $uid $uid
Gid: $gid $gid $gid $gid
Groups: $gid
CapInh: 0000000000000000
CapPrm: 0000000000000000
CapEff: 0000000000000000
CapAmb: 0000000000000000
EOF

start_web() {
	U=http://127.0.0.1:$port &&
	start_daemon perl -e "$GROUPS_RUN" hbweb -c hb.conf -l 127.0.0.1:$port
}

# Ours once it is no longer root: it changes its user after the bind.
serving() {
	test "$(awk '/^Uid:/ { print $3 }' /proc/$daemon_pid/status)" = $uid &&
	curl -s -m 2 -o /dev/null "$U/api/0/me"
}

# low_port: a TCP port of 600-999 that nothing listens on now; only root
# binds these, and bind(0) never hands them out.
low_port() {
	perl -MIO::Socket::INET -e '
		for (1 .. 100) {
			my $p = 600 + int(rand(400));
			IO::Socket::INET->new(LocalAddr => "127.0.0.1",
			    LocalPort => $p, Proto => "tcp") and print("$p\n"), exit;
		}
		die "low_port: 100 ports tried, none free\n";'
}

# code CURL-ARGS...: the status of the answer; its body into the file body
code() {
	curl -s -o body -w "%{http_code}" "$@"
}

login() {
	code -d "{\"username\":\"alice\",\"password\":\"pw-alice\"}" "$U/api/0/auth/login"
}

test_expect_success 'setup: root-only hb.conf with web user nobody, a user' '
	echo "pw-alice" | hbweb passwd alice >line &&
	{
		echo "statedir $TRASH/state"
		echo "web user nobody"
		sed "s/^user alice /user alice admin /" line
	} >hb.conf &&
	chmod 600 hb.conf &&
	perl -e "$GROUPS_RUN" awk "/^Groups:/ { \$1 = \$1; print }" /proc/self/status >got &&
	echo "Groups: 0 6" >want &&
	test_cmp want got
'

web_pid=
test_expect_success 'bound as root, the server runs as nobody: uids, gids, groups, no capabilities' '
	start_on_free_port port start_web serving &&
	web_pid=$daemon_pid web_log=$daemon_log &&
	creds $web_pid >got &&
	test_cmp want.creds got
'

test_expect_success 'the child that serves a connection runs as nobody' '
	test -n "$web_pid" &&
	poll_ eval "! pgrep -P $web_pid >/dev/null" &&
	start_daemon perl -MIO::Socket::INET -e "$HOLD" $port &&
	hold_pid=$daemon_pid &&
	poll_ eval "kid=\$(pgrep -P $web_pid)" &&
	creds $kid >got &&
	test_cmp want.creds got &&
	kill $hold_pid
'

test_expect_success 'it answers: a login, its session file written as nobody, the hosts' '
	test "$(login)" = 200 &&
	jq -r .token body >token &&
	find state/sessions -type f -user nobody >files &&
	test_line_count = 1 files &&
	curl -s -H "Authorization: Bearer $(cat token)" "$U/api/0/hosts" |
	    jq -r "[.hosts[].name] | join(\",\")" >got &&
	echo db-01,web-01 >want &&
	test_cmp want got
'

test_expect_success 'a file only root may read is not served (500, the reason logged), one nobody may read is' '
	test "$(code -H "Authorization: Bearer $(cat token)" "$U/api/0/hosts/web-01/plugins")" = 200 &&
	test "$(jq .plugins.cpu.data.load body)" = 1 &&
	test "$(code -H "Authorization: Bearer $(cat token)" "$U/api/0/hosts/db-01/plugins")" = 500 &&
	! grep load body &&
	grep "hbweb: .*/state/hosts/db-01.json: Permission denied" "$web_log"
'

# get PATH: a request with the token, for hbweb on standard input
get() {
	printf "GET %s HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n" \
	    "$1" "$(cat token)"
}

test_expect_success 'inetd style, it drops too; as root it would have read the file' '
	get /api/0/hosts/db-01/plugins | hbweb -c hb.conf >out 2>err &&
	head -1 out | grep "^HTTP/1.1 500 " &&
	grep "db-01.json: Permission denied" err &&
	grep -v "^web user" hb.conf >root.conf &&
	get /api/0/hosts/db-01/plugins | hbweb -c root.conf >out &&
	head -1 out | grep "^HTTP/1.1 200 " &&
	grep "\"load\":2" out
'

test_expect_success 'a login that cannot write its session (root owns sessions/): 500, nothing written' '
	chown root state/sessions &&
	status=$(login) &&
	chown nobody state/sessions &&
	test "$status" = 500 &&
	jq -r .error body >got &&
	echo "cannot keep a session" >want &&
	test_cmp want got &&
	find state/sessions -type f >files &&
	test_line_count = 1 files &&
	test "$(code "$U/api/0/me")" = 200
'

test_expect_success 'web user nosuchuser: a configuration error (2) at start, before binding' '
	sed "s/^web user nobody$/web user nosuchuser/" hb.conf >bad.conf &&
	test_expect_code 2 hbweb -c bad.conf -l 127.0.0.1:1 2>err &&
	grep "^hbweb: web user nosuchuser: no such user$" err &&
	test_expect_code 2 hbweb -c bad.conf </dev/null >out 2>err &&
	grep "^hbweb: web user nosuchuser: no such user$" err &&
	test_cmp /dev/null out
'

test_expect_success 'a port below 1024: bound as root, served as nobody' '
	stop_daemon $web_pid &&
	start_on_free_port port start_web serving low_port &&
	test $port -lt 1024 &&
	creds $daemon_pid >got &&
	test_cmp want.creds got &&
	test "$(code -H "Authorization: Bearer $(cat token)" "$U/api/0/hosts/web-01")" = 200 &&
	jq -r .name body >got &&
	echo web-01 >want &&
	test_cmp want got
'

test_done
