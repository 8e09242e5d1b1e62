#!/bin/sh
test_description='hbrecv: hostile datagrams are counted and dropped, never journaled'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'

port=$(free_port udp)
state=$TRASH/state
mkdir corpus

# zlib through perl's core Compress::Zlib: no tool the tests do not have
zlib() {
	perl -MCompress::Zlib -e 'local $/; print compress(<STDIN>)'
}

test_expect_success 'make the corpus' '
	printf "{\"ID\":\"HTB\",\"name\":\"a\",\"interval\":30}" | zlib >z &&
	head -c 10 z >corpus/bad_zlib.truncated &&
	head -c 62914560 /dev/zero | zlib >corpus/inflate_cap.bomb &&
	test $(wc -c <corpus/inflate_cap.bomb) -lt 65507 &&
	head -c 65000 /dev/urandom | tr "{x" "ab" >corpus/bad_format.garbage &&
	perl -e "print q({\"ID\":\"HTB\",\"name\":\"a\",\"x\":), q([) x 1000" >corpus/bad_json.deep &&
	printf "{\"ID\":\"HTB\",\"name\":\"a\",\"text\":\"\\377\\376\"}" >corpus/bad_json.utf8 &&
	printf "{\"ID\":\"HTB\",\"name\":\"a\",\"interval\":\"30\"}" >corpus/bad_field.type &&
	printf "{\"ID\":\"PLG\",\"name\":\"a\",\"plugin\":\"../../x\",\"data\":{}}" >corpus/bad_field.plugin &&
	printf "{\"ID\":\"XXX\",\"name\":\"a\"}" >corpus/unknown_id.xxx &&
	printf "{\"ID\":\"HTB\",\"name\":\"../../etc/x\"}" >corpus/bad_name.dotdot &&
	printf "{\"ID\":\"HTB\",\"name\":\"..\"}" >corpus/bad_name.dots &&
	printf "{\"ID\":\"HTB\",\"name\":\"a/b\"}" >corpus/bad_name.slash &&
	perl -e "print q({\"ID\":\"HTB\",\"name\":\"), q(a) x 300, q(\"})" >corpus/bad_name.long &&
	printf "{\"ID\":\"HTB\",\"name\":\"a\"}TRAILER" >corpus/trailing_bytes.json &&
	{ cat z; printf X; } >corpus/trailing_bytes.zlib &&
	ls corpus | wc -l >count &&
	test $(cat count) = 14
'

test_expect_success 'start hbrecv' '
	start_daemon hbrecv -l 127.0.0.1:$port -s "$state" &&
	recv_pid=$daemon_pid && recv_log=$daemon_log &&
	wait_for_file "$state/hbrecv.stats"
'

test_expect_success 'send the corpus, then a valid heartbeat' '
	for f in corpus/*; do
		udp-send 127.0.0.1:$port "$f" || return 1
	done &&
	printf "{\"ID\":\"HTB\",\"name\":\"survivor\",\"interval\":30}" >good &&
	udp-send 127.0.0.1:$port good &&
	wait_for_file "$state/hosts/survivor.json"
'

test_expect_success 'the valid heartbeat is the only journal line' '
	wait_for_line "$state/messages.journal" survivor &&
	test_line_count = 1 "$state/messages.journal"
'

test_expect_success 'each refusal is logged with its reason' '
	grep -c "refused datagram from 127.0.0.1" "$recv_log" >n &&
	test $(cat n) = 10 &&
	grep "suppressed\|refused.*bad_name" "$recv_log" >/dev/null
'

test_expect_success 'each is counted under its reason' '
	kill $recv_pid && wait_for_exit $recv_pid &&
	for reason in bad_zlib inflate_cap bad_format bad_json bad_field unknown_id bad_name trailing_bytes; do
		want=$(ls corpus | grep -c "^$reason\\.") &&
		jq -e ".dropped.$reason == $want" "$state/hbrecv.stats" >/dev/null || {
			echo "$reason: want $want"; jq .dropped "$state/hbrecv.stats"; return 1; }
	done &&
	jq -e ".received == 15 and .accepted == 1" "$state/hbrecv.stats"
'

test_expect_success 'no file was made outside STATEDIR/hosts' '
	(cd "$state" && find . | sort) >files &&
	printf ".\n./hbrecv.stats\n./hosts\n./hosts/survivor.json\n./messages.journal\n" >expect &&
	test_cmp expect files &&
	! test -e "$TRASH/etc" && ! test -e "$TRASH/x" && ! test -e "$TRASH/a"
'

if printf "" | udp-send [::1]:9 2>/dev/null; then
	test_expect_success 'over IPv6, a datagram longer than 65507 bytes is too big' '
		port6=$(free_port udp) &&
		start_daemon hbrecv -l "[::1]:$port6" -s "$state" -j j6 &&
		pid6=$daemon_pid &&
		wait_for_line "$daemon_log" listening &&
		perl -e "print q({\"ID\":\"HTB\",\"name\":\"a\",\"p\":\"), q(x) x 65490, q(\"})" >big &&
		udp-send "[::1]:$port6" big &&
		printf "{\"ID\":\"HTB\",\"name\":\"v6\"}" >v6 &&
		udp-send "[::1]:$port6" v6 &&
		wait_for_line j6 "\"v6\"" &&
		kill $pid6 && wait_for_exit $pid6 &&
		jq -e ".dropped.too_big == 1 and .accepted == 1" "$state/hbrecv.stats"
	'
else
	test_skip 'IPv6 too-big datagram' 'no IPv6 loopback here'
fi

test_done
