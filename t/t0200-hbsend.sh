#!/bin/sh
test_description='hbsend: one-shot messages, -w, the daemon, configuration, addresses'
. "$(dirname "$0")/test-lib.sh"

# The user's own ~/.hbsend.conf must not change what the tests see.
HOME=$TRASH
export HOME

USAGE='usage: hbsend [-bdFvw] [-c conf] [-i interval] [-m text] [-n name] [-p port] server ...
       hbsend -S [-c conf]'

# start_sink [-a] ADDR:PORT: a udp-sink that listens; its output is in $sink_log.
start_sink() {
	start_daemon udp-sink "$@" &&
	sink_log=$daemon_log &&
	wait_for_line "$sink_log" "listening on"
}

# The lines of the sink log $1 that come from the host named $2.
from() {
	grep "\"name\":\"$2\"" "$1"
}

# Each line of a file of numbers is one more than the line before.
counts_up() {
	awk 'NR > 1 && $1 != prev + 1 { exit 1 } { prev = $1 }' "$1"
}

test_expect_success 'setup: a sink, a second one, and one that acknowledges' '
	port=$(free_port) &&
	start_sink 127.0.0.1:$port &&
	sink=$sink_log &&
	port2=$(free_port) &&
	start_sink 127.0.0.1:$port2 &&
	sink2=$sink_log &&
	aport=$(free_port) &&
	start_sink -a 127.0.0.1:$aport &&
	asink=$sink_log
'

test_expect_success 'a heartbeat carries name, seq, ts, v, interval and version, and nothing is said' '
	hbsend -n t-once 127.0.0.1:$port >out 2>err &&
	test_cmp /dev/null out &&
	test_cmp /dev/null err &&
	wait_for_line "$sink" "\"name\":\"t-once\"" &&
	from "$sink" t-once >got &&
	test_line_count = 1 got &&
	grep -E "^\{\"ID\":\"HTB\",\"name\":\"t-once\",\"seq\":[0-9]+,\"ts\":[0-9]+(\.[0-9]+)?,\"v\":1,\"interval\":30,\"version\":\"hbsend [0-9.]+\"\}$" got
'

short=$(uname -n | cut -d. -f1)
if echo "$short" | grep -Eq '^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$'; then
	test_expect_success 'the name defaults to the short host name' '
		hbsend 127.0.0.1:$port &&
		wait_for_line "$sink" "^\{\"ID\":\"HTB\",\"name\":\"$short\","
	'
else
	test_skip 'the default name' "the host name '$short' is no valid hb name"
fi

test_expect_success 'a bad -n is a usage error, with the message first' '
	test_expect_code 2 hbsend -n ../x 127.0.0.1:$port 2>err &&
	test_line_count = 3 err &&
	head -n 1 err | grep "^hbsend: -n: .*not a valid name" &&
	tail -n 2 err >usage && echo "$USAGE" >expect && test_cmp expect usage &&
	long=$(printf "%0300d" 0) &&
	test_expect_code 2 hbsend -n "$long" 127.0.0.1:$port 2>err &&
	grep "^hbsend: -n: .*not a valid name" err &&
	test_expect_code 2 hbsend -n "" 127.0.0.1:$port 2>err &&
	grep "^hbsend: -n: .*not a valid name" err
'

test_expect_success '-m sends a MSG with the text' '
	hbsend -n t-msg -m "hello, \"world\"" 127.0.0.1:$port &&
	wait_for_line "$sink" "\"name\":\"t-msg\"" &&
	from "$sink" t-msg >got &&
	grep -E "^\{\"ID\":\"MSG\",\"name\":\"t-msg\",\"seq\":[0-9]+,\"ts\":[0-9.]+,\"v\":1,\"text\":\"hello, \\\\\"world\\\\\"\"\}$" got
'

test_expect_success '-b without -d sends a BOOT and no heartbeat' '
	hbsend -n t-boot -b 127.0.0.1:$port &&
	hbsend -n t-boot -m done 127.0.0.1:$port &&
	wait_for_line "$sink" "\"name\":\"t-boot\".*\"text\":\"done\"" &&
	from "$sink" t-boot >got &&
	test_line_count = 2 got &&
	head -n 1 got | grep "^{\"ID\":\"BOOT\",\"name\":\"t-boot\",\"seq\":[0-9]*,\"ts\":[0-9.]*,\"v\":1}$"
'

test_expect_success 'every server gets the message; -p is the default port, host:port wins' '
	hbsend -n t-multi 127.0.0.1:$port 127.0.0.1:$port2 &&
	wait_for_line "$sink" "\"name\":\"t-multi\"" &&
	wait_for_line "$sink2" "\"name\":\"t-multi\"" &&
	hbsend -n t-port -p $port 127.0.0.1 127.0.0.1:$port2 &&
	wait_for_line "$sink" "\"name\":\"t-port\"" &&
	wait_for_line "$sink2" "\"name\":\"t-port\""
'

test_expect_success 'seq counts up from one message to the next, across runs' '
	hbsend -n t-seq 127.0.0.1:$port &&
	hbsend -n t-seq -m two 127.0.0.1:$port &&
	wait_for_line "$sink" "\"name\":\"t-seq\".*\"text\":\"two\"" &&
	from "$sink" t-seq | sed "s/.*\"seq\":\([0-9]*\).*/\1/" >seqs &&
	test_line_count = 2 seqs &&
	test "$(sed -n 2p seqs)" -gt "$(sed -n 1p seqs)"
'

test_expect_success '-w prints the round-trip time of an acknowledging server' '
	hbsend -w -n t-wait 127.0.0.1:$aport >out 2>err &&
	test_cmp /dev/null err &&
	test_line_count = 1 out &&
	grep -Ex "127\.0\.0\.1:$aport rtt [0-9]+\.[0-9]{3} ms" out
'

test_expect_success '-w against a port where nothing listens fails in about 2s' '
	dead=$(free_port) &&
	start=$(date +%s) &&
	test_expect_code 1 hbsend -w -n t-dead 127.0.0.1:$dead >out 2>err &&
	end=$(date +%s) &&
	test $((end - start)) -le 4 &&
	test_cmp /dev/null out &&
	grep "^hbsend: 127.0.0.1:$dead: no ACK within 2s" err
'

test_expect_success '-w with a live and a dead server: the rtt of one, the name of the other' '
	dead=$(free_port) &&
	test_expect_code 1 hbsend -w -n t-half 127.0.0.1:$dead 127.0.0.1:$aport >out 2>err &&
	grep -Ex "127\.0\.0\.1:$aport rtt [0-9]+\.[0-9]{3} ms" out &&
	test_line_count = 1 out &&
	grep "^hbsend: 127.0.0.1:$dead: no ACK within 2s" err &&
	! grep "$aport" err
'

test_expect_success '-v tells what is sent' '
	hbsend -v -n t-verbose 127.0.0.1:$port 2>err &&
	grep "^hbsend: 127.0.0.1:$port: sent HTB seq [0-9]* to 127.0.0.1:$port" err
'

test_expect_success 'a long -m text goes compressed and arrives whole' '
	text=$(awk "BEGIN { for (i = 0; i < 700; i++) printf \"word%d \", i }") &&
	test ${#text} -ge 5000 &&
	hbsend -n t-long -m "$text" 127.0.0.1:$port &&
	wait_for_line "$sink" "^z \{\"ID\":\"MSG\",\"name\":\"t-long\"" &&
	grep -F "\"text\":\"$text\"}" "$sink"
'

test_expect_success '-d -F -i 1 beats with a seq counting up and reports the rtt' '
	start_daemon hbsend -d -F -i 1 -n t-daemon 127.0.0.1:$aport &&
	pid=$daemon_pid &&
	wait_for_line "$asink" "\"name\":\"t-daemon\".*\"rtt\":[0-9.]+" &&
	kill $pid &&
	wait $pid &&
	from "$asink" t-daemon | grep "\"ID\":\"HTB\"" >got &&
	test_line_count -ge 2 got &&
	! head -n 1 got | grep rtt &&
	grep -c "\"ID\":\"HTB\",.*\"interval\":1," got >n &&
	test "$(cat n)" -eq "$(wc -l <got)" &&
	sed "s/.*\"seq\":\([0-9]*\).*/\1/" got >seqs &&
	awk "NR > 1 && \$1 <= prev { exit 1 } { prev = \$1 }" seqs
'

test_expect_success '-d -F -b: BOOT first, SHUT on SIGTERM, exit 0' '
	start_daemon hbsend -d -F -b -i 1 -n t-life 127.0.0.1:$port &&
	pid=$daemon_pid &&
	wait_for_line "$sink" "\"ID\":\"HTB\",\"name\":\"t-life\"" &&
	kill -TERM $pid &&
	wait_for_line "$sink" "\"ID\":\"SHUT\",\"name\":\"t-life\"" &&
	wait $pid &&
	from "$sink" t-life >got &&
	head -n 1 got | grep "^{\"ID\":\"BOOT\"" &&
	tail -n 1 got | grep "^{\"ID\":\"SHUT\"" &&
	sed "s/.*\"seq\":\([0-9]*\).*/\1/" got >seqs &&
	counts_up seqs
'

test_expect_success 'SIGINT ends the daemon the same way' '
	start_daemon hbsend -d -F -b -i 1 -n t-int 127.0.0.1:$port &&
	pid=$daemon_pid &&
	wait_for_line "$sink" "\"ID\":\"HTB\",\"name\":\"t-int\"" &&
	kill -INT $pid &&
	wait_for_line "$sink" "\"ID\":\"SHUT\",\"name\":\"t-int\"" &&
	wait $pid
'

test_expect_success 'the daemon outlives an absent receiver and reaches it when it comes' '
	late=$(free_port) &&
	start_daemon hbsend -d -F -i 1 -n t-late 127.0.0.1:$late &&
	pid=$daemon_pid &&
	dlog=$daemon_log &&
	wait_for_line "$dlog" "^hbsend: 127.0.0.1:$late: send to 127.0.0.1:$late: " &&
	kill -0 $pid &&
	start_sink 127.0.0.1:$late &&
	wait_for_line "$sink_log" "\"name\":\"t-late\"" &&
	kill $pid &&
	wait $pid
'

if command -v pgrep >/dev/null; then
	test_expect_success '-d goes into the background and beats there' '
		tag=t-bg-$$ &&
		hbsend -d -i 1 -n $tag 127.0.0.1:$port >out 2>err &&
		test_cmp /dev/null out &&
		test_cmp /dev/null err &&
		wait_for_line "$sink" "\"name\":\"$tag\"" &&
		bg=$(pgrep -o -f -- "-n $tag ") &&
		test -n "$bg" &&
		test_pids="$test_pids $bg" &&
		{ ! test -e /proc/$bg/cwd || test "$(readlink /proc/$bg/cwd)" = /; } &&
		kill $bg &&
		wait_for_exit $bg
	'
else
	test_skip '-d in the background' 'pgrep is not installed (Debian: procps)'
fi

test_expect_success '-h prints the usage line on stdout and exits 0' '
	hbsend -h >out &&
	echo "$USAGE" >expect &&
	test_cmp expect out
'

test_expect_success 'bad options, bad values and no server: a message, the usage, exit 2' '
	for args in "-x 127.0.0.1" "" "-c" "-i 0 h" "-i soon h" "-p 0 h" \
	    "-p 65536 h" "-p 1x h" "127.0.0.1:0" "h:port" "[::1" "[::1]x" \
	    "-F h" "-d -m x h" "-w -b h" "-w -d h" "-S h" "-S -d"; do
		test_expect_code 2 hbsend $args 2>err || return 1
		test_line_count = 3 err || return 1
		head -n 1 err | grep "^hbsend: ." || return 1
		tail -n 2 err >usage && echo "$USAGE" >expect &&
		test_cmp expect usage || return 1
	done
'

test_expect_success 'a configuration file sets interval and port; flags win' '
	printf "# for the test\ninterval 7s\nport %s\ngrace 10s\n" $port >my.conf &&
	hbsend -c my.conf -n t-conf 127.0.0.1 &&
	wait_for_line "$sink" "\"name\":\"t-conf\",.*\"interval\":7," &&
	hbsend -c my.conf -i 2m -p $port2 -n t-conf2 127.0.0.1 &&
	wait_for_line "$sink2" "\"name\":\"t-conf2\",.*\"interval\":120,"
'

test_expect_success '~/.hbsend.conf is read without -c' '
	printf "port %s\ninterval 1h\n" $port2 >"$HOME/.hbsend.conf" &&
	hbsend -n t-home 127.0.0.1 &&
	wait_for_line "$sink2" "\"name\":\"t-home\",.*\"interval\":3600," &&
	rm "$HOME/.hbsend.conf"
'

test_expect_success 'compress sets the threshold of compression' '
	printf "compress 64K\n" >big.conf &&
	hbsend -c big.conf -n t-plain -m "$text" 127.0.0.1:$port &&
	wait_for_line "$sink" "^\{\"ID\":\"MSG\",\"name\":\"t-plain\"" &&
	printf "compress 0\n" >small.conf &&
	hbsend -c small.conf -n t-tiny 127.0.0.1:$port &&
	wait_for_line "$sink" "^z \{\"ID\":\"HTB\",\"name\":\"t-tiny\""
'

test_expect_success 'mistakes in the configuration name FILE:LINE and exit 1' '
	printf "interval 5s\nbogus 1\nport 0\n" >bad.conf &&
	test_expect_code 1 hbsend -c bad.conf 127.0.0.1:$port 2>err &&
	cat >expect <<-\EOF &&
	hbsend: bad.conf:2: unknown directive '\''bogus'\''
	hbsend: bad.conf:3: port: bad port (1 to 65535)
	EOF
	test_cmp expect err &&
	test_expect_code 1 hbsend -c nothere.conf 127.0.0.1:$port 2>err &&
	echo "hbsend: nothere.conf: No such file or directory" >expect &&
	test_cmp expect err
'

test_expect_success 'an unresolvable server: a message, and exit 1 when it was the only one' '
	test_expect_code 1 hbsend -n t-nx no-such-host.invalid 2>err &&
	grep "^hbsend: no-such-host.invalid: resolve no-such-host.invalid: " err &&
	grep "^hbsend: HTB: no server took it$" err &&
	hbsend -n t-nx2 no-such-host.invalid 127.0.0.1:$port 2>err &&
	grep "resolve no-such-host.invalid" err &&
	wait_for_line "$sink" "\"name\":\"t-nx2\""
'

if test -w /dev/full; then
	test_expect_success 'a full standard output is an error' '
		test_expect_code 1 hbsend -w -n t-full 127.0.0.1:$aport >/dev/full 2>err &&
		grep "^hbsend: stdout: No space left on device$" err
	'
else
	test_skip 'a full standard output' 'no /dev/full here'
fi

v6port=$(free_port)
start_daemon udp-sink "[::1]:$v6port"
v6sink=$daemon_log
if wait_for_line "$v6sink" "listening on|bind" && grep -q "listening on" "$v6sink"; then
	test_expect_success 'IPv6: [::1]:port, and a bare ::1 on the -p port' '
		hbsend -n t-v6 "[::1]:$v6port" &&
		wait_for_line "$v6sink" "\"name\":\"t-v6\"" &&
		hbsend -n t-v6b -p $v6port ::1 &&
		wait_for_line "$v6sink" "\"name\":\"t-v6b\""
	'
else
	test_skip 'IPv6 on ::1' 'this machine has no ::1'
fi

# A name with an IPv6 and an IPv4 address, where only IPv4 listens: the
# IPv6 address is refused first, the IPv4 one takes over. Such a name is
# localhost on many machines; elsewhere root can make one in a mount
# namespace of its own.
printf '::1 both\n127.0.0.1 both\n' >"$TRASH/hosts.both"
both() {
	unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' \
	    sh "$TRASH/hosts.both" "$@"
}
if getent ahosts localhost 2>/dev/null | grep -q "^::1 " &&
    getent ahosts localhost | grep -q "^127\.0\.0\.1 "; then
	bothname=localhost
	bothrun=
elif both getent ahosts both 2>/dev/null | grep -q "^::1 "; then
	bothname=both
	bothrun=both
fi
if test -n "$bothname"; then
	test_expect_success 'a server with addresses of both families falls back to the one that answers' '
		$bothrun hbsend -v -w -n t-both $bothname:$aport >out 2>err &&
		grep -Ex "127\.0\.0\.1:$aport rtt [0-9.]+ ms" out &&
		grep "^hbsend: $bothname:$aport: send to \[::1\]:$aport: " err
	'
else
	test_skip 'fallback between families' 'no name of both families here'
fi

# Without an IPv6 route, an IPv6 address fails at once, and the daemon
# gives it up after three failures. A network namespace of our own has no
# route at all.
if ! hbsend -n t-route "[2001:db8::1]:9" 2>/dev/null; then
	noroute=
elif unshare -n true 2>/dev/null; then
	noroute="unshare -n"
else
	noroute=none
fi
if test "$noroute" != none; then
	test_expect_success 'an IPv6 address that never worked is given up after 3 failures' '
		start_daemon $noroute hbsend -d -F -i 1 -n t-v6gone "[2001:db8::1]:9" &&
		pid=$daemon_pid &&
		wait_for_line "$daemon_log" "giving up \[2001:db8::1\]:9, which never worked" &&
		test "$(grep -c "connect to" "$daemon_log")" -eq 1 &&
		kill $pid &&
		wait $pid
	'
else
	test_skip 'giving up an IPv6 address' 'this machine routes IPv6'
fi

if command -v mandoc >/dev/null; then
	test_expect_success 'the SYNOPSIS of hbsend.1 is the usage line' '
		mandoc -Tascii -O width=200 "$TOP/hbsend/hbsend.1" |
		    perl -pe "s/.\x08//g" | sed -n "/^SYNOPSIS/{n;s/^ *//;p;n;s/^ *//;p;}" >got &&
		echo "$USAGE" | sed "s/^usage: //; s/^ *//" >expect &&
		test_cmp expect got
	'
else
	test_skip 'SYNOPSIS and usage' 'mandoc is not installed (Debian: mandoc)'
fi

test_done
