#!/bin/sh
test_description='browse.js: the real-browser harness of the web page tests'
. "$(dirname "$0")/test-lib.sh"

need_browser
PY=/usr/bin/python3
[ -x $PY ] || PY=$(command -v python3) || skip_all 'python3 is not installed (Debian: python3)'

# A static server on a port of its own choosing, written to PORTFILE once
# it listens, with the strict policy that hbweb's pages are to live under.
cat >serve.py <<'EOF'
import os, sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

class Handler(SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Content-Security-Policy",
                         "default-src 'self'; script-src 'self'")
        super().end_headers()

portfile, root = sys.argv[1], sys.argv[2]
srv = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=root))
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_port)
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
EOF

mkdir www
# Chromium asks every site for one, and a 404 is a console error.
: >www/favicon.ico
page() {
	printf '<!doctype html><html><head><meta charset="utf-8"><title>%s</title>%s</head><body>%s</body></html>\n' "$@"
}
page form '<script src="form.js" defer></script>' \
	'<input id="name"><button id="go">Go</button><p id="out">nothing yet</p>' >www/form.html
cat >www/form.js <<'EOF'
document.getElementById('go').addEventListener('click', () => {
	const name = document.getElementById('name').value;
	document.getElementById('out').textContent = 'hello ' + name;
});
EOF
page inline '' \
	'<p id="out">static</p><script>document.getElementById("out").textContent = "inline ran";</script>' >www/inline.html
page throw '<script src="throw.js"></script>' '<p>throws</p>' >www/throw.html
echo 'throw new Error("boom in throw.js");' >www/throw.js
page console '<script src="console.js"></script>' '<p>complains</p>' >www/console.html
echo 'console.error("something is wrong");' >www/console.js

start_daemon $PY serve.py port www
wait_for_file port || exit 1
URL=http://127.0.0.1:$(cat port)

test_expect_success 'a page: fill a field, click, read what its script wrote' '
	cat >form.json <<-EOF &&
	[{"goto": "$URL/form.html"},
	 {"waitFor": "#go"},
	 {"fill": ["#name", "world"]},
	 {"click": "#go"},
	 {"text": ["#out", "hello world"]},
	 {"evaluate": "[document.title, 1 + 1]", "expect": ["form", 2]},
	 {"screenshot": "form.png"}]
	EOF
	$BROWSE form.json >out &&
	cat out &&
	! grep "^not ok" out &&
	grep "^ok 5 - text #out hello world$" out &&
	grep "^ok 8 - no console errors, exceptions or CSP violations$" out &&
	grep "^1\.\.8$" out
'

test_expect_success 'the screenshot is a PNG' '
	printf "\211PNG\r\n\032\n" >want &&
	head -c 8 form.png >got &&
	cmp want got
'

test_expect_success 'an inline script under the CSP: blocked and reported' '
	echo "[{\"goto\": \"$URL/inline.html\"}, {\"text\": [\"#out\", \"static\"]}]" >inline.json &&
	test_expect_code 1 $BROWSE inline.json >out 2>err &&
	cat out err &&
	grep "^ok 2 - text #out static$" out &&
	grep "^not ok 3 - no console errors, exceptions or CSP violations$" out &&
	grep "^# CSP: .*Content Security Policy directive .script-src .self.." out &&
	grep "^# CSP violation: script-src-elem blocked inline at $URL/inline.html:1$" out &&
	grep "^browse.js: 1 of 3 failed$" err
'

test_expect_success 'an uncaught exception is reported' '
	echo "[{\"goto\": \"$URL/throw.html\"}]" >throw.json &&
	test_expect_code 1 $BROWSE throw.json >out &&
	cat out &&
	grep "^ok 1 - goto $URL/throw.html$" out &&
	grep "^# uncaught: boom in throw.js$" out
'

test_expect_success 'a console error is reported, with where it came from' '
	echo "[{\"goto\": \"$URL/console.html\"}]" >console.json &&
	test_expect_code 1 $BROWSE console.json >out &&
	cat out &&
	grep "^# console error: something is wrong ($URL/console.js)$" out
'

test_expect_success 'text that does not come: the step fails with what was there, and ends the script' '
	cat >late.json <<-EOF &&
	[{"goto": "$URL/form.html"},
	 {"text": ["#out", "goodbye"], "timeout": 300},
	 {"click": "#go"}]
	EOF
	test_expect_code 1 $BROWSE late.json >out &&
	cat out &&
	grep "^not ok 2 - text #out goodbye$" out &&
	grep "^# #out says \"nothing yet\", without \"goodbye\"$" out &&
	! grep " - click" out &&
	grep "^ok 3 - no console errors" out &&
	grep "^1\.\.3$" out
'

test_expect_success 'a value other than expected, and a page that is not there, fail' '
	cat >wrong.json <<-EOF &&
	[{"goto": "$URL/form.html"},
	 {"evaluate": "document.title", "expect": "other"}]
	EOF
	test_expect_code 1 $BROWSE wrong.json >out &&
	grep "^# got \"form\", want \"other\"$" out &&
	echo "[{\"goto\": \"$URL/nosuch.html\"}]" >missing.json &&
	test_expect_code 1 $BROWSE missing.json >out &&
	cat out &&
	grep "^not ok 1 - goto $URL/nosuch.html$" out &&
	grep "^# status 404$" out
'

test_expect_success 'bad usage, a bad script, no browser: exit 2, said so' '
	test_expect_code 2 $BROWSE 2>err &&
	grep "^browse.js: usage: browse.js script.json$" err &&
	echo "{\"goto\": \"$URL/\"}" >bad.json &&
	test_expect_code 2 $BROWSE bad.json 2>err &&
	grep "^browse.js: bad.json: not an array of steps$" err &&
	echo "[{\"hover\": \"#go\"}]" >bad.json &&
	test_expect_code 2 $BROWSE bad.json 2>err &&
	grep "^browse.js: bad.json: step 1: want one of goto, " err &&
	echo "[{\"goto\": \"$URL/form.html\"}]" >form1.json &&
	test_expect_code 2 env HB_CHROMIUM=$TRASH/nosuch $BROWSE form1.json 2>err &&
	grep "^browse.js: cannot start $TRASH/nosuch: " err
'

test_done
