#!/bin/sh
# web-rate: hbweb's requests a second for /api/0/hosts of 1,000 hosts with
# keep-alive, next to nginx serving a static copy of the same answer, in
# one run (wrk); and the CPU of one inetd-style request (a process per
# connection, from start to answer).
#
#   sh t/bench/web-rate.sh          H=1000 hosts, D=5 seconds of wrk each
NAME=web-rate
cd "$(dirname "$0")/../.." || exit 1
. t/bench/bench-lib.sh
B=${HB_BUILD:-.}
H=${H:-1000}
D=${D:-5}
HBWEB=$(pwd)/$B/hbweb/hbweb

command -v wrk >/dev/null || die "needs wrk (Debian: wrk)"
command -v nginx >/dev/null || die "needs nginx (Debian: nginx-light)"
command -v curl >/dev/null || die "needs curl"

# tcp_port: a TCP port on 127.0.0.1 that nothing listens on now.
tcp_port() {
	perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(LocalAddr =>
	    "127.0.0.1", LocalPort => 0, Proto => "tcp", Listen => 1)->sockport, "\n"'
}

mkdir -p $TMP/state $TMP/www $TMP/nginx
awk -v n=$H 'BEGIN {
	printf "{\"version\":1,\"updated\":1795397730,\"hosts\":{"
	for (i = 0; i < n; i++)
		printf "%s\"host-%04d\":{\"state\":\"UP\",\"since\":1795397000,\"last_seen\":1795397729.5,\"interval\":30,\"rtt\":1.25,\"address\":\"192.0.2.%d\",\"version\":\"0.1\"}", i ? "," : "", i, i % 250
	printf "},\"alerts\":["
	for (i = 0; i < n / 10; i++)
		printf "%s{\"host\":\"host-%04d\",\"metric\":\"cpu_monitor.cpu_percent\",\"state\":\"WARNING\",\"value\":85}", i ? "," : "", i * 10
	printf "]}\n"
}' >$TMP/state/alerts.json

p1=$(tcp_port)
p2=$(tcp_port)
echo "statedir $TMP/state" >$TMP/hb.conf
$HBWEB -c $TMP/hb.conf -l 127.0.0.1:$p1 2>$TMP/hbweb.log &
started $!
poll_ 50 curl -s -o $TMP/www/hosts.json http://127.0.0.1:$p1/api/0/hosts ||
	die "hbweb did not answer"

# nginx as Debian sets it up (worker_processes auto, sendfile, tcp_nopush),
# so that hbweb is measured against nginx at its best. Its workers run as
# nobody when started by root: they must be able to read the copy.
chmod a+rx $TMP $TMP/www
chmod a+r $TMP/www/hosts.json
cat >$TMP/nginx/nginx.conf <<EOF
daemon off;
worker_processes auto;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	client_body_temp_path $TMP/nginx;
	proxy_temp_path $TMP/nginx;
	fastcgi_temp_path $TMP/nginx;
	uwsgi_temp_path $TMP/nginx;
	scgi_temp_path $TMP/nginx;
	server {
		listen 127.0.0.1:$p2;
		root $TMP/www;
		default_type application/json;
	}
}
EOF
nginx -c $TMP/nginx/nginx.conf -p $TMP/nginx &
started $!
poll_ 50 curl -s -o /dev/null http://127.0.0.1:$p2/hosts.json || die "nginx did not start"
curl -sf http://127.0.0.1:$p2/hosts.json | cmp -s - $TMP/www/hosts.json ||
	die "nginx does not serve the copy of the answer"

# rate URL: requests a second, of whole answers: errors make the figure a lie.
rate() {
	wrk -t2 -c16 -d${D}s "$1" >$TMP/wrk.out
	! grep -E "Non-2xx|Socket errors" $TMP/wrk.out >&2 ||
		die "$1: wrong answers or errors under load"
	awk '/^Requests\/sec/ { print $2 }' $TMP/wrk.out
}

size=$(wc -c <$TMP/www/hosts.json)
echo "GET /api/0/hosts, $H hosts ($size bytes), keep-alive, wrk -t2 -c16 -d${D}s, $(nproc) cores"
a=$(rate http://127.0.0.1:$p1/api/0/hosts) || exit 1
b=$(rate http://127.0.0.1:$p2/hosts.json) || exit 1
awk -v a=$a -v b=$b 'BEGIN {
	printf "hbweb -l   %10.0f requests/s\nnginx      %10.0f requests/s (static copy of the answer)\nratio      %10.2f\n", a, b, a / b }'

# One connection, one process: inetd, tcpserver. The loop's own cost
# (sh forking and exec'ing true) is measured apart and taken off.
N=200
loop_cpu() {
	{ /usr/bin/env time -f "%U %S" sh -c "i=0; while [ \$i -lt $N ]; do $1 <$TMP/req >/dev/null; i=\$((i + 1)); done"; } 2>&1 |
	    tail -1 | awk '{ print $1 + $2 }'
}
printf 'GET /api/0/hosts HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n' >$TMP/req
$HBWEB -c $TMP/hb.conf <$TMP/req | sed '1,/^\r$/d' | cmp -s - $TMP/www/hosts.json ||
	die "hbweb on standard input does not give the same answer"
base=$(loop_cpu /bin/true)
hosts=$(loop_cpu "$HBWEB -c $TMP/hb.conf")
printf 'GET /api/0/me HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n' >$TMP/req
me=$(loop_cpu "$HBWEB -c $TMP/hb.conf")
awk -v n=$N -v b=$base -v h=$hosts -v m=$me 'BEGIN {
	printf "inetd style %9.2f ms CPU for /api/0/hosts, start to answer (%d runs, less /bin/true in the same loop: %.2f ms)\n", (h - b) * 1000 / n, n, b * 1000 / n
	printf "inetd style %9.2f ms CPU for /api/0/me\n", (m - b) * 1000 / n }'
