#!/bin/sh
test_description='hbweb: the live feed over a WebSocket (RFC 6455) and as server-sent events'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
command -v curl >/dev/null || skip_all 'curl is not installed (Debian: curl)'
PY=$(command -v python3) || skip_all 'python3 is not installed (Debian: python3)'
WS="$PY $TOP/t/helper/ws-client.py"

mkdir -p state/hosts
for h in web-01 db-01; do
	echo "{\"name\":\"$h\"}" >state/hosts/$h.json
done
echo '{"version":1,"hosts":{"web-01":{"state":"UP"},"db-01":{"state":"UP"}},"alerts":[]}' >state/alerts.json
: >state/events
: >state/messages.journal
printf "statedir $TRASH/state\nweb iterations 1000\n" >hb.conf

up() {
	curl -s -m 2 -o /dev/null "$U/api/0/me"
}

start_web() {
	U=http://127.0.0.1:$port &&
	start_daemon hbweb -c hb.conf -l 127.0.0.1:$port
}

# event HOST STATE: a line of hbstate's, appended
event() {
	echo "{\"id\":\"e-$1-$2\",\"ts\":1795397730,\"host\":\"$1\",\"kind\":\"host\",\"state\":\"$2\",\"text\":\"$2: $1\"}" >>state/events
}

# message HOST ID [TEXT]: a line of hbrecv's journal, appended
message() {
	echo "{\"timestamp\":1795397730.5,\"datetime\":\"x\",\"source_ip\":\"192.0.2.7\",\"source_port\":4000,\"message\":{\"ID\":\"$2\",\"name\":\"$1\",\"seq\":1,\"ts\":1795397730.4,\"text\":\"${3:-}\"}}" >>state/messages.journal
}

# live OUT STEP...: a client in the background, its lines in OUT (emptied
# first, so that an earlier client's 101 in it is not taken for this one's)
live() {
	out=$1
	shift
	: >$out &&
	$WS $port /api/0/live "$@" >$out 2>&1 &
	live_pid=$!
	wait_for_line $out "^HTTP/1.1 101 "
}

test_expect_success 'the server starts, with no users' '
	start_on_free_port port start_web up
'

test_expect_success 'the handshake: 101 with the accept key; events and messages as they come' '
	live feed read:4 &&
	event web-01 DOWN &&
	message web-01 MSG "disk replaced" &&
	message db-01 BOOT &&
	message db-01 HTB &&
	wait $live_pid &&
	sed 1d feed >items &&
	jq -r "[.type, .host // .event.host, .id // .event.state // \"\", .text // .event.text] | @tsv" items >got &&
	printf "event\tweb-01\tDOWN\tDOWN: web-01\nmessage\tweb-01\tMSG\tdisk replaced\nmessage\tdb-01\tBOOT\t\nseen\tdb-01\t\t\n" >want &&
	test_cmp want got &&
	test "$(jq -r .address items | sort -u | grep -v null)" = 192.0.2.7
'

test_expect_success 'ping is answered with its payload, fragments are taken, close is returned' '
	live out ping:abc frag:Hel,lo ping:after close &&
	wait $live_pid &&
	printf "HTTP/1.1 101 Switching Protocols\npong abc\npong after\nclose 1000\n" >want &&
	test_cmp want out
'

test_expect_success 'an oversized message is refused (1009), an unmasked frame too (1002)' '
	live out big:5000 &&
	wait $live_pid &&
	tail -1 out >got && echo "close 1009" >want && test_cmp want got &&
	live out bad &&
	wait $live_pid &&
	tail -1 out >got && echo "close 1002" >want && test_cmp want got
'

test_expect_success 'without a WebSocket, server-sent events' '
	{ curl -s -N -m 20 -H "Accept: text/event-stream" -D head "$U/api/0/live" >sse & } &&
	sse_pid=$! &&
	wait_for_file head &&
	event db-01 UP &&
	wait_for_line sse "^data: " &&
	kill $sse_pid 2>/dev/null; wait $sse_pid;
	grep -i "^Content-Type: text/event-stream" head &&
	! grep -i "^Content-Length" head &&
	sed -n "s/^data: //p" sse | jq -r .event.host >got &&
	echo db-01 >want &&
	test_cmp want got
'

# An independent implementation of the other side: Debian's python3-websockets.
independent() {
	$PYWS - "$port" <<-\EOF
	import asyncio, json, sys, websockets
	async def main():
	    uri = "ws://127.0.0.1:%s/api/0/live" % sys.argv[1]
	    async with websockets.connect(uri, max_size=2**16) as ws:
	        pong = await ws.ping(b"interop")
	        await asyncio.wait_for(pong, 10)
	        print("pong")
	        with open("state/events", "a") as f:
	            f.write(json.dumps({"id": "i1", "host": "web-01", "kind": "host",
	                                "state": "UP", "text": "UP: web-01"}) + "\n")
	        item = json.loads(await asyncio.wait_for(ws.recv(), 10))
	        print(item["type"], item["event"]["host"])
	    print("closed", ws.close_code)
	asyncio.run(main())
	EOF
}

PYWS=/usr/bin/python3
if [ -x $PYWS ] && $PYWS -c "import websockets" 2>/dev/null; then
	test_expect_success 'an independent client (python3-websockets): ping, an item, a clean close' '
		independent >out &&
		printf "pong\nevent web-01\nclosed 1000\n" >want &&
		test_cmp want out
	'
else
	test_skip 'an independent client (python3-websockets)' 'python3-websockets is not installed (Debian: python3-websockets)'
fi

code() {
	curl -s -o /dev/null -w "%{http_code}" "$@"
}

test_expect_success 'bad handshakes are refused' '
	test "$(code "$U/api/0/live")" = 400 &&
	test "$(code -H "Upgrade: websocket" -H "Connection: Upgrade" -H "Sec-WebSocket-Version: 12" \
	    -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" "$U/api/0/live")" = 426 &&
	test "$(code -H "Upgrade: websocket" -H "Connection: Upgrade" -H "Sec-WebSocket-Version: 13" \
	    -H "Sec-WebSocket-Key: short" "$U/api/0/live")" = 400 &&
	test "$(code -H "Upgrade: websocket" -H "Sec-WebSocket-Version: 13" \
	    -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" "$U/api/0/live")" = 400 &&
	test "$(code -X POST -d "" "$U/api/0/live")" = 405
'

test_expect_success 'with users: a login is needed, and each sees only their hosts' '
	curl -s -d "{\"username\":\"adam\",\"password\":\"pw-of-adam\",\"admin\":true}" "$U/api/0/users" >/dev/null &&
	T=$(curl -s -d "{\"username\":\"adam\",\"password\":\"pw-of-adam\"}" "$U/api/0/auth/login" | jq -r .token) &&
	curl -s -H "Authorization: Bearer $T" -d "{\"username\":\"mona\",\"password\":\"pw-of-mona\"}" "$U/api/0/users" >/dev/null &&
	curl -s -H "Authorization: Bearer $T" -X PUT -d "{\"monitors\":[\"mona\"]}" "$U/api/0/hosts/web-01/access" >/dev/null &&
	M=$(curl -s -d "{\"username\":\"mona\",\"password\":\"pw-of-mona\"}" "$U/api/0/auth/login" | jq -r .token) &&
	$WS $port /api/0/live >out &&
	grep "^HTTP/1.1 401 " out &&
	live feed -H "Authorization: Bearer $M" read:1 &&
	event db-01 DOWN &&
	event web-01 UP &&
	wait $live_pid &&
	sed 1d feed | jq -r .event.host >got &&
	echo web-01 >want &&
	test_cmp want got &&
	$WS $port /api/0/live -H "Cookie: hb_session=$M" -H "Origin: http://evil.example" >out &&
	grep "^HTTP/1.1 403 " out
'

test_done
