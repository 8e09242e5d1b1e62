#!/bin/sh
test_description='hbrecv: rotation, history bounds, a crash under load, inherited sockets'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'

port=$(free_port udp)
state=$TRASH/state

start_hbrecv() {
	rm -f "$state/hbrecv.stats"
	start_daemon "$@" &&
	recv_pid=$daemon_pid && recv_log=$daemon_log &&
	wait_for_file "$state/hbrecv.stats"
}

stop_hbrecv() {
	kill $recv_pid && wait_for_exit $recv_pid
}

test_expect_success 'rotation keeps exactly `backups` old files and loses no line' '
	cat >rot.conf <<-EOF &&
	journal $TRASH/rot.journal max-size 4K backups 3 fsync batch
	EOF
	start_hbrecv hbrecv -c rot.conf -l 127.0.0.1:$port -s "$state" &&
	loadgen -r 2000 -h 1 -n 400 127.0.0.1:$port >sent &&
	wait_for_line rot.journal "\"seq\":399[,}]" &&
	stop_hbrecv &&
	ls rot.journal* >files &&
	printf "rot.journal\nrot.journal.1\nrot.journal.2\nrot.journal.3\n" >expect &&
	test_cmp expect files &&
	for f in rot.journal*; do
		test $(wc -c <"$f") -le 4096 || return 1
		jq -e .message.ID "$f" >/dev/null || return 1
	done
'

test_expect_success 'no line lost: the kept files end with the last lines sent' '
	jq -e ".accepted == 400" "$state/hbrecv.stats" &&
	cat rot.journal.3 rot.journal.2 rot.journal.1 rot.journal |
	    jq -r ".message.seq" >seqs &&
	first=$(head -n 1 seqs) &&
	seq $first 399 >expect &&
	test_cmp expect seqs
'

plg() {
	for i in "$@"; do
		printf "{\"ID\":\"PLG\",\"name\":\"h\",\"plugin\":\"p\",\"data\":{\"i\":$i}}" >plg &&
		udp-send 127.0.0.1:$port plg || return 1
	done
}

# hist_is N I: the last sample is I, and the file holds no more than 2N
# lines (a cut may lag an append)
hist_is() {
	poll_ eval "test \$(wc -l <\"$state/hosts/h.hist/p\") -le \$((2 * $1)) &&
	    tail -n 1 \"$state/hosts/h.hist/p\" | grep -q \"\\\"i\\\":$2}\""
}

test_expect_success 'the history of a plugin is cut back to its bound at twice that' '
	printf "history 2\njournal j2 fsync none\n" >hist.conf &&
	start_hbrecv hbrecv -c hist.conf -l 127.0.0.1:$port -s "$state" -j j2 &&
	for i in 1 2 3 4 5; do
		plg $i && hist_is 2 $i || return 1
	done &&
	tail -n 2 "$state/hosts/h.hist/p" | jq -c .data.i >got &&
	printf "4\n5\n" >expect &&
	test_cmp expect got
'

test_expect_success 'of samples that come faster than the writer, it keeps the newest' '
	plg 6 7 8 &&
	hist_is 2 8
'

test_expect_success 'after a restart too' '
	stop_hbrecv &&
	printf "history 1\njournal j2 fsync none\n" >hist.conf &&
	start_hbrecv hbrecv -c hist.conf -l 127.0.0.1:$port -s "$state" -j j2 &&
	plg 9 &&
	hist_is 1 9 &&
	jq -c .data.i "$state/hosts/h.hist/p" >got &&
	echo 9 >expect &&
	test_cmp expect got &&
	stop_hbrecv
'

test_expect_success 'a kill -9 under load leaves whole lines (but a torn last one) and whole files' '
	start_hbrecv hbrecv -l 127.0.0.1:$port -s "$state" -j crash.journal &&
	{ loadgen -h 300 -p 50 -n 200000 127.0.0.1:$port >/dev/null & } &&
	poll_ eval "test \$(wc -c <crash.journal 2>/dev/null || echo 0) -gt 1000000" &&
	acker=$(pgrep -o -P $recv_pid) &&
	kill -9 $recv_pid &&
	wait_for_exit $recv_pid &&
	wait_for_exit $acker &&
	wait &&
	perl -ne "print if /\\n\$/" crash.journal >whole &&
	jq -c .message.ID whole >/dev/null &&
	for f in "$state"/hosts/*.json; do
		jq -e .name "$f" >/dev/null || { echo "torn: $f"; return 1; }
	done
'

test_expect_success 'a restart cuts the torn line and continues' '
	lines=$(wc -l <whole) &&
	files=$(ls "$state"/hosts/*.json | wc -l) &&
	start_hbrecv hbrecv -l 127.0.0.1:$port -s "$state" -j crash.journal &&
	printf "{\"ID\":\"HTB\",\"name\":\"after-crash\"}" >htb &&
	udp-send 127.0.0.1:$port htb &&
	wait_for_line crash.journal after-crash &&
	test $(wc -l <crash.journal) = $((lines + 1)) &&
	jq -c .message.ID crash.journal >/dev/null &&
	stop_hbrecv &&
	jq -e ".hosts == $files + 1" "$state/hbrecv.stats"
'

test_expect_success 'SIGHUP moves to a new journal, unless it cannot be opened' '
	echo "journal $TRASH/hup1.journal" >hup.conf &&
	start_hbrecv hbrecv -c hup.conf -l 127.0.0.1:$port -s "$state" &&
	printf "{\"ID\":\"MSG\",\"name\":\"h\",\"text\":\"one\"}" >m1 &&
	udp-send 127.0.0.1:$port m1 &&
	wait_for_line hup1.journal "\"one\"" &&
	echo "journal /nonexistent/dir/j" >hup.conf &&
	kill -HUP $recv_pid &&
	wait_for_line "$recv_log" "reload: open /nonexistent/dir/j: No such file or directory; configuration unchanged" &&
	printf "{\"ID\":\"MSG\",\"name\":\"h\",\"text\":\"two\"}" >m2 &&
	udp-send 127.0.0.1:$port m2 &&
	wait_for_line hup1.journal "\"two\"" &&
	echo "journal $TRASH/hup2.journal max-size 1M" >hup.conf &&
	kill -HUP $recv_pid &&
	wait_for_line "$recv_log" "reloaded; journal .*hup2.journal" &&
	printf "{\"ID\":\"MSG\",\"name\":\"h\",\"text\":\"three\"}" >m3 &&
	udp-send 127.0.0.1:$port m3 &&
	wait_for_line hup2.journal "\"three\"" &&
	test_line_count = 2 hup1.journal &&
	stop_hbrecv
'

test_expect_success 'systemd socket activation' '
	start_hbrecv socket-activate 127.0.0.1:$port hbrecv -s "$state" -j sa.journal &&
	printf "{\"ID\":\"HTB\",\"name\":\"activated\",\"seq\":1}" >htb &&
	udp-send -w 2000 127.0.0.1:$port htb >ack &&
	jq -e ".seq == 1" ack &&
	wait_for_line sa.journal activated &&
	grep "listening on 1 socket" "$recv_log" &&
	stop_hbrecv
'

test_expect_success 'inetd wait mode: the socket on standard input' '
	start_hbrecv socket-activate -i 127.0.0.1:$port hbrecv -s "$state" -j inetd.journal &&
	printf "{\"ID\":\"HTB\",\"name\":\"inetd\",\"seq\":2}" >htb &&
	udp-send -w 2000 127.0.0.1:$port htb >ack &&
	jq -e ".seq == 2" ack &&
	wait_for_line inetd.journal inetd &&
	stop_hbrecv
'

test_expect_success 'a daemon detaches, and SIGTERM still ends it cleanly' '
	hbrecv -d -l 127.0.0.1:$port -s "$state" -j d.journal &&
	wait_for_file "$state/hbrecv.stats" &&
	pid=$(pgrep -o -f "hbrecv -d -l 127.0.0.1:$port") &&
	printf "{\"ID\":\"HTB\",\"name\":\"daemon\"}" >htb &&
	udp-send 127.0.0.1:$port htb &&
	wait_for_line d.journal daemon &&
	kill $pid && wait_for_exit $pid
'

test_done
