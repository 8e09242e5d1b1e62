#!/bin/sh
test_description='hbweb: the server (inetd, -l, launchers), limits, the read API'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
PY=/usr/bin/python3
[ -x $PY ] || PY=$(command -v python3) || skip_all 'python3 is not installed (Debian: python3)'
RAW="$PY $TOP/t/helper/http-raw.py"

mkdir state
cat >state/alerts.json <<'EOF'
{"version":1,"updated":1795397730,"hosts":{"web-01":{"state":"UP","since":1795397000,"last_seen":1795397729,"interval":30,"rtt":1.5,"address":"192.0.2.10","version":"0.1"},"db-01":{"state":"DOWN","since":1795397100,"last_seen":1795397000,"interval":30,"rtt":null,"address":"192.0.2.11","version":"0.1"}},"alerts":[{"host":"web-01","metric":"cpu_monitor.cpu_percent","state":"CRITICAL","value":95},{"host":"db-01","metric":"disk","state":"WARNING","value":85}]}
EOF
echo "statedir $TRASH/state" >hb.conf
HB_CONF=$TRASH/hb.conf
export HB_CONF

# req METHOD PATH [HEADER...]: one request as bytes, the connection closed after it
req() {
	m=$1 p=$2
	shift 2
	printf '%s %s HTTP/1.1\r\nHost: t\r\n' "$m" "$p"
	for h in "$@"; do
		printf '%s\r\n' "$h"
	done
	printf 'Connection: close\r\n\r\n'
}

# status FILE: the status code of the first response in it
status() {
	head -1 "$1" | cut -d' ' -f2
}

# body FILE: the body of a response (after the empty line)
body() {
	sed '1,/^\r$/d' "$1"
}

test_expect_success '-h prints the usage and exits 0' '
	hbweb -h >out &&
	grep "^usage: hbweb \[-c conf\] \[-s statedir\] \[-l addr:port\]$" out &&
	grep "hbweb passwd user$" out
'

test_expect_success 'bad usage exits 2' '
	test_expect_code 2 hbweb -x 2>err &&
	grep "^usage:" err &&
	test_expect_code 2 hbweb extra &&
	test_expect_code 2 hbweb -l nonsense </dev/null
'

test_expect_success 'inetd style: a request on stdin, the answer on stdout' '
	req GET /api/0/hosts | hbweb >out &&
	test "$(status out)" = 200 &&
	grep "^Content-Type: application/json" out &&
	grep "^X-Content-Type-Options: nosniff" out &&
	grep "^Content-Security-Policy: .*frame-ancestors '"'"'none'"'"'" out &&
	grep "^Referrer-Policy: " out &&
	body out | jq -r ".hosts[] | [.name, .state, .alerts.critical, .alerts.warning] | @tsv" >got &&
	printf "db-01\tDOWN\t0\t1\nweb-01\tUP\t1\t0\n" >want &&
	test_cmp want got
'

test_expect_success 'keep-alive and pipelining: three requests, three answers, in order' '
	{
		printf "GET /api/0/hosts/web-01 HTTP/1.1\r\nHost: t\r\n\r\n"
		printf "GET /api/0/alerts?severity=warning HTTP/1.1\r\nHost: t\r\n\r\n"
		req HEAD /api/0/hosts/db-01
	} | hbweb >out &&
	test "$(grep -c "^HTTP/1.1 200 OK" out)" = 3 &&
	grep -c "^{" out >n &&
	echo 2 >want &&
	test_cmp want n &&
	grep "\"name\":\"web-01\"" out &&
	grep "{\"alerts\":\[{\"host\":\"db-01\"" out
'

test_expect_success 'the API: one host, its alerts, 404 for a host that is not, 405' '
	req GET /api/0/hosts/web-01/alerts | hbweb >out &&
	body out | jq -r ".alerts[].metric" >got &&
	echo cpu_monitor.cpu_percent >want &&
	test_cmp want got &&
	req GET /api/0/hosts/nosuch | hbweb >out &&
	test "$(status out)" = 404 &&
	body out | jq -r .error >got &&
	echo "no such host" >want &&
	test_cmp want got &&
	printf "DELETE /api/0/alerts HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n" | hbweb >out &&
	test "$(status out)" = 405 &&
	grep "^Allow: GET, HEAD" out &&
	req GET /api/0/nothing | hbweb >out &&
	test "$(status out)" = 404 &&
	req GET /api/0/me | hbweb >out &&
	body out | jq -c . >got &&
	echo "{\"auth\":false,\"user\":null}" >want &&
	test_cmp want got
'

test_expect_success 'plugins: the latest of each, and the history of one (limit)' '
	mkdir -p state/hosts/web-01.hist &&
	echo "{\"name\":\"web-01\",\"plugins\":{\"cpu_monitor\":{\"ts\":5,\"data\":{\"cpu_percent\":12.5}}}}" >state/hosts/web-01.json &&
	i=0 &&
	while [ $i -lt 60 ]; do
		i=$((i + 1)) &&
		echo "{\"ts\":$i,\"data\":{\"cpu_percent\":$i}}" || return 1
	done >state/hosts/web-01.hist/cpu_monitor &&
	req GET /api/0/hosts/web-01/plugins | hbweb >out &&
	body out | jq -c .plugins.cpu_monitor.data >got &&
	echo "{\"cpu_percent\":12.5}" >want &&
	test_cmp want got &&
	req GET /api/0/hosts/web-01/plugins/cpu_monitor | hbweb >out &&
	body out | jq -r "[(.samples | length), .samples[0].ts, .samples[-1].ts] | @tsv" >got &&
	printf "50\t11\t60\n" >want &&
	test_cmp want got &&
	req GET "/api/0/hosts/web-01/plugins/cpu_monitor?limit=2" | hbweb >out &&
	body out | jq -c "[.samples[].ts]" >got &&
	echo "[59,60]" >want &&
	test_cmp want got &&
	req GET "/api/0/hosts/web-01/plugins/cpu_monitor?limit=100" | hbweb >out &&
	test "$(body out | jq ".samples | length")" = 60 &&
	req GET "/api/0/hosts/web-01/plugins/cpu_monitor?limit=0" | hbweb >out &&
	test "$(status out)" = 400 &&
	req GET "/api/0/hosts/web-01/plugins/cpu_monitor?limit=x" | hbweb >out &&
	test "$(status out)" = 400 &&
	req GET /api/0/hosts/web-01/plugins/nosuch | hbweb >out &&
	test "$(status out)" = 404 &&
	req GET /api/0/hosts/db-01/plugins | hbweb >out &&
	test "$(status out)" = 404
'

bad() {
	printf "$1" | hbweb >out &&
	test "$(status out)" = "$2" &&
	grep "^Connection: close" out
}

test_expect_success 'bad requests get their status and the connection closes' '
	bad "GARBAGE\r\n\r\n" 400 &&
	bad "GET /api/0/hosts HTTP/1.1\r\n\r\n" 400 &&
	bad "GET /api/0/hosts HTTP/2.0\r\nHost: t\r\n\r\n" 505 &&
	bad "POST /api/0/hosts HTTP/1.1\r\nHost: t\r\n\r\n" 411 &&
	bad "GET / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n" 501 &&
	perl -e "print \"GET /\" . (\"a\" x 9000) . \" HTTP/1.1\r\nHost: t\r\n\r\n\"" | hbweb >out &&
	test "$(status out)" = 414 &&
	perl -e "print \"GET / HTTP/1.1\r\nHost: t\r\n\"; print \"X-\$_: y\r\n\" for 1..101; print \"\r\n\"" | hbweb >out &&
	test "$(status out)" = 431 &&
	perl -e "print \"GET / HTTP/1.1\r\nHost: t\r\nX: \" . (\"a\" x 33000) . \"\r\n\r\n\"" | hbweb >out &&
	test "$(status out)" = 431
'

test_expect_success 'traversal never leaves the root: ../, %2e%2e, %00, //' '
	for p in "/../etc/passwd" "/%2e%2e/etc/passwd" "/api/%2e%2e/%2E%2e/%2e%2e/x" "/a%00b" "/api/0/hosts%2fweb-01"; do
		req GET "$p" | hbweb >out &&
		test "$(status out)" = 400 || return 1
	done &&
	req GET "//api/0//hosts/./web-01" | hbweb >out &&
	test "$(status out)" = 200 &&
	req GET "/api/0/x/../hosts/web-01" | hbweb >out &&
	test "$(status out)" = 200
'

start_web() {
	printf "statedir $TRASH/state\nweb listen 127.0.0.1:$port children 2\n" >web.conf &&
	start_daemon hbweb -c web.conf
}

up() {
	req GET /api/0/me | $RAW $port --timeout 2 >up.out 2>/dev/null &&
	test "$(status up.out)" = 200
}

test_expect_success '-l (web listen): a child per connection' '
	start_on_free_port port start_web up &&
	web_pid=$daemon_pid &&
	grep "no users: every request is served without authentication" $daemon_log &&
	req GET /api/0/hosts | $RAW $port >out &&
	test "$(status out)" = 200
'

test_expect_success 'a 2 MB body is refused with 413, and the next client is served' '
	{
		printf "POST /api/0/hosts HTTP/1.1\r\nHost: t\r\nContent-Length: 2097152\r\n\r\n"
		head -c 2097152 /dev/zero
	} | $RAW $port >out &&
	test "$(status out)" = 413 &&
	req GET /api/0/hosts | $RAW $port >out &&
	test "$(status out)" = 200
'

test_expect_success 'a client sending a byte a second is cut when its head takes 10 s' '
	start=$(date +%s) &&
	printf "GET /api/0/hosts HTTP/1.1\r\nHost: t\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n" |
	$RAW $port --delay 1 --timeout 30 >out &&
	end=$(date +%s) &&
	test "$(status out)" = 408 &&
	test $((end - start)) -ge 9 &&
	test $((end - start)) -le 20 &&
	req GET /api/0/hosts | $RAW $port >out &&
	test "$(status out)" = 200
'

test_expect_success 'over the bound of children: 503, and the server goes on' '
	printf "GET /api/0/hosts HTTP/1.1\r\n" | $RAW $port --delay 0.3 --timeout 8 >slow1 &
	s1=$! &&
	printf "GET /api/0/hosts HTTP/1.1\r\n" | $RAW $port --delay 0.3 --timeout 8 >slow2 &
	s2=$! &&
	sleep 1 &&
	req GET /api/0/hosts | $RAW $port >out &&
	test "$(status out)" = 503 &&
	grep "^Connection: close" out &&
	wait $s1 $s2 ;
	poll_ up
'

test_expect_success 'TERM stops it' '
	stop_daemon $web_pid
'

if command -v tcpserver >/dev/null; then
	test_expect_success 'under ucspi-tcp tcpserver' '
		start_on_free_port port "start_daemon tcpserver -q 127.0.0.1 \$port hbweb -c \"\$TRASH/hb.conf\"" up &&
		tcp_pid=$daemon_pid &&
		req GET /api/0/hosts | $RAW $port >out &&
		test "$(status out)" = 200 &&
		body out | jq -r ".hosts | length" >got &&
		echo 2 >want &&
		test_cmp want got &&
		stop_daemon $tcp_pid
	'
else
	test_skip 'under tcpserver' 'ucspi-tcp is not installed (Debian: ucspi-tcp)'
fi

if command -v systemd-socket-activate >/dev/null; then
	test_expect_success 'under systemd-socket-activate --inetd -a, and with LISTEN_FDS' '
		start_on_free_port port "start_daemon systemd-socket-activate --inetd -a -l 127.0.0.1:\$port hbweb -c \"\$TRASH/hb.conf\"" up &&
		sa_pid=$daemon_pid &&
		req GET /api/0/hosts | $RAW $port >out &&
		test "$(status out)" = 200 &&
		stop_daemon $sa_pid &&
		start_on_free_port port "start_daemon systemd-socket-activate -l 127.0.0.1:\$port hbweb -c \"\$TRASH/hb.conf\"" up &&
		sa_pid=$daemon_pid &&
		req GET /api/0/hosts | $RAW $port >out &&
		test "$(status out)" = 200 &&
		stop_daemon $sa_pid
	'
else
	test_skip 'under systemd-socket-activate' 'it is not installed (Debian: systemd)'
fi

test_expect_success 'with users, the API wants a login (401), /me says so' '
	printf "statedir $TRASH/state\nuser alice admin\n" >users.conf &&
	req GET /api/0/hosts | hbweb -c users.conf >out &&
	test "$(status out)" = 401 &&
	req GET /api/0/me | hbweb -c users.conf >out &&
	body out | jq -c . >got &&
	echo "{\"auth\":true,\"user\":null}" >want &&
	test_cmp want got
'

test_expect_success 'built-in assets: served with an ETag, revalidated with a 304, nothing else' '
	req GET /static/hb.css | hbweb >out &&
	test "$(status out)" = 200 &&
	grep "^Content-Type: text/css; charset=utf-8" out &&
	grep "^Cache-Control: no-cache" out &&
	body out >css &&
	test_cmp "$TOP/hbweb/www/hb.css" css &&
	etag=$(sed -n "s/^ETag: \(.*\)\r$/\1/p" out) &&
	test -n "$etag" &&
	req GET /static/hb.css "If-None-Match: $etag" | hbweb >out &&
	test "$(status out)" = 304 &&
	! grep "^Content-Length" out &&
	test -z "$(body out)" &&
	req GET /static/nonesuch.js | hbweb >out &&
	test "$(status out)" = 404 &&
	req GET /static/../hbweb.c | hbweb >out &&
	test "$(status out)" = 404 &&
	req POST /static/hb.css "Content-Length: 0" | hbweb >out &&
	test "$(status out)" = 405 &&
	req GET /api/0/me | hbweb >out &&
	grep "^Cache-Control: no-store" out
'

test_expect_success 'hbweb passwd prints a pbkdf2:sha256 line from standard input' '
	echo "s3cret pass" | hbweb passwd alice >line &&
	grep -E "^user alice password pbkdf2:sha256:600000\\\$[A-Za-z0-9]{16}\\\$[0-9a-f]{64}$" line &&
	echo "s3cret pass" | hbweb passwd alice >line2 &&
	! test_cmp line line2 &&
	test_expect_code 2 hbweb passwd "bad name" </dev/null
'

test_done
