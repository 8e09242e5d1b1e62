#!/bin/sh
test_description='hbnotify: email along a real path, msmtp to an SMTP server'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
PY=/usr/bin/python3
[ -x $PY ] && $PY -c 'import aiosmtpd' 2>/dev/null ||
	skip_all 'aiosmtpd is not installed (Debian: python3-aiosmtpd)'
MSMTP=$(command -v msmtp) || skip_all 'msmtp is not installed (Debian: msmtp)'
HOME=$TRASH
export HOME

PYTHONPATH=$TOP/t/helper
export PYTHONPATH

# The SMTP greeting says the server is up.
greets() {
	$PY -c "
import socket
s = socket.create_connection(('127.0.0.1', $port), 1)
s.settimeout(1)
assert s.recv(100).startswith(b'220 ')
" 2>/dev/null
}

start_smtpd() {
	start_daemon $PY -m aiosmtpd -n -l 127.0.0.1:$port -c smtprecord.Recorder $TRASH/mail.log
}

test_expect_success 'the SMTP server greets on its port' '
	start_on_free_port port start_smtpd greets
'

cat >hb.conf <<EOF
statedir $TRASH/state
notify email from hb@example.com from-name "hb on monitor-1" sendmail "$MSMTP --host=127.0.0.1 --port=$port" route users
user alice notify email:alice@example.com
user bob notify email:bob@example.com,oncall@example.com
host web-01 owner alice managers bob
EOF

# A display template can put any text into an event.
printf '%s\n' '{"id":"m1","ts":1795397730.5,"host":"web-01","kind":"metric","metric":"disk","state":"CRITICAL","prev":"WARNING","value":95,"text":"CRITICAL: web-01 - disk ⚠ 95 % – Müll voll"}' >event

test_expect_success 'each recipient gets the message through sendmail -t -i' '
	hbnotify -c hb.conf <event &&
	test_line_count = 2 mail.log &&
	jq -r "[.from, (.to | sort | join(\",\"))] | @tsv" mail.log | sort >got &&
	printf "hb@example.com\talice@example.com\nhb@example.com\tbob@example.com,oncall@example.com\n" >want &&
	test_cmp want got
'

test_expect_success 'headers: encoded subject, From, To, Auto-Submitted, the event id' '
	jq -r "select(.to == [\"alice@example.com\"]) | .data" mail.log >msg &&
	grep "^Subject: =?UTF-8?B?" msg &&
	$PY -c "
import email, email.policy
m = email.message_from_string(open(\"msg\").read(), policy=email.policy.default)
print(m[\"subject\"])
print(m[\"from\"])
print(m[\"to\"])
print(m[\"auto-submitted\"])
print(m[\"x-hb-event\"])
print(m.get_content_type(), m.get_content_charset())
print(m[\"date\"].datetime is not None, m[\"message-id\"].endswith(\">\"))
" >got &&
	cat >want <<-\EOF &&
	CRITICAL: web-01 - disk ⚠ 95 % – Müll voll
	hb on monitor-1 <hb@example.com>
	alice@example.com
	auto-generated
	m1
	text/plain utf-8
	True True
	EOF
	test_cmp want got
'

test_expect_success 'body: the text and the details, decoded' '
	$PY -c "
import email, email.policy
m = email.message_from_string(open(\"msg\").read(), policy=email.policy.default)
print(m.get_content(), end=\"\")
" >got &&
	cat >want <<-\EOF &&
	CRITICAL: web-01 - disk ⚠ 95 % – Müll voll

	host:  web-01
	when:  2026-11-23T01:35:30.500Z
	event: m1

	-- 
	EOF
	head -7 got >top &&
	test_cmp want top &&
	grep "^hbnotify on " got
'

test_expect_success 'a server that is not there: logged, and tried again later' '
	cat >bad.conf <<-EOF &&
	statedir $TRASH/state-bad
	notify email from hb@example.com sendmail "$MSMTP --host=127.0.0.1 --port=$(free_port tcp)" route users
	user carol notify email:carol@example.com
	host db-01 owner carol
	EOF
	sed "s/web-01/db-01/g; s/m1/m2/" event >e2 &&
	test_expect_code 1 hbnotify -c bad.conf <e2 2>err &&
	grep "email carol@example.com: .*msmtp: exit" err &&
	grep "tried again later" err
'

test_done
