#!/bin/sh
test_description='hbnotify: configuration, routing, and delivery to HTTP peers'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
PY=/usr/bin/python3
[ -x $PY ] || PY=$(command -v python3) || skip_all 'python3 is not installed (Debian: python3)'
RECORDER=$TOP/t/helper/http-recorder.py

# ev ID HOST KIND STATE PREV [EXTRA]: one event line
ev() {
	printf '{"id":"%s","ts":1795397730.5,"host":"%s","kind":"%s","state":"%s","prev":"%s","text":"%s: %s - %s"%s}\n' \
	    "$1" "$2" "$3" "$4" "$5" "$4" "$2" "$1" "$6"
}

# lines_matching N PATTERN FILE: are there N?
lines_matching() {
	test "$(grep -c -- "$2" "$3")" = "$1"
}

# recorder NAME [OPTIONS]: an HTTP peer on a free port; its port in $NAME.port
recorder() {
	name=$1
	shift
	start_daemon $PY "$RECORDER" $name.port $name.log "$@" &&
	wait_for_file $name.port &&
	: >>$name.log
}

test_expect_success '-h prints the usage and exits 0' '
	hbnotify -h >out &&
	grep "^usage: hbnotify \[-dn\] \[-c conf\] \[-s statedir\] \[-f \[file\]\]$" out
'

test_expect_success 'bad usage exits 2' '
	test_expect_code 2 hbnotify -x 2>err &&
	grep "^usage:" err &&
	test_expect_code 2 hbnotify extra &&
	test_expect_code 2 hbnotify -d
'

if command -v mandoc >/dev/null; then
	test_expect_success 'the SYNOPSIS of hbnotify.8 is the usage line' '
		mandoc -Tascii "$TOP/hbnotify/hbnotify.8" | perl -pe "s/.\x08//g" |
		    sed -n "/^SYNOPSIS/{n;s/^ *//;p;}" >want &&
		hbnotify -h | sed "s/^usage: //" >got &&
		test_cmp want got
	'
fi

bad_conf() {
	printf '%s\n' "$1" >bad.conf &&
	test_expect_code 2 hbnotify -n -c bad.conf </dev/null 2>err &&
	grep -F -- "$2" err
}

test_expect_success 'configuration errors say FILE:LINE and exit 2' '
	bad_conf "notify carrier-pigeon" "bad.conf:1: notify: '"'"'carrier-pigeon'"'"': email, pushover" &&
	bad_conf "notify pushover user uKEY" "bad.conf:1: notify: pushover: token TOKEN needed" &&
	bad_conf "notify email from not-an-address" "bad.conf:1: notify: from: '"'"'not-an-address'"'"': not an email address" &&
	bad_conf "notify webhook ftp://x/" "bad.conf:1: notify: webhook: '"'"'ftp://x/'"'"'" &&
	bad_conf "notify signal to +1555" "bad.conf:1: notify: signal: account +NUMBER needed" &&
	bad_conf "notify exec" "bad.conf:1: notify: exec: a command needed" &&
	bad_conf "notify webhook http://127.0.0.1/ rate many" "rate: '"'"'many'"'"'" &&
	bad_conf "notify webhook http://127.0.0.1/ severity loud" "severity: '"'"'loud'"'"'" &&
	bad_conf "notify webhook http://127.0.0.1/ bogus 1" "webhook: unknown keyword '"'"'bogus'"'"'" &&
	bad_conf "notify webhook http://127.0.0.1/ header \"Host: x\"" "header: '"'"'Host: x'"'"': hbnotify sets that one itself" &&
	printf "notify webhook http://127.0.0.1/a\nnotify webhook http://127.0.0.1/b\n" >bad.conf &&
	test_expect_code 2 hbnotify -n -c bad.conf </dev/null 2>err &&
	grep "bad.conf:2: notify: a notify channel named '"'"'webhook'"'"' exists" err &&
	printf "notify email\nuser bob notify email:bob@@x\n" >bad.conf &&
	test_expect_code 2 hbnotify -n -c bad.conf </dev/null 2>err &&
	grep "bad.conf:2: user bob: email:bob@@x: not an email address" err &&
	printf "user bob notify sms:123\n" >bad.conf &&
	test_expect_code 2 hbnotify -n -c bad.conf </dev/null 2>err &&
	grep "bad.conf:1: user bob: no notify channel named '"'"'sms'"'"'" err &&
	printf "user bob\nhost web owner alice\n" >bad.conf &&
	test_expect_code 2 hbnotify -n -c bad.conf </dev/null 2>err &&
	grep "bad.conf:2: owner: unknown user '"'"'alice'"'"'" err &&
	printf "user bob receive all\n" >bad.conf &&
	test_expect_code 2 hbnotify -n -c bad.conf </dev/null 2>err &&
	grep "bad.conf:1: user: receive all: only for an admin" err
'

# The routing matrix: roles x watch x severity filters.
cat >route.conf <<EOF
statedir $TRASH/state-route
notify webhook http://127.0.0.1:9/all name all severity critical
notify email from hb@example.com
notify pushover token T0123 url http://127.0.0.1:9/p severity critical
user ann admin receive all notify email:ann@example.com
user adam admin notify email:adam@example.com
user olga notify email:olga@example.com pushover:uOLGA
user mike notify email:mike@example.com
user mona notify email:mona@example.com
user otto notify email:otto@example.com
host web owner olga managers mike monitors mona
host db owner otto
host quiet owner olga watch no
EOF

test_expect_success 'routing: owner, manager, admins; monitors and other owners never' '
	{
		ev e1 web host DOWN UP
		ev e2 web metric WARNING OK
		ev e3 web metric OK WARNING
		ev e4 web host UP DOWN
		ev e5 web address ADDRESS ""
		ev e6 quiet host DOWN UP
		ev e7 web host DOWN UP ",\"notify\":false"
		ev e8 orphan host DOWN UP
		ev e9 db host BOOT NEW
	} >events &&
	hbnotify -n -c route.conf <events >out &&
	cat >want <<-\EOF &&
	all:http://127.0.0.1:9/all (all events): DOWN: web - e1
	email:olga@example.com (olga, owner): DOWN: web - e1
	pushover:uOLGA (olga, owner): DOWN: web - e1
	email:mike@example.com (mike, manager): DOWN: web - e1
	email:ann@example.com (ann, admin): DOWN: web - e1
	email:olga@example.com (olga, owner): WARNING: web - e2
	email:mike@example.com (mike, manager): WARNING: web - e2
	email:ann@example.com (ann, admin): WARNING: web - e2
	email:olga@example.com (olga, owner): OK: web - e3
	email:mike@example.com (mike, manager): OK: web - e3
	email:ann@example.com (ann, admin): OK: web - e3
	all:http://127.0.0.1:9/all (all events): UP: web - e4
	email:olga@example.com (olga, owner): UP: web - e4
	pushover:uOLGA (olga, owner): UP: web - e4
	email:mike@example.com (mike, manager): UP: web - e4
	email:ann@example.com (ann, admin): UP: web - e4
	all:http://127.0.0.1:9/all (all events): DOWN: orphan - e8
	email:ann@example.com (ann, owner): DOWN: orphan - e8
	email:otto@example.com (otto, owner): BOOT: db - e9
	email:ann@example.com (ann, admin): BOOT: db - e9
	EOF
	test_cmp want out &&
	! test -d state-route
'

test_expect_success 'routing: roles given through hbweb (access.json) replace those of hb.conf' '
	mkdir -p state-access &&
	sed "s|^statedir .*|statedir $TRASH/state-access|" route.conf >access.conf &&
	echo "{\"version\":1,\"hosts\":{\"web\":{\"owner\":\"otto\",\"managers\":[\"mona\"],\"monitors\":[]},\"bad name\":{}}}" \
	    >state-access/access.json &&
	ev e1 web metric WARNING OK | hbnotify -n -c access.conf >out &&
	cat >want <<-\EOF &&
	email:otto@example.com (otto, owner): WARNING: web - e1
	email:mona@example.com (mona, manager): WARNING: web - e1
	email:ann@example.com (ann, admin): WARNING: web - e1
	EOF
	test_cmp want out &&
	ev e2 quiet host DOWN UP | hbnotify -n -c access.conf >out &&
	! test -s out
'

test_expect_success 'routing: default-owner, and a channel that passes addresses' '
	sed "s/severity critical$/severity critical,address/" route.conf >r2.conf &&
	echo "default-owner adam" >>r2.conf &&
	{ ev e8 orphan host DOWN UP; ev e5 web address ADDRESS ""; } |
	hbnotify -n -c r2.conf >out &&
	cat >want <<-\EOF &&
	all:http://127.0.0.1:9/all (all events): DOWN: orphan - e8
	email:adam@example.com (adam, owner): DOWN: orphan - e8
	email:ann@example.com (ann, admin): DOWN: orphan - e8
	all:http://127.0.0.1:9/all (all events): ADDRESS: web - e5
	pushover:uOLGA (olga, owner): ADDRESS: web - e5
	EOF
	test_cmp want out
'

test_expect_success 'lines that are no events are counted, not fatal' '
	{ echo "garbage"; echo "{\"id\":\"x\"}"; ev e1 web host DOWN UP; } |
	hbnotify -n -c route.conf >out 2>err &&
	test_line_count = 5 out &&
	grep "line 1: not an event" err &&
	grep "line 2: not an event: no host" err &&
	grep "2 of 3 lines were not events" err
'

test_expect_success 'a webhook gets the event line itself, with its delivery id' '
	recorder hook &&
	cat >hook.conf <<-EOF &&
	statedir $TRASH/state
	notify webhook http://127.0.0.1:$(cat hook.port)/in header "Authorization: Bearer s3cret"
	EOF
	ev w1 web host DOWN UP >one &&
	hbnotify -c hook.conf <one &&
	test_line_count = 1 hook.log &&
	jq -r .body hook.log >body &&
	test_cmp one body &&
	jq -r ".path, .headers[\"content-type\"], .headers.authorization, .headers[\"x-hb-delivery\"]" hook.log >got &&
	id=$(jq -r .id state/notify/deliveries) &&
	printf "/in\napplication/json\nBearer s3cret\n%s\n" "$id" >want &&
	test_cmp want got &&
	jq -r "[.result, .channel, .event, .attempts] | @tsv" state/notify/deliveries >got &&
	printf "sent\twebhook\tw1\t1\n" >want &&
	test_cmp want got &&
	test -z "$(ls state/notify/new)" && test -z "$(ls state/notify/tmp)"
'

test_expect_success 'an event delivered once is never delivered again' '
	hbnotify -c hook.conf <one &&
	ev w2 web host UP DOWN >>one &&
	hbnotify -c hook.conf <one &&
	test_line_count = 2 hook.log &&
	jq -r .body hook.log | jq -r .id >got &&
	printf "w1\nw2\n" >want &&
	test_cmp want got
'

test_expect_success 'what cannot be delivered by the end of input waits in the spool (exit 1)' '
	cat >down.conf <<-EOF &&
	statedir $TRASH/state
	notify webhook http://127.0.0.1:$(free_port tcp)/x name gone
	EOF
	ev w3 web host DOWN UP >three &&
	test_expect_code 1 hbnotify -c down.conf <three 2>err &&
	grep "gone http://127.0.0.1:[0-9]*/x: connect" err &&
	grep "1 delivery waits in $TRASH/state/notify/new for the next run" err &&
	test "$(ls state/notify/new | wc -l)" = 1 &&
	test_expect_code 1 hbnotify -c down.conf </dev/null 2>err &&
	grep "attempt 1" err
'

test_expect_success 'what waited in the spool goes out in the order it came' '
	lp=$(free_port tcp) &&
	cat >later.conf <<-EOF &&
	statedir $TRASH/state-later
	notify webhook http://127.0.0.1:$lp/o
	EOF
	i=0 &&
	while [ $i -lt 20 ]; do
		i=$((i + 1)) &&
		ev "o$(printf %02d $i)" web host DOWN UP || return 1
	done >twenty &&
	test_expect_code 1 hbnotify -c later.conf <twenty 2>err &&
	test "$(ls state-later/notify/new | wc -l)" = 20 &&
	recorder later --port $lp &&
	hbnotify -c later.conf </dev/null &&
	jq -r .body later.log | jq -r .id >got &&
	jq -r .id twenty >want &&
	test_cmp want got
'

test_expect_success 'a receiver that fails three times still gets the event, once' '
	recorder flaky --fail 3 &&
	cat >flaky.conf <<-EOF &&
	statedir $TRASH/state-flaky
	notify webhook http://127.0.0.1:$(cat flaky.port)/f
	EOF
	mkdir state-flaky &&
	: >state-flaky/events &&
	start_daemon hbnotify -c flaky.conf -f &&
	wait_for_file state-flaky/cursors/hbnotify &&
	ev f1 web host DOWN UP >>state-flaky/events &&
	HB_TEST_TIMEOUT=30 wait_for_line state-flaky/notify/deliveries "\"result\":\"sent\"" &&
	test_line_count = 4 flaky.log &&
	jq -r .body flaky.log | jq -r .id | sort -u >got &&
	echo f1 >want &&
	test_cmp want got &&
	jq -r .attempts state-flaky/notify/deliveries >got &&
	echo 4 >want &&
	test_cmp want got &&
	grep "HTTP 500" $daemon_log &&
	stop_daemon $daemon_pid
'

test_expect_success 'a refusal (HTTP 4xx) is given up at once, kept in failed/' '
	recorder refuse --status 400 --body "{\"errors\":[\"user key is invalid\"]}" &&
	cat >refuse.conf <<-EOF &&
	statedir $TRASH/state-refuse
	notify webhook http://127.0.0.1:$(cat refuse.port)/r
	EOF
	ev r1 web host DOWN UP | hbnotify -c refuse.conf 2>err &&
	grep "HTTP 400: {\"errors\":\[\"user key is invalid\"\]} (given up)" err &&
	test_line_count = 1 refuse.log &&
	test "$(ls state-refuse/notify/failed | wc -l)" = 1 &&
	jq -r .result state-refuse/notify/deliveries >got &&
	echo failed >want &&
	test_cmp want got
'

test_expect_success 'a delivery older than give-up is logged as failed and kept' '
	cat >giveup.conf <<-EOF &&
	statedir $TRASH/state-giveup
	notify webhook http://127.0.0.1:$(free_port tcp)/x give-up 1s
	EOF
	ev g1 web host DOWN UP >g &&
	test_expect_code 1 hbnotify -c giveup.conf <g 2>err &&
	sleep 1.1 &&
	hbnotify -c giveup.conf </dev/null 2>err &&
	grep "given up" err &&
	test "$(ls state-giveup/notify/failed)" = "$(jq -r .id state-giveup/notify/deliveries)" &&
	jq -r .result state-giveup/notify/deliveries >got &&
	echo failed >want &&
	test_cmp want got
'

test_expect_success 'Pushover: the message API fields, priority from severity' '
	recorder push &&
	cat >push.conf <<-EOF &&
	statedir $TRASH/state-push
	notify pushover token azGDORePK8gMaC0QOYAMyEEuzJnyUi url http://127.0.0.1:$(cat push.port)/1/messages.json route users
	user olga notify pushover:uQiRzpo4DXghDmr9QzzfQu27cmVRsG
	host web owner olga
	EOF
	{ ev p1 web host DOWN UP; ev p2 web metric WARNING OK; ev p3 web host UP DOWN; } |
	hbnotify -c push.conf &&
	test_line_count = 3 push.log &&
	jq -r ".path, .headers[\"content-type\"]" push.log | sort -u >got &&
	printf "/1/messages.json\napplication/x-www-form-urlencoded\n" >want &&
	test_cmp want got &&
	jq -r .body push.log | $PY -c "
import sys, urllib.parse
for line in sys.stdin:
    f = urllib.parse.parse_qs(line.strip(), strict_parsing=True)
    print(f[\"token\"][0], f[\"user\"][0], f[\"priority\"][0], f[\"timestamp\"][0], f[\"title\"][0], sep=\"|\")
    assert f[\"message\"][0].startswith(f[\"title\"][0])
" >got &&
	cat >want <<-\EOF &&
	azGDORePK8gMaC0QOYAMyEEuzJnyUi|uQiRzpo4DXghDmr9QzzfQu27cmVRsG|1|1795397730|DOWN: web - p1
	azGDORePK8gMaC0QOYAMyEEuzJnyUi|uQiRzpo4DXghDmr9QzzfQu27cmVRsG|0|1795397730|WARNING: web - p2
	azGDORePK8gMaC0QOYAMyEEuzJnyUi|uQiRzpo4DXghDmr9QzzfQu27cmVRsG|-1|1795397730|UP: web - p3
	EOF
	test_cmp want got
'

test_expect_success 'Mattermost and Slack: text, channel and username as their hooks read them' '
	recorder chat &&
	p=$(cat chat.port) &&
	cat >chat.conf <<-EOF &&
	statedir $TRASH/state-chat
	notify mattermost http://127.0.0.1:$p/hooks/mm username hb channel town-square
	notify slack http://127.0.0.1:$p/services/T0/B0 route users
	user olga notify slack:@olga
	host web owner olga
	EOF
	ev c1 web host DOWN UP | hbnotify -c chat.conf &&
	test_line_count = 2 chat.log &&
	jq -r "select(.path == \"/hooks/mm\") | .body" chat.log >mm &&
	jq -r "select(.path == \"/services/T0/B0\") | .body" chat.log >slack &&
	jq -r "[.text, .username, .channel] | @tsv" mm >got &&
	printf "DOWN: web - c1\thb\ttown-square\n" >want &&
	test_cmp want got &&
	jq -r "[.text, .channel] | @tsv" slack >got &&
	printf "DOWN: web - c1\t@olga\n" >want &&
	test_cmp want got
'

test_expect_success 'group-wait: the events of the window go out as one message' '
	recorder group &&
	cat >group.conf <<-EOF &&
	statedir $TRASH/state-group
	notify webhook http://127.0.0.1:$(cat group.port)/g group-wait 1s
	EOF
	{ ev a1 web-a host DOWN UP; ev a2 web-b host DOWN UP; ev a3 db-c host DOWN UP; } |
	hbnotify -c group.conf &&
	test_line_count = 1 group.log &&
	jq -r .body group.log | jq -r ".text, .count, (.events[] | .id)" >got &&
	printf "3 hosts DOWN: web-a, web-b, db-c\n3\na1\na2\na3\n" >want &&
	test_cmp want got
'

test_expect_success 'rate: what is over the limit goes grouped into the next message' '
	recorder rate &&
	cat >rate.conf <<-EOF &&
	statedir $TRASH/state-rate
	notify webhook http://127.0.0.1:$(cat rate.port)/r rate 1/2s
	EOF
	{ ev q1 web host DOWN UP; ev q2 db host DOWN UP; ev q3 mx host WARNING OK; } |
	hbnotify -c rate.conf &&
	test_line_count = 2 rate.log &&
	jq -r "select(.n == 1) | .body" rate.log | jq -r .id >got &&
	echo q1 >want &&
	test_cmp want got &&
	jq -r "select(.n == 2) | .body" rate.log | jq -r ".text, (.events[] | .id)" >got &&
	printf "2 events: 1 DOWN, 1 WARNING\nq2\nq3\n" >want &&
	test_cmp want got
'

test_expect_success 'exec: the event on stdin, HB_ variables in the environment' '
	cat >page.sh <<-\EOF &&
	#!/bin/sh
	cat >>"$0.in"
	env | grep -E "^HB_(CHANNEL|COUNT|DELIVERY|HOST|ID|KIND|SEVERITY|STATE|TARGET|TEXT)=" | sort >>"$0.env"
	EOF
	chmod +x page.sh &&
	cat >exec.conf <<-EOF &&
	statedir $TRASH/state-exec
	notify exec "$TRASH/page.sh --team ops"
	EOF
	ev x1 web metric CRITICAL WARNING >x &&
	hbnotify -c exec.conf <x &&
	test_cmp x page.sh.in &&
	id=$(jq -r .id state-exec/notify/deliveries) &&
	cat >want <<-EOF &&
	HB_CHANNEL=exec
	HB_COUNT=1
	HB_DELIVERY=$id
	HB_HOST=web
	HB_ID=x1
	HB_KIND=metric
	HB_SEVERITY=critical
	HB_STATE=CRITICAL
	HB_TARGET=all
	HB_TEXT=CRITICAL: web - x1
	EOF
	test_cmp want page.sh.env
'

test_expect_success 'signal: signal-cli with the account, the number, the text on stdin' '
	cat >signal-cli <<-\EOF &&
	#!/bin/sh
	echo "$@" >>"$0.args"
	cat >>"$0.in"
	EOF
	chmod +x signal-cli &&
	cat >signal.conf <<-EOF &&
	statedir $TRASH/state-signal
	notify signal account +15550001111 command $TRASH/signal-cli route users
	user olga notify signal:+15550002222
	host web owner olga
	EOF
	ev s1 web host DOWN UP | hbnotify -c signal.conf &&
	echo "-a +15550001111 send --message-from-stdin +15550002222" >want &&
	test_cmp want signal-cli.args &&
	echo "DOWN: web - s1" >want &&
	test_cmp want signal-cli.in
'

if command -v curl >/dev/null && command -v openssl >/dev/null; then
	test_expect_success 'https:// goes through curl, the body on its standard input' '
		openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
		    -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null &&
		cat cert.pem key.pem >tls.pem &&
		recorder tls --tls tls.pem &&
		cat >tls.conf <<-EOF &&
		statedir $TRASH/state-tls
		notify webhook https://127.0.0.1:$(cat tls.port)/secure
		EOF
		ev t1 web host DOWN UP >t1 &&
		CURL_CA_BUNDLE=$TRASH/cert.pem hbnotify -c tls.conf <t1 &&
		jq -r .body tls.log >body &&
		test_cmp t1 body &&
		jq -r ".path, .headers[\"x-hb-delivery\"]" tls.log >got &&
		printf "/secure\n%s\n" "$(jq -r .id state-tls/notify/deliveries)" >want &&
		test_cmp want got
	'

	test_expect_success 'a certificate curl does not trust is an error, tried again' '
		ev t2 web host DOWN UP >t2 &&
		test_expect_code 1 env -u CURL_CA_BUNDLE hbnotify -c tls.conf <t2 2>err &&
		grep "webhook https://127.0.0.1:[0-9]*/secure: curl: (60)" err &&
		test_line_count = 1 tls.log
	'
else
	test_skip 'https through curl' 'curl or openssl is not installed (Debian: curl, openssl)'
fi

# The peer answers slowly, so the HUP comes while an attempt is under way.
test_expect_success 'SIGHUP: the configuration again; a broken one is not taken' '
	recorder slow --delay 0.5 &&
	mkdir state-hup &&
	: >state-hup/events &&
	hp=$(cat slow.port) &&
	printf "statedir $TRASH/state-hup\nnotify webhook http://127.0.0.1:$hp/before\n" >hup.conf &&
	start_daemon hbnotify -c hup.conf -f &&
	wait_for_file state-hup/cursors/hbnotify &&
	ev h1 web host DOWN UP >>state-hup/events &&
	wait_for_line slow.log "\"/before\"" &&
	printf "statedir $TRASH/state-hup\nnotify webhook http://127.0.0.1:$hp/after\n" >hup.conf &&
	kill -HUP $daemon_pid &&
	wait_for_line $daemon_log "configuration read again" &&
	ev h2 web host UP DOWN >>state-hup/events &&
	wait_for_line slow.log "\"/after\"" &&
	echo "notify nonsense" >>hup.conf &&
	kill -HUP $daemon_pid &&
	wait_for_line $daemon_log "hup.conf:3: notify: .nonsense." &&
	wait_for_line $daemon_log "kept the one in use" &&
	ev h3 web host DOWN UP >>state-hup/events &&
	poll_ lines_matching 2 "\"/after\"" slow.log &&
	stop_daemon $daemon_pid
'

test_expect_success '-d: in the background, still holding the spool' '
	mkdir state-d &&
	: >state-d/events &&
	printf "statedir $TRASH/state-d\nnotify exec /bin/true\n" >d.conf &&
	hbnotify -c d.conf -f -d &&
	wait_for_file state-d/cursors/hbnotify &&
	test_expect_code 1 hbnotify -c d.conf </dev/null 2>err &&
	pid=$(sed -n "s/.*another hbnotify (pid \([0-9]*\)).*/\1/p" err) &&
	test -n "$pid" &&
	kill $pid &&
	poll_ process_dead $pid
'

test_expect_success 'a second hbnotify on the same spool is refused' '
	: >>state/events &&
	start_daemon hbnotify -c hook.conf -f &&
	wait_for_file state/cursors/hbnotify &&
	test_expect_code 1 hbnotify -c hook.conf </dev/null 2>err &&
	grep "another hbnotify (pid $daemon_pid) delivers from this spool" err &&
	stop_daemon $daemon_pid
'

test_done
