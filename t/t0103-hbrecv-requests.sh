#!/bin/sh
test_description='hbrecv: drop requests and queued commands, as hbweb leaves them'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
perl -MCompress::Zlib -e 1 2>/dev/null ||
	skip_all 'perl has no Compress::Zlib (Debian: perl)'

port=$(free_port udp)
state=$TRASH/state
drops=$state/requests/drop

send() {
	printf '%s' "$1" >dgram &&
	udp-send 127.0.0.1:$port dgram
}

# drop NAME [CONTENT]: a drop request, written in tmp/ and renamed into place
drop() {
	mkdir -p "$state/requests/tmp" "$drops" &&
	if [ $# -gt 1 ]; then
		printf '%s\n' "$2"
	else
		printf '{"host":"%s","user":"alice","ts":1795397730.5}\n' "$1"
	fi >"$state/requests/tmp/$1" &&
	mv "$state/requests/tmp/$1" "$drops/$1"
}

# id N: the Nth ID in hbweb's form ("%017.6f.%d.%08x"), byte order time order
id() {
	printf '1795397730.%06d.4242.%08x' "$1" $(($1 * 2654435761 % 4294967296))
}

# enqueue HOST ID CMD: a command for HOST, maildir style
enqueue() {
	mkdir -p "$state/queue/$1/tmp" "$state/queue/$1/new" &&
	printf '{"cmd":"%s","user":"bob","ts":1795397730.5}\n' "$3" \
	    >"$state/queue/$1/tmp/$2" &&
	mv "$state/queue/$1/tmp/$2" "$state/queue/$1/new/$2"
}

# stage HOST ID CMD, then publish HOST: commands that appear all at once
# (else hbrecv may read some of them in one second, the rest in the next)
stage() {
	mkdir -p "$state/queue/$1/stage" &&
	printf '{"cmd":"%s","user":"bob","ts":1795397730.5}\n' "$3" \
	    >"$state/queue/$1/stage/$2"
}

publish() {
	mkdir -p "$state/queue/$1/new" &&
	rmdir "$state/queue/$1/new" &&
	mv "$state/queue/$1/stage" "$state/queue/$1/new"
}

# ack HOST SEQ: an HTB, and its ACK, inflated when it came compressed, in ack.json
ack() {
	printf '{"ID":"HTB","name":"%s","interval":30,"seq":%d}' "$1" "$2" >htb &&
	udp-send -w 5000 127.0.0.1:$port htb >ack.raw &&
	perl -MCompress::Zlib -0777 -ne 'chomp;
	    $_ = uncompress($_) // die "ack: bad zlib\n" if /^\x78/;
	    print "$_\n"' ack.raw >ack.json &&
	jq -e ".ID == \"ACK\" and .seq == $2" ack.json >/dev/null
}

# ack_cmds HOST: heartbeats until an ACK carries commands (hbrecv reads
# the queue once a second); its commands, one a line
hbseq=0
ack_cmds() {
	deadline=$(($(date +%s) + HB_TEST_TIMEOUT))
	while :; do
		hbseq=$((hbseq + 1))
		ack "$1" $hbseq || return 1
		jq -e 'has("cmd")' ack.json >/dev/null && break
		[ "$(date +%s)" -lt "$deadline" ] || {
			echo "ack_cmds: no ACK with commands in ${HB_TEST_TIMEOUT}s" >&2
			return 1
		}
		sleep 0.1
	done
	jq -r '.cmd[]' ack.json
}

# empty DIR: no entry at all; no_requests DIR: none but dot files
empty() {
	[ -z "$(ls -A "$1")" ]
}

no_requests() {
	[ -z "$(ls "$1")" ]
}

test_expect_success 'it starts' '
	start_daemon hbrecv -l 127.0.0.1:$port -s "$state" &&
	recv_pid=$daemon_pid && recv_log=$daemon_log &&
	wait_for_file "$state/hbrecv.stats"
'

test_expect_success 'a drop removes the host file, the history and the request' '
	send "{\"ID\":\"HTB\",\"name\":\"web-01\",\"interval\":30,\"seq\":1}" &&
	send "{\"ID\":\"PLG\",\"name\":\"web-01\",\"plugin\":\"cpu\",\"data\":{\"pct\":5}}" &&
	wait_for_file "$state/hosts/web-01.hist/cpu" &&
	wait_for_line "$state/hosts/web-01.json" "\"pct\":5" &&
	drop web-01 &&
	poll_ empty "$drops" &&
	test ! -e "$state/hosts/web-01.json" &&
	test ! -e "$state/hosts/web-01.hist" &&
	grep "dropped host web-01 at the request of \"alice\"$" "$recv_log"
'

test_expect_success 'a write that was due does not bring a dropped host back' '
	send "{\"ID\":\"PLG\",\"name\":\"web-01\",\"plugin\":\"cpu\",\"data\":{\"pct\":6}}" &&
	wait_for_line "$state/messages.journal" "\"pct\":6" &&
	drop web-01 &&
	poll_ empty "$drops" &&
	send "{\"ID\":\"HTB\",\"name\":\"other\",\"seq\":1}" &&
	wait_for_file "$state/hosts/other.json" &&
	test ! -e "$state/hosts/web-01.json" &&
	test ! -e "$state/hosts/web-01.hist" &&
	poll_ jq -e ".hosts == 1" "$state/hbrecv.stats"
'

test_expect_success 'a host hbrecv does not know has its files removed' '
	printf "{\"name\":\"ghost\"}\n" >"$state/hosts/ghost.json" &&
	mkdir "$state/hosts/ghost.hist" &&
	echo "{}" >"$state/hosts/ghost.hist/cpu" &&
	echo "{}" >"$state/hosts/ghost.hist/cpu.tmpAbC123" &&
	drop ghost "not JSON, so no user" &&
	poll_ empty "$drops" &&
	test ! -e "$state/hosts/ghost.json" &&
	test ! -e "$state/hosts/ghost.hist" &&
	grep "dropped host ghost$" "$recv_log" &&
	test -f "$state/hosts/other.json"
'

test_expect_success 'a heartbeat after a drop makes the host anew' '
	send "{\"ID\":\"HTB\",\"name\":\"web-01\",\"interval\":20,\"seq\":9}" &&
	wait_for_file "$state/hosts/web-01.json" &&
	jq -e ".seq == 9 and .interval == 20 and .plugins == {}" \
	    "$state/hosts/web-01.json"
'

test_expect_success 'requests that name no host are removed and logged' '
	echo precious >precious &&
	mkdir -p "$drops" &&
	: >"$drops/.hidden" &&
	: >"$drops/bad name" &&
	: >"$drops/a$(printf "\\033")[2Jb" &&
	: >"$drops/$(printf "%0254d" 0)" &&
	ln -s "$TRASH/precious" "$drops/lnk" &&
	poll_ empty "$drops" &&
	test "$(cat precious)" = precious &&
	wait_for_line "$recv_log" "/\"lnk\": a symbolic link; removed$" &&
	grep -F "drop/\".hidden\": not a host name; removed" "$recv_log" &&
	grep -F "drop/\"bad name\": not a host name; removed" "$recv_log" &&
	grep -F "drop/\"a\\u001b[2Jb\": not a host name; removed" "$recv_log" &&
	grep "drop/\"0\{254\}\": not a host name; removed" "$recv_log" &&
	! grep "dropped host lnk" "$recv_log"
'

test_expect_success 'a queued command rides the next ACK, and its file goes' '
	enqueue web-01 "$(id 1)" reload &&
	ack_cmds web-01 >cmds &&
	echo reload >expect &&
	test_cmp expect cmds &&
	poll_ empty "$state/queue/web-01/new" &&
	test -d "$state/queue/web-01/tmp" &&
	ack web-01 $((hbseq += 1)) &&
	jq -e "has(\"cmd\") | not" ack.json
'

test_expect_success '40 commands go out 32, then 8, in the order of their IDs' '
	for i in $(seq 40 | awk "BEGIN { srand(7) } { print rand(), \$0 }" |
	    sort | cut -d" " -f2); do
		stage web-01 "$(id $i)" "restart-service-$((100 - i))" || return 1
	done &&
	publish web-01 &&
	seq 99 -1 68 | sed "s/^/restart-service-/" >expect1 &&
	seq 67 -1 60 | sed "s/^/restart-service-/" >expect2 &&
	ack_cmds web-01 >cmds1 &&
	test_cmp expect1 cmds1 &&
	ack_cmds web-01 >cmds2 &&
	test_cmp expect2 cmds2 &&
	poll_ empty "$state/queue/web-01/new" &&
	test -d "$state/queue/web-01/new"
'

test_expect_success 'bad commands are removed and logged; dot files and bad hosts stay' '
	q=$state/queue/web-01/new &&
	echo "not json" >"$q/$(id 50)" &&
	echo "{\"cmd\":\"rm -rf /\"}" >"$q/$(id 51)" &&
	echo "{\"user\":\"bob\"}" >"$q/$(id 52)" &&
	: >"$q/.being-written" &&
	mkdir -p "$state/queue/bad host/new" &&
	: >"$state/queue/bad host/new/$(id 1)" &&
	enqueue web-01 "$(id 53)" after-the-bad-ones &&
	ack_cmds web-01 >cmds &&
	echo after-the-bad-ones >expect &&
	test_cmp expect cmds &&
	poll_ no_requests "$q" &&
	test -e "$q/.being-written" &&
	test -e "$state/queue/bad host/new/$(id 1)" &&
	grep "new/\"$(id 50)\": not a JSON object; removed" "$recv_log" &&
	grep "new/\"$(id 51)\": its \"cmd\" is not a name; removed" "$recv_log" &&
	grep "new/\"$(id 52)\": its \"cmd\" is not a name; removed" "$recv_log" &&
	grep "queue/\"bad host\": not a host name; ignored" "$recv_log"
'

test_expect_success 'a command waits for a host not heard from yet' '
	stage newcomer "$(id 2)" world &&
	stage newcomer "$(id 1)" hello &&
	publish newcomer &&
	ack_cmds newcomer >cmds &&
	printf "hello\nworld\n" >expect &&
	test_cmp expect cmds
'

test_expect_success 'commands of the longest name fit ACKs to the longest host name' '
	long=$(printf "h%0252d" 0) &&
	for i in 1 2 3; do
		enqueue $long "$(id $i)" "$(printf "c%0252d" $i)" || return 1
	done &&
	: >cmds &&
	while [ $(wc -l <cmds) -lt 3 ]; do
		ack_cmds $long >>cmds || return 1
	done &&
	printf "c%0252d\n" 1 2 3 >expect &&
	test_cmp expect cmds
'

test_expect_success 'SIGTERM: it exits 0' '
	kill $recv_pid &&
	wait $recv_pid;
	test $? = 0
'

test_done
