#!/bin/sh
test_description='hbweb: the changing endpoints (access, owner, drop, DNS, commands, users, settings) and who may use them'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
command -v curl >/dev/null || skip_all 'curl is not installed (Debian: curl)'

mkdir -p state/hosts/web-01.hist
echo '{"ts":1795397700,"data":{"cpu_percent":12}}' >state/hosts/web-01.hist/cpu_monitor
for h in web-01 db-01; do
	echo "{\"name\":\"$h\",\"address\":\"192.0.2.10\",\"plugins\":{\"cpu_monitor\":{\"cpu_percent\":12}}}" >state/hosts/$h.json
done
cat >state/alerts.json <<'EOF'
{"version":1,"updated":1795397730,"hosts":{"web-01":{"state":"UP","address":"192.0.2.10"},"db-01":{"state":"DOWN","address":"192.0.2.11"}},"alerts":[{"host":"web-01","metric":"cpu","state":"CRITICAL"}]}
EOF

code() {
	curl -s -o /dev/null -w "%{http_code}" "$@"
}

# as USER CURL-ARGS...: curl as the user (a bearer token), or as nobody.
as() {
	who_=$1
	shift
	if [ "$who_" = anonymous ]; then
		curl -s "$@"
	else
		curl -s -H "Authorization: Bearer $(cat $who_.token)" "$@"
	fi
}

# login USER PASSWORD: its token into USER.token
login() {
	curl -s -d "{\"username\":\"$1\",\"password\":\"$2\"}" \
	    "$U/api/0/auth/login" | jq -r .token >$1.token &&
	test "$(wc -c <$1.token)" = 65
}

up() {
	curl -s -m 2 -o /dev/null "$U/api/0/me"
}

start_web() {
	U=http://127.0.0.1:$port &&
	start_daemon hbweb -c "$1" -l 127.0.0.1:$port
}

test_expect_success 'with no users at all, the first user made must be an admin' '
	mkdir open &&
	printf "statedir $TRASH/open\nweb iterations 1000\n" >open.conf &&
	start_on_free_port port "start_web open.conf" up &&
	test "$(code -d "{\"username\":\"x\",\"password\":\"12345678\"}" "$U/api/0/users")" = 400 &&
	test "$(code -d "{\"username\":\"x\",\"password\":\"12345678\",\"admin\":true}" "$U/api/0/users")" = 201 &&
	test "$(code "$U/api/0/hosts")" = 401 &&
	test "$(code "$U/api/0/users")" = 401 &&
	login x 12345678 &&
	test "$(as x -o /dev/null -w "%{http_code}" "$U/api/0/users")" = 200 &&
	stop_daemon $daemon_pid
'

test_expect_success 'an admin of hb.conf makes the other users through the API' '
	echo "pw-of-adam" | hbweb passwd adam >users &&
	{
		echo "statedir $TRASH/state"
		echo "web iterations 1000"
		sed "s/^user adam /user adam admin /" users
		echo "host web-01"
		echo "host db-01 watch yes"
		echo "notify pushover token SECRET-TOKEN user SECRET-USER"
		echo "notify webhook https://hooks.example.com/services/SECRET-PATH?k=SECRET-Q name hook"
	} >hb.conf &&
	start_on_free_port port "start_web hb.conf" up &&
	login adam pw-of-adam &&
	for u in olga mike mona otto; do
		as adam -d "{\"username\":\"$u\",\"password\":\"pw-of-$u\",\"name\":\"$u X\"}" \
		    -o $u.made -w "%{http_code}\n" "$U/api/0/users" >st &&
		echo 201 >want && test_cmp want st &&
		login $u pw-of-$u || return 1
	done &&
	jq -r ".users | keys[]" state/users.json >got &&
	printf "mike\nmona\nolga\notto\n" >want &&
	test_cmp want got &&
	! grep pw-of state/users.json &&
	grep -q "pbkdf2:sha256:1000\\$" state/users.json &&
	jq -c "{username, admin, name, from}" olga.made >got &&
	echo "{\"username\":\"olga\",\"admin\":false,\"name\":\"olga X\",\"from\":\"users.json\"}" >want &&
	test_cmp want got
'

test_expect_success 'the owner of hosts that name none is the admin; roles are given through the API' '
	as adam "$U/api/0/hosts/web-01/access" | jq -c "{owner,managers,monitors,from}" >got &&
	echo "{\"owner\":\"adam\",\"managers\":[],\"monitors\":[],\"from\":\"hb.conf\"}" >want &&
	test_cmp want got &&
	as adam -X POST -d "{\"owner\":\"olga\"}" "$U/api/0/hosts/web-01/owner" >/dev/null &&
	as olga -X PUT -d "{\"managers\":[\"mike\"],\"monitors\":[\"mona\"]}" \
	    "$U/api/0/hosts/web-01/access" | jq -c "{owner,managers,monitors,from}" >got &&
	echo "{\"owner\":\"olga\",\"managers\":[\"mike\"],\"monitors\":[\"mona\"],\"from\":\"access.json\"}" >want &&
	test_cmp want got &&
	as adam -X POST -d "{\"owner\":\"otto\"}" "$U/api/0/hosts/db-01/owner" >/dev/null &&
	jq -c ".hosts[\"web-01\"]" state/access.json >got &&
	echo "{\"owner\":\"olga\",\"managers\":[\"mike\"],\"monitors\":[\"mona\"]}" >want &&
	test_cmp want got &&
	jq -r ".hosts[\"db-01\"].owner" state/access.json >got &&
	echo otto >want &&
	test_cmp want got
'

echo '{"managers":["mike"],"monitors":["mona"]}' >b-access
echo '{"managers":[],"monitors":[]}' >b-access-none
: >b-empty
echo '{"owner":"olga"}' >b-owner
echo '{"command":"reload"}' >b-command
echo '{"username":"newbie","password":"12345678"}' >b-user
echo '{"name":"Mona M"}' >b-name

# matrix < LINES: each line is METHOD PATH BODY and the status expected for
# anonymous, the monitor, the manager, the owner, an admin, and the owner of
# another host; BODY is a file or -.
matrix() {
	fails=0
	while read -r m path body st_anon st_mona st_mike st_olga st_adam st_otto; do
		set -- anonymous:$st_anon mona:$st_mona mike:$st_mike olga:$st_olga \
		    adam:$st_adam otto:$st_otto
		for pair; do
			u=${pair%%:*} want=${pair#*:}
			if [ $m = HEAD ]; then
				got=$(as $u -o /dev/null -w "%{http_code}" -I "$U$path")
			elif [ "$body" = - ]; then
				got=$(as $u -o /dev/null -w "%{http_code}" -X $m "$U$path")
			else
				got=$(as $u -o /dev/null -w "%{http_code}" -X $m \
				    --data-binary @$body "$U$path")
			fi
			[ "$got" = "$want" ] ||
				{ echo "$u $m $path: $got, not $want"; fails=$((fails + 1)); }
		done
	done
	rm -rf state/requests state/queue
	test $fails = 0
}

test_expect_success 'the access matrix of reading' '
	matrix <<-\EOF
	GET /api/0/hosts - 401 200 200 200 200 200
	GET /api/0/alerts - 401 200 200 200 200 200
	GET /api/0/me - 200 200 200 200 200 200
	GET /api/0/hosts/web-01 - 401 200 200 200 200 404
	HEAD /api/0/hosts/web-01 - 401 200 200 200 200 404
	GET /api/0/hosts/web-01/alerts - 401 200 200 200 200 404
	GET /api/0/hosts/web-01/plugins - 401 200 200 200 200 404
	GET /api/0/hosts/web-01/plugins/cpu_monitor - 401 200 200 200 200 404
	GET /api/0/hosts/web-01/access - 401 200 200 200 200 404
	GET /api/0/hosts/web-01/commands - 401 403 200 200 200 404
	GET /api/0/hosts/db-01 - 401 404 404 404 200 200
	GET /api/0/hosts/db-01/access - 401 404 404 404 200 200
	GET /api/0/users - 401 403 403 403 200 403
	GET /api/0/users/mona - 401 200 403 403 200 403
	GET /api/0/users/adam - 401 403 403 403 200 403
	GET /api/0/settings - 401 403 403 403 200 403
	EOF
'

test_expect_success 'the access matrix of changes' '
	matrix <<-\EOF
	PUT /api/0/hosts/web-01/access b-access 401 403 403 200 200 404
	POST /api/0/hosts/web-01/owner b-owner 401 403 403 200 200 404
	POST /api/0/hosts/web-01/dns b-empty 401 403 202 202 202 404
	POST /api/0/hosts/web-01/commands b-command 401 403 202 202 202 404
	DELETE /api/0/hosts/web-01 - 401 403 403 202 202 404
	PUT /api/0/hosts/db-01/access b-access-none 401 404 404 404 200 200
	DELETE /api/0/hosts/db-01 - 401 404 404 404 202 202
	POST /api/0/hosts/nosuch/dns b-empty 401 404 404 404 404 404
	PUT /api/0/users/mona b-name 401 200 403 403 200 403
	DELETE /api/0/users/newbie - 401 403 403 403 404 403
	POST /api/0/users b-user 401 403 403 403 201 403
	DELETE /api/0/users/newbie - 401 403 403 403 204 403
	PUT /api/0/users/adam b-name 401 403 403 403 409 403
	EOF
'

test_expect_success 'a change by cookie needs our Origin, a bearer token does not' '
	test "$(code -X PUT --data-binary @b-access -H "Cookie: hb_session=$(cat olga.token)" \
	    "$U/api/0/hosts/web-01/access")" = 403 &&
	test "$(code -X PUT --data-binary @b-access -H "Cookie: hb_session=$(cat olga.token)" \
	    -H "Origin: $U" "$U/api/0/hosts/web-01/access")" = 200
'

test_expect_success 'bad bodies are refused, nothing is changed' '
	cp state/access.json before &&
	for b in "" "{" "[]" "{\"managers\":\"mike\"}" "{\"managers\":[\"nobody-here\"]}" \
	    "{\"monitors\":[1]}" "{\"owner\":\"otto\"}"; do
		test "$(as olga -o /dev/null -w "%{http_code}" -X PUT -d "$b" \
		    "$U/api/0/hosts/web-01/access")" = 400 || { echo "PUT $b"; return 1; }
	done &&
	for b in "{}" "{\"owner\":\"nobody-here\"}" "{\"owner\":\"bad name\"}"; do
		test "$(as olga -o /dev/null -w "%{http_code}" -d "$b" \
		    "$U/api/0/hosts/web-01/owner")" = 400 || { echo "owner $b"; return 1; }
	done &&
	for b in "{}" "{\"command\":\"rm -rf /\"}" "{\"command\":\"../x\"}" "{\"command\":7}"; do
		test "$(as mike -o /dev/null -w "%{http_code}" -d "$b" \
		    "$U/api/0/hosts/web-01/commands")" = 400 || { echo "command $b"; return 1; }
	done &&
	test_cmp before state/access.json &&
	! test -d state/queue/web-01/new || test -z "$(ls state/queue/web-01/new)"
'

test_expect_success 'a transfer of ownership takes effect at once: the old owner no longer sees the host' '
	as olga -d "{\"owner\":\"otto\"}" "$U/api/0/hosts/web-01/owner" >/dev/null &&
	test "$(as olga -o /dev/null -w "%{http_code}" "$U/api/0/hosts/web-01")" = 404 &&
	test "$(as otto -o /dev/null -w "%{http_code}" "$U/api/0/hosts/web-01")" = 200 &&
	test "$(as mike -o /dev/null -w "%{http_code}" "$U/api/0/hosts/web-01")" = 200 &&
	as otto -d "{\"owner\":\"olga\"}" "$U/api/0/hosts/web-01/owner" >/dev/null &&
	test "$(as olga -o /dev/null -w "%{http_code}" "$U/api/0/hosts/web-01")" = 200
'

test_expect_success 'on a kept-alive connection, the host list follows a change made on it' '
	a="Authorization: Bearer $(cat olga.token)" &&
	curl -s -H "$a" "$U/api/0/hosts" \
	    --next -s -o /dev/null -H "$a" -d "{\"owner\":\"otto\"}" "$U/api/0/hosts/web-01/owner" \
	    --next -s -H "$a" "$U/api/0/hosts" >lists 2>err &&
	jq -r "[.hosts[].name] | join(\",\")" lists >got &&
	printf "web-01\n\n" >want &&
	test_cmp want got &&
	test "$(as otto -o /dev/null -w "%{http_code}" -d "{\"owner\":\"olga\"}" \
	    "$U/api/0/hosts/web-01/owner")" = 200
'

test_expect_success 'drop and DNS leave a request file for hbrecv and hbdns' '
	test "$(as olga -o /dev/null -w "%{http_code}" -X DELETE "$U/api/0/hosts/web-01")" = 202 &&
	jq -c "{host, user}" state/requests/drop/web-01 >got &&
	echo "{\"host\":\"web-01\",\"user\":\"olga\"}" >want &&
	test_cmp want got &&
	test "$(jq -r ".hosts[\"web-01\"].owner" state/access.json)" = olga &&
	test "$(as mike -o /dev/null -w "%{http_code}" -d "" "$U/api/0/hosts/db-01/dns")" = 404 &&
	test "$(as adam -o /dev/null -w "%{http_code}" -d "" "$U/api/0/hosts/db-01/dns")" = 202 &&
	jq -c "{host, user}" state/requests/dns/db-01 >got &&
	echo "{\"host\":\"db-01\",\"user\":\"adam\"}" >want &&
	test_cmp want got &&
	test -z "$(ls state/requests/tmp)"
'

test_expect_success 'commands are queued maildir style, in order, listed, and bounded' '
	rm -rf state/queue &&
	for c in first second third; do
		as mike -d "{\"command\":\"$c\"}" "$U/api/0/hosts/web-01/commands" >>queued || return 1
	done &&
	ls state/queue/web-01/new >ids &&
	test_line_count = 3 ids &&
	test -z "$(ls state/queue/web-01/tmp)" &&
	for id in $(cat ids); do jq -r .cmd state/queue/web-01/new/$id; done >got &&
	printf "first\nsecond\nthird\n" >want &&
	test_cmp want got &&
	jq -r .id queued >want &&
	test_cmp want ids &&
	test "$(as mona -o /dev/null -w "%{http_code}" "$U/api/0/hosts/web-01/commands")" = 403 &&
	as olga "$U/api/0/hosts/web-01/commands" | jq -r "[.waiting[] | .command + \"/\" + .user] | join(\",\")" >got &&
	echo "first/mike,second/mike,third/mike" >want &&
	test_cmp want got &&
	i=3 &&
	while [ $i -lt 100 ]; do
		as mike -o /dev/null -d "{\"command\":\"c$i\"}" "$U/api/0/hosts/web-01/commands" || return 1
		i=$((i + 1))
	done &&
	test "$(as mike -o /dev/null -w "%{http_code}" -d "{\"command\":\"one-more\"}" \
	    "$U/api/0/hosts/web-01/commands")" = 429 &&
	test "$(ls state/queue/web-01/new | wc -l)" = 100
'

test_expect_success 'users change their own password and name, but cannot make themselves admins' '
	test "$(as mona -o /dev/null -w "%{http_code}" -X PUT -d "{\"admin\":true}" "$U/api/0/users/mona")" = 403 &&
	test "$(as mona -o /dev/null -w "%{http_code}" -X PUT -d "{\"password\":\"short\"}" "$U/api/0/users/mona")" = 400 &&
	test "$(as mona -o /dev/null -w "%{http_code}" -X PUT -d "{\"password\":\"a new password\"}" "$U/api/0/users/mona")" = 200 &&
	! login mona pw-of-mona &&
	login mona "a new password" &&
	login otto pw-of-otto &&
	jq -r ".users | keys | join(\",\")" state/users.json >got &&
	echo mike,mona,olga,otto >want &&
	test_cmp want got &&
	test "$(as mona "$U/api/0/me" | jq -r .name)" = "Mona M" &&
	as adam "$U/api/0/users/mona" | jq -c .hosts >got &&
	echo "{\"web-01\":\"monitor\"}" >want &&
	test_cmp want got
'

test_expect_success 'a user taken away is logged out at once, and cannot take hb.conf users away' '
	test "$(as adam -o /dev/null -w "%{http_code}" -X DELETE "$U/api/0/users/adam")" = 409 &&
	test "$(as adam -o /dev/null -w "%{http_code}" -X DELETE "$U/api/0/users/mona")" = 204 &&
	test "$(as mona -o /dev/null -w "%{http_code}" "$U/api/0/hosts")" = 401 &&
	test "$(as adam -o /dev/null -w "%{http_code}" -d "{\"username\":\"mike\",\"password\":\"12345678\"}" \
	    "$U/api/0/users")" = 409 &&
	test "$(as adam -o /dev/null -w "%{http_code}" -d "{\"username\":\"adam\",\"password\":\"12345678\"}" \
	    "$U/api/0/users")" = 409
'

test_expect_success 'settings show hb.conf without its secrets, to admins only' '
	as adam "$U/api/0/settings" >settings &&
	jq -e ".statedir and .web.iterations == 1000 and (.directives | length) == 7" settings &&
	! grep -e SECRET -e pbkdf2 settings &&
	jq -r ".directives[].words | join(\" \")" settings | grep "^notify" >got &&
	cat >want <<-\EOF &&
	notify pushover token (hidden) user (hidden)
	notify webhook https://hooks.example.com/(hidden) name hook
	EOF
	test_cmp want got
'

test_expect_success 'many changes at once, from many processes, all kept' '
	i=0 pids= &&
	while [ $i -lt 12 ]; do
		echo "{\"name\":\"h$i\"}" >state/hosts/h$i.json &&
		{ as adam -o /dev/null -d "{\"owner\":\"otto\"}" "$U/api/0/hosts/h$i/owner" & } &&
		pids="$pids $!" &&
		i=$((i + 1)) || return 1
	done &&
	for p in $pids; do wait $p || return 1; done &&
	test "$(jq "[.hosts[] | select(.owner == \"otto\")] | length" state/access.json)" = 13
'

test_done
