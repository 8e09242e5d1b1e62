#!/bin/sh
test_description='hbrecv: journal, host state, acknowledgements, signals, sockets'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'

port=$(free_port udp)
state=$TRASH/state

# send JSON: one datagram of exactly these bytes to hbrecv
send() {
	printf '%s' "$1" >dgram &&
	udp-send 127.0.0.1:$port dgram
}

# A start that fails says why on stderr, which prove shows: in a parallel
# run another test may have taken the port while hbrecv was down.
start_hbrecv() {
	rm -f "$state/hbrecv.stats"
	start_daemon hbrecv -l 127.0.0.1:$port -s "$state" "$@" &&
	recv_pid=$daemon_pid &&
	recv_log=$daemon_log &&
	wait_for_file "$state/hbrecv.stats" || {
		sed "s/^/start_hbrecv: /" "$recv_log" >&2
		return 1
	}
}

stop_hbrecv() {
	kill $recv_pid &&
	wait_for_exit $recv_pid
}

test_expect_success '-h prints the usage line and exits 0' '
	hbrecv -h >out &&
	grep "^usage: hbrecv \[-dv\] \[-c conf\]" out
'

test_expect_success 'a bad flag is a usage error' '
	test_expect_code 2 hbrecv -x 2>err &&
	grep "^usage: hbrecv \[-dv\]" err &&
	test_expect_code 2 hbrecv -l nonsense 2>err &&
	grep "bad IPv4 address" err &&
	test_expect_code 2 hbrecv extra 2>err
'

test_expect_success 'a bad configuration stops it with FILE:LINE' '
	printf "statedir /tmp/x\\nbogus 1\\njournal j max-size 10Q\\n" >bad.conf &&
	printf "journal j fsync sometimes\\nhistory 5 100M\\nrcvbuf 1K\\n" >>bad.conf &&
	printf "listen 127.0.0.1:99999\\njournal j backups\\n" >>bad.conf &&
	test_expect_code 1 hbrecv -c bad.conf -l 127.0.0.1:$port 2>err &&
	grep "^bad.conf:2: unknown directive .bogus." err &&
	grep "^bad.conf:3: journal: max-size: bad size unit" err &&
	grep "^bad.conf:4: journal: fsync: none, second or batch expected" err &&
	grep "^bad.conf:5: history: size: at most 64M" err &&
	grep "^bad.conf:6: rcvbuf: 1K is out of range" err &&
	grep "^bad.conf:7: listen: 127.0.0.1:99999: bad port" err &&
	grep "^bad.conf:8: journal: options come in pairs" err
'

test_expect_success 'it starts and writes its statistics' '
	start_hbrecv -o stream &&
	test -d "$state/hosts" &&
	jq -e ".received == 0 and .hosts == 0" "$state/hbrecv.stats"
'

test_expect_success 'an HTB is acknowledged, seq and ts echoed' '
	printf "%s" "{\"ID\":\"HTB\",\"name\":\"web-01\",\"interval\":30,\"seq\":41,\"ts\":1711234567.5,\"v\":1}" >htb &&
	udp-send -w 2000 127.0.0.1:$port htb >ack &&
	jq -e ".ID == \"ACK\" and .name == \"web-01\" and .seq == 41 and .ts == 1711234567.5" ack
'

test_expect_success 'the journal line has the seed'"'"'s fields' '
	wait_for_line "$state/messages.journal" "web-01" &&
	jq -e "select(.message.name == \"web-01\") |
	    (.timestamp | type) == \"number\" and
	    (.datetime | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[.][0-9]{3}Z$\")) and
	    .source_ip == \"127.0.0.1\" and (.source_port | type) == \"number\" and
	    .message.ID == \"HTB\" and .message.seq == 41" "$state/messages.journal"
'

test_expect_success 'the host file appears with its fields' '
	wait_for_file "$state/hosts/web-01.json" &&
	jq -e ".name == \"web-01\" and .address == \"127.0.0.1\" and .interval == 30 and
	    .seq == 41 and .lifecycle == \"up\" and .first_seen > 0 and
	    .last_seen >= .first_seen" "$state/hosts/web-01.json"
'

test_expect_success 'BOOT, MSG, PLG, SVC and RUN land in the host file' '
	send "{\"ID\":\"BOOT\",\"name\":\"web-01\"}" &&
	send "{\"ID\":\"MSG\",\"name\":\"web-01\",\"text\":\"disk swapped\"}" &&
	send "{\"ID\":\"PLG\",\"name\":\"web-01\",\"plugin\":\"cpu_monitor\",\"data\":{\"cpu_percent\":12.5}}" &&
	send "{\"ID\":\"SVC\",\"name\":\"web-01\",\"service\":\"api\",\"interval\":60,\"status\":\"error\",\"error\":\"down\"}" &&
	send "{\"ID\":\"RUN\",\"name\":\"web-01\",\"job\":\"backup\",\"phase\":\"start\"}" &&
	send "{\"ID\":\"RUN\",\"name\":\"web-01\",\"job\":\"backup\",\"phase\":\"end\",\"code\":0,\"duration\":3.5}" &&
	wait_for_line "$state/hosts/web-01.json" "\"duration\":3.5" &&
	jq -e ".boot_time > 0 and .last_message.text == \"disk swapped\" and
	    .plugins.cpu_monitor.data.cpu_percent == 12.5 and
	    .services.api.status == \"error\" and .services.api.error == \"down\" and
	    .jobs.backup.phase == \"end\" and .jobs.backup.code == 0 and
	    .jobs.backup.started > 0" "$state/hosts/web-01.json"
'

test_expect_success 'a plugin sample goes to its history' '
	wait_for_file "$state/hosts/web-01.hist/cpu_monitor" &&
	jq -e ".data.cpu_percent == 12.5 and .ts > 0" "$state/hosts/web-01.hist/cpu_monitor"
'

test_expect_success 'a message written over several lines is journaled on one' '
	printf "{\\n  \"ID\": \"PLG\",\\r\\n  \"name\": \"web-01\", \"plugin\": \"lines\",\\n  \"data\": {\"x\": [1,\\n 2]}\\n}\\n" >multi &&
	udp-send 127.0.0.1:$port multi &&
	wait_for_line "$state/messages.journal" "\"plugin\":\"lines\"" &&
	grep "\"plugin\":\"lines\"" "$state/messages.journal" >line &&
	test_line_count = 1 line &&
	jq -e ".message.data.x == [1,2]" line &&
	wait_for_line "$state/hosts/web-01.json" "\"lines\"" &&
	jq -e ".plugins.lines.data.x == [1,2]" "$state/hosts/web-01.json"
'

test_expect_success 'SHUT marks the host shut down' '
	send "{\"ID\":\"SHUT\",\"name\":\"web-01\"}" &&
	wait_for_line "$state/hosts/web-01.json" "\"lifecycle\":\"shutdown\""
'

test_expect_success 'the -o stream carries the journal lines' '
	wait_for_line stream "SHUT" &&
	grep -v "\"SHUT\"" "$state/messages.journal" | head -8 >expect &&
	grep -v "\"SHUT\"" stream | head -8 >actual &&
	test_cmp expect actual
'

test_expect_success 'SIGUSR1 logs the counters' '
	kill -USR1 $recv_pid &&
	wait_for_line "$recv_log" "stats .*\"accepted\":9"
'

test_expect_success 'SIGHUP reopens a journal that was moved away' '
	mv "$state/messages.journal" "$state/old.journal" &&
	kill -HUP $recv_pid &&
	wait_for_line "$recv_log" "reloaded" &&
	send "{\"ID\":\"MSG\",\"name\":\"web-01\",\"text\":\"after HUP\"}" &&
	wait_for_line "$state/messages.journal" "after HUP" &&
	! grep "after HUP" "$state/old.journal"
'

test_expect_success 'when the acker dies, the receiver acknowledges itself' '
	children=$(pgrep -P $recv_pid) &&
	{ kill -9 $children 2>/dev/null || :; } &&
	for p in $children; do poll_ process_dead $p || return 1; done &&
	printf "%s" "{\"ID\":\"HTB\",\"name\":\"web-01\",\"seq\":77}" >htb2 &&
	udp-send -w 2000 127.0.0.1:$port htb2 >ack2 &&
	jq -e ".seq == 77" ack2 &&
	grep "the acker is gone; acknowledging in the receiver" "$recv_log"
'

test_expect_success 'SIGTERM writes the state and exits 0' '
	kill $recv_pid &&
	wait $recv_pid;
	test $? = 0 &&
	jq -e ".accepted == 11 and .hosts == 1 and .acks == 2 and
	    .journal_bytes == .journal_size + $(wc -c <"$state/old.journal")" \
	    "$state/hbrecv.stats"
'

test_expect_success 'a restart keeps first_seen, boot time and samples' '
	jq -c "[.first_seen, .boot_time, .plugins.cpu_monitor.data]" "$state/hosts/web-01.json" >before &&
	start_hbrecv &&
	send "{\"ID\":\"HTB\",\"name\":\"web-01\",\"interval\":20}" &&
	wait_for_line "$state/hosts/web-01.json" "\"interval\":20" &&
	jq -c "[.first_seen, .boot_time, .plugins.cpu_monitor.data]" "$state/hosts/web-01.json" >after &&
	test_cmp before after &&
	stop_hbrecv
'

test_done
