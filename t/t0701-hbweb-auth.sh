#!/bin/sh
test_description='hbweb: logins, sessions, throttling, origins, and who sees which host'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
command -v curl >/dev/null || skip_all 'curl is not installed (Debian: curl)'

mkdir -p state/hosts
echo "{\"name\":\"web-01\",\"plugins\":{}}" >state/hosts/web-01.json
cat >state/alerts.json <<'EOF'
{"version":1,"updated":1795397730,"hosts":{"web-01":{"state":"UP","address":"192.0.2.10"},"db-01":{"state":"DOWN","address":"192.0.2.11"},"mx-01":{"state":"UP","address":"192.0.2.12"}},"alerts":[{"host":"web-01","metric":"cpu","state":"CRITICAL"},{"host":"db-01","metric":"disk","state":"WARNING"},{"host":"mx-01","metric":"queue","state":"WARNING"}]}
EOF

# Passwords are made once; PBKDF2 with 600,000 iterations takes its time.
test_expect_success 'hbweb passwd makes the users' '
	for u in adam olga mike mona otto; do
		echo "pw-$u" | hbweb passwd $u >>users || return 1
	done &&
	{
		echo "statedir $TRASH/state"
		cat users
		echo "user adam admin"
		echo "host web-01 owner olga managers mike monitors mona"
		echo "host db-01 owner otto"
	} >hb.conf &&
	sed -i "s/^user adam password/user adam admin password/; /^user adam admin$/d" hb.conf &&
	grep -c "^user " hb.conf >n &&
	echo 5 >want &&
	test_cmp want n
'

start_web() {
	U=http://127.0.0.1:$port &&
	start_daemon hbweb -c hb.conf -l 127.0.0.1:$port
}

up() {
	curl -s -m 2 -o /dev/null "$U/api/0/me"
}

test_expect_success 'the server starts' '
	start_on_free_port port start_web up &&
	web_pid=$daemon_pid
'

# login USER: its token into USER.token
login() {
	curl -s -D $1.head -d "{\"username\":\"$1\",\"password\":\"pw-$1\"}" \
	    "$U/api/0/auth/login" >$1.login &&
	jq -r .token $1.login >$1.token &&
	test "$(wc -c <$1.token)" = 65
}

test_expect_success 'login gives a token and an HttpOnly, SameSite=Strict cookie' '
	for u in adam olga mike mona otto; do
		login $u || return 1
	done &&
	grep -i "^Set-Cookie: hb_session=$(cat olga.token); Path=/; HttpOnly; SameSite=Strict; Max-Age=604800" olga.head &&
	ls state/sessions | grep -c "^[0-9a-f]\{64\}$" >n &&
	echo 5 >want &&
	test_cmp want n &&
	! grep -r "$(cat olga.token)" state/sessions
'

code() {
	curl -s -o /dev/null -w "%{http_code}" "$@"
}

as() {
	u=$1
	shift
	if [ "$u" = anonymous ]; then
		code "$@"
	else
		code -H "Authorization: Bearer $(cat $u.token)" "$@"
	fi
}

# check USER URL STATUS
check() {
	got=$(as $1 "$U$2")
	[ "$got" = "$3" ] || { echo "$1 GET $2: $got, not $3"; return 1; }
}

test_expect_success 'the access matrix of reading: anonymous, monitor, manager, owner, admin, another owner' '
	check anonymous /api/0/hosts 401 &&
	check anonymous /api/0/hosts/web-01 401 &&
	check anonymous /api/0/alerts 401 &&
	check mona /api/0/hosts/web-01 200 &&
	check mona /api/0/hosts/web-01/alerts 200 &&
	check mike /api/0/hosts/web-01 200 &&
	check olga /api/0/hosts/web-01 200 &&
	check adam /api/0/hosts/web-01 200 &&
	check otto /api/0/hosts/web-01 404 &&
	check otto /api/0/hosts/web-01/alerts 404 &&
	check mona /api/0/hosts/db-01 404 &&
	check otto /api/0/hosts/db-01 200 &&
	check adam /api/0/hosts/mx-01 200 &&
	check olga /api/0/hosts/mx-01 404 &&
	check olga /api/0/hosts/nonexistent 404 &&
	check mona /api/0/hosts/web-01/plugins 200 &&
	check otto /api/0/hosts/web-01/plugins 404 &&
	check anonymous /api/0/hosts/web-01/plugins 401
'

names() {
	curl -s -H "Authorization: Bearer $(cat $1.token)" "$U/api/0/hosts" |
	    jq -r "[.hosts[].name] | join(\",\")"
}

test_expect_success 'lists hold the hosts one owns or manages; admins all' '
	test "$(names adam)" = "db-01,mx-01,web-01" &&
	test "$(names olga)" = "web-01" &&
	test "$(names mike)" = "web-01" &&
	test "$(names mona)" = "" &&
	test "$(names otto)" = "db-01" &&
	curl -s -H "Authorization: Bearer $(cat olga.token)" "$U/api/0/alerts" |
	    jq -r "[.alerts[].host] | join(\",\")" >got &&
	echo web-01 >want &&
	test_cmp want got &&
	curl -s -H "Authorization: Bearer $(cat adam.token)" "$U/api/0/alerts?severity=warning" |
	    jq -r "[.alerts[].host] | join(\",\")" >got &&
	echo db-01,mx-01 >want &&
	test_cmp want got
'

test_expect_success '/me says who asks' '
	curl -s -H "Authorization: Bearer $(cat adam.token)" "$U/api/0/me" | jq -c . >got &&
	echo "{\"auth\":true,\"user\":\"adam\",\"name\":null,\"admin\":true}" >want &&
	test_cmp want got
'

test_expect_success 'the cookie works for reading; a change by cookie needs our Origin' '
	test "$(code -H "Cookie: a=b; hb_session=$(cat mike.token)" "$U/api/0/hosts/web-01")" = 200 &&
	test "$(code -X POST -H "Content-Length: 0" -H "Cookie: hb_session=$(cat mike.token)" \
	    "$U/api/0/auth/logout")" = 403 &&
	test "$(code -X POST -H "Content-Length: 0" -H "Cookie: hb_session=$(cat mike.token)" \
	    -H "Origin: http://evil.example" "$U/api/0/auth/logout")" = 403 &&
	test "$(code -X POST -H "Content-Length: 0" -H "Cookie: hb_session=$(cat mike.token)" \
	    -H "Origin: $U" "$U/api/0/auth/logout")" = 204 &&
	check mike /api/0/hosts/web-01 401
'

test_expect_success 'logout by bearer token ends the session, and its file' '
	n=$(ls state/sessions | grep -c "^[0-9a-f]\{64\}$") &&
	test "$(as otto -X POST -d "" "$U/api/0/auth/logout")" = 204 &&
	check otto /api/0/hosts/db-01 401 &&
	test "$(ls state/sessions | grep -c "^[0-9a-f]\{64\}$")" = $((n - 1))
'

test_expect_success 'bad logins: no body, not JSON, unknown user, GET' '
	test "$(code -X POST -H "Content-Length: 0" "$U/api/0/auth/login")" = 400 &&
	test "$(code -d "nope" "$U/api/0/auth/login")" = 400 &&
	test "$(code -d "{\"username\":\"nobody\",\"password\":\"x\"}" "$U/api/0/auth/login")" = 401 &&
	test "$(code "$U/api/0/auth/login")" = 405
'

# The unknown user above was one failure from this address already; a
# slow machine may let the first wait pass, but each failure doubles it.
throttled_now() {
	curl -s -D h -o /dev/null -d "{\"username\":\"mona\",\"password\":\"no\"}" \
	    "$U/api/0/auth/login" &&
	grep -q "^HTTP/1.1 429" h
}

test_expect_success 'wrong passwords: 401, then after five 429 with Retry-After' '
	for i in 1 2 3 4; do
		test "$(code -d "{\"username\":\"mona\",\"password\":\"no\"}" "$U/api/0/auth/login")" = 401 ||
		return 1
	done &&
	poll_ throttled_now &&
	grep "^Retry-After: [0-9]" h &&
	grep "failed login as mona" $daemon_log &&
	grep "addr 127.0.0.1: 5 failed logins" $daemon_log
'

test_expect_success 'a forged or unknown token is nobody' '
	test "$(code -H "Authorization: Bearer 0000000000000000000000000000000000000000000000000000000000000000" "$U/api/0/hosts")" = 401 &&
	test "$(code -H "Authorization: Bearer ../../etc/passwd" "$U/api/0/hosts")" = 401 &&
	test "$(code -H "Authorization: Basic eDp5" "$U/api/0/hosts")" = 401
'

test_expect_success 'TERM stops it' '
	stop_daemon $web_pid
'

test_done
