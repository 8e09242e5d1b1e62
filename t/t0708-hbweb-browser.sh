#!/bin/sh
test_description='the dashboards in a real browser: hbrecv, hbstate -f and hbweb, with hosts fed by hbsend'
. "$(dirname "$0")/test-lib.sh"

need_browser
command -v curl >/dev/null || skip_all 'curl is not installed (Debian: curl)'
command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'

HOME=$TRASH
export HOME

# Every host that samples has a WARNING and a CRITICAL whatever the
# machine (a busy cpu_percent could be 0 on an idle one): so there are
# alerts, and two severities for the filter to tell apart. A host that
# stops is DOWN 1.5 s after its last heartbeat, within a second more.
port=$(free_port udp)
cat >hb.conf <<EOF
statedir $TRASH/state
grace 1s
web iterations 1000
threshold cpu_monitor.cpu_count >= warning 1 critical 100000
threshold memory_monitor.total_mb > warning 0 critical 1
EOF
# What the glance strip and the charts are drawn from, every second.
cat >agent.conf <<EOF
plugin cpu_monitor interval 1s
plugin memory_monitor interval 1s
plugin disk_monitor interval 1s
plugin os_info off
plugin network_monitor off
plugin filesystem_info off
plugin zfs_monitor off
plugin exec off
EOF

up() {
	curl -s -m 2 -o /dev/null "$U/api/0/me"
}

start_web() {
	U=http://127.0.0.1:$wport &&
	start_daemon hbweb -c hb.conf -l 127.0.0.1:$wport
}

# agent NAME: a host beating every half second; its pid in NAME.pid.
agent() {
	start_daemon hbsend -d -F -i 0.5 -c agent.conf -n "$1" 127.0.0.1:$port &&
	echo $daemon_pid >"$1.pid"
}

# sampled NAME: hbrecv keeps a sample of each plugin, and two of the cpu.
sampled() {
	jq -e '.plugins | has("cpu_monitor") and has("memory_monitor") and
	    has("disk_monitor")' "state/hosts/$1.json" >/dev/null 2>&1 &&
	test "$(wc -l <"state/hosts/$1.hist/cpu_monitor")" -ge 2
}

# judged N: hbstate's alerts.json holds N alerts.
judged() {
	test "$(jq '.alerts | length' state/alerts.json 2>/dev/null)" = "$1"
}

# browser_passed STEP: until the browser running $browse_pid has passed
# the step (the text of its TAP line after "ok N - "), false as soon as it
# ended without; its lines are in $browse_log. The browser gets the time
# to start, even on a loaded machine.
passed_() {
	sed -n "s/^ok [0-9]* - //p" "$browse_log" | grep -qxF "$1"
}
browser_past_() {
	passed_ "$1" || process_dead $browse_pid
}
browser_passed() {
	HB_TEST_TIMEOUT=30 poll_ browser_past_ "$1" && passed_ "$1" || {
		echo "browser_passed: not past '$1':" >&2
		cat "$browse_log" >&2
		return 1
	}
}

# The steps of the login form, for the start of a script.
login='{"fill": ["#username", "admin"]},
 {"fill": ["#password", "pw-of-admin"]},
 {"click": "form.login button[type=submit]"}'

# What the cards hold, as a JS expression in a JSON string: host, state,
# and the glance strip with its percentages made N%.
cards='[...document.querySelectorAll(\"#hosts [data-host]\")].map(c => [c.dataset.host, c.querySelector(\".state\").textContent, [...c.querySelectorAll(\".glance b\")].map(b => /^[0-9]+%/.test(b.textContent) ? \"N%\" : b.textContent).join(\" \")])'

test_expect_success 'hbrecv, hbstate -f, hbweb, three hosts and an admin' '
	mkdir state &&
	start_daemon hbrecv -c hb.conf -l 127.0.0.1:$port &&
	recv_pid=$daemon_pid &&
	wait_for_file state/hbrecv.stats &&
	start_daemon hbstate -c hb.conf -f &&
	state_pid=$daemon_pid &&
	start_on_free_port wport start_web up &&
	web_pid=$daemon_pid &&
	agent web-01 && agent web-02 && agent web-03 || return 1
	for h in web-01 web-02 web-03; do
		poll_ sampled $h || {
			echo "$h: not every plugin sampled in ${HB_TEST_TIMEOUT}s" >&2
			return 1
		}
	done
	poll_ judged 6 || {
		echo "not 6 alerts in ${HB_TEST_TIMEOUT}s:" >&2
		cat state/alerts.json >&2
		return 1
	}
	curl -s -o made -w "%{http_code}\n" -d "{\"username\":\"admin\",\"password\":\"pw-of-admin\",\"admin\":true}" \
	    "$U/api/0/users" >st &&
	echo 201 >want && test_cmp want st
'

# The page stays open throughout: the shell starts hosts and stops one
# when the browser has reached the steps that wait for what follows. The
# fifth host comes as soon as the fourth has its card: hbstate saves its
# verdicts at most once a second, so the fifth is in the feed before it
# is in /api/0/hosts, and its card must wait without an error meanwhile.
test_expect_success 'live: log in, three cards; new hosts appear, one goes DOWN, without a reload' '
	cat >live.json <<-EOF &&
	[{"goto": "$U/live"},
	 {"evaluate": "location.pathname", "expect": "/login"},
	 {"screenshot": "login.png"},
	 $login,
	 {"waitFor": "[data-host=web-03]"},
	 {"evaluate": "location.pathname", "expect": "/live"},
	 {"evaluate": "$cards", "expect": [
	   ["web-01", "UP", "N% N% N% 2"],
	   ["web-02", "UP", "N% N% N% 2"],
	   ["web-03", "UP", "N% N% N% 2"]]},
	 {"screenshot": "live.png"},
	 {"evaluate": "window.hbSamePage = 1"},
	 {"waitFor": "[data-host=web-04]", "timeout": 30000},
	 {"waitFor": "[data-host=web-05]", "timeout": 30000},
	 {"text": ["[data-host=web-04] .state", "UP"]},
	 {"text": ["[data-host=web-05] .state", "UP"]},
	 {"text": ["[data-host=web-02] .state", "DOWN"], "timeout": 30000},
	 {"text": ["#feed", "DOWN: web-02"]},
	 {"evaluate": "[window.hbSamePage, [...document.querySelectorAll(\"#hosts [data-host]\")].map(c => c.dataset.host)]",
	  "expect": [1, ["web-01", "web-02", "web-03", "web-04", "web-05"]]},
	 {"screenshot": "live-later.png"}]
	EOF
	start_daemon $BROWSE live.json &&
	browse_pid=$daemon_pid browse_log=$daemon_log &&
	browser_passed "evaluate window.hbSamePage = 1" &&
	agent web-04 &&
	browser_passed "waitFor [data-host=web-04]" &&
	agent web-05 &&
	browser_passed "text [data-host=web-05] .state UP" &&
	stop_daemon $(cat web-02.pid) &&
	wait $browse_pid
	code=$?
	cat $browse_log
	test $code = 0
'

test_expect_success 'a host overview, alerts filtered by severity, settings' '
	cat >pages.json <<-EOF &&
	[{"goto": "$U/login"},
	 $login,
	 {"waitFor": "#hosts"},
	 {"goto": "$U/plugins/web-01"},
	 {"waitFor": "figure.chart svg"},
	 {"text": ["h1 .state", "UP"]},
	 {"evaluate": "[...document.querySelectorAll(\"section.plugin h2\")].map(h => h.id)",
	  "expect": ["plugin-cpu_monitor", "plugin-disk_monitor", "plugin-memory_monitor"]},
	 {"evaluate": "[...document.querySelectorAll(\"table.kv th\")].map(t => t.textContent).filter(t => t === \"cpu_percent\" || t === \"total_mb\")",
	  "expect": ["cpu_percent", "total_mb"]},
	 {"evaluate": "[...document.querySelectorAll(\"figure.chart\")].filter(f => f.querySelector(\"svg polyline\").points.numberOfItems >= 2).map(f => f.querySelector(\"figcaption\").textContent.split(\":\")[0]).filter(c => c === \"cpu_percent\" || c === \"percent\")",
	  "expect": ["cpu_percent", "percent"]},
	 {"screenshot": "plugins.png"},
	 {"goto": "$U/alerts"},
	 {"evaluate": "[...new Set([...document.querySelectorAll(\"table.alerts .badge\")].map(b => b.textContent))].sort()",
	  "expect": ["CRITICAL", "WARNING"]},
	 {"select": ["#severity", "warning"]},
	 {"click": "form.filter button[type=submit]"},
	 {"text": ["ul.counts a[aria-current]", "warning"]},
	 {"evaluate": "[location.search, document.querySelector(\"#severity\").value, [...new Set([...document.querySelectorAll(\"table.alerts .badge\")].map(b => b.textContent))]]",
	  "expect": ["?severity=warning", "warning", ["WARNING"]]},
	 {"screenshot": "alerts.png"},
	 {"goto": "$U/settings"},
	 {"text": ["table.thresholds", "cpu_monitor.cpu_count"]},
	 {"text": ["table.users", "admin"]},
	 {"fill": ["#user-make [name=username]", "olga"]},
	 {"fill": ["#user-make [name=password]", "pw-of-olga"]},
	 {"click": "#user-make button[type=submit]"},
	 {"text": ["table.users", "olga"]},
	 {"screenshot": "settings.png"}]
	EOF
	$BROWSE pages.json >out
	code=$?
	cat out
	test $code = 0
'

# ended PID: it ended with 0, as a TERM asks.
ended() {
	wait "$1"
	code=$?
	[ $code = 0 ] || echo "$1 exited $code" >&2
	return $code
}

test_expect_success 'the programs stop cleanly, and the sanitizers have nothing to say' '
	for p in $(cat web-0?.pid) $web_pid $state_pid $recv_pid; do
		kill $p 2>/dev/null
		ended $p || return 1
	done &&
	! grep -E "Sanitizer|runtime error" daemon*.log
'

test_expect_success 'a screenshot of each page, each a PNG' '
	printf "\211PNG\r\n\032\n" >want &&
	for f in login live live-later plugins alerts settings; do
		head -c 8 $f.png >got &&
		test_cmp want got || return 1
	done
'

test_done
