#!/bin/sh
test_description='hbweb: the pages /alerts, /plugins/NAME and /settings, rendered by the server'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
command -v curl >/dev/null || skip_all 'curl is not installed (Debian: curl)'

T=1795397730
mkdir -p state/hosts/web-01.hist state/hosts/db-01.hist
# web-01 reports what hbsend's plugins send, and a value that is markup
cat >state/hosts/web-01.json <<EOF
{"name":"web-01","address":"192.0.2.10","port":40211,"first_seen":$((T - 86400)),"last_seen":$T,"interval":30,"rtt":3.2,"plugins":{
"cpu_monitor":{"ts":$T,"data":{"cpu_percent":41.6,"user_percent":29,"system_percent":12.4,"load_1min":0.65,"cpu_count":2}},
"memory_monitor":{"ts":$T,"data":{"total_mb":24106,"available_mb":23281,"used_mb":825,"percent":3.4,"swap_percent":0}},
"disk_monitor":{"ts":$T,"data":{"partitions":{"/":{"device":"/dev/vda1","fstype":"ext4","size_gb":252,"used_gb":17.4,"free_gb":78.3,"percent":18.2},"/var":{"device":"/dev/vdb1","fstype":"xfs","size_gb":100,"used_gb":91,"free_gb":9,"percent":91}},"io":{"vda":{"reads":1643789,"writes":5564280}}}},
"zfs_monitor":{"ts":$T,"data":{"pools":{"tank":{"size":1992864825344,"alloc":996432412672,"free":996432412672,"fragmentation_percent":12,"capacity_percent":50,"dedup_ratio":1,"read_errors":0,"write_errors":0,"checksum_errors":0,"health":"ONLINE","state":"ONLINE","errors":"No known data errors"},"backup":{"size":999511627776,"alloc":899511627776,"free":100000000000,"fragmentation_percent":40,"capacity_percent":90,"read_errors":0,"write_errors":2,"checksum_errors":5,"health":"DEGRADED","state":"DEGRADED","errors":"No known data errors"}}}},
"nagios_runner":{"ts":$T,"data":{"http_status_code":0,"http_status":"OK","http_output":"HTTP OK: 200 in 0.01 s","disk_root_status_code":2,"disk_root_status":"CRITICAL","disk_root_output":"DISK CRITICAL - free space: / 3 GB (2%)","http_time":0.01,"http_time_uom":"s"}},
"custom_app":{"ts":$T,"data":{"note":"<script>alert(1)</script>","nested":{"a":1,"b":{"c":2}},"list":[1,2,3]}}
}}
EOF
echo "{\"name\":\"db-01\",\"address\":\"192.0.2.11\",\"plugins\":{\"cpu_monitor\":{\"ts\":$T,\"data\":{\"cpu_percent\":95}}}}" >state/hosts/db-01.json
# histories, oldest first: more cpu samples than a chart shows
i=0
while [ $i -lt 120 ]; do
	echo "{\"ts\":$((T - 3600 + i * 30)),\"data\":{\"cpu_percent\":$((i % 100)).5}}"
	i=$((i + 1))
done >state/hosts/web-01.hist/cpu_monitor
for i in 1 2 3 4 5; do
	echo "{\"ts\":$((T - 300 + i * 60)),\"data\":{\"percent\":3.$i}}" >>state/hosts/web-01.hist/memory_monitor
	echo "{\"ts\":$((T - 300 + i * 60)),\"data\":{\"partitions\":{\"/\":{\"percent\":18.$i},\"/var\":{\"percent\":9$i}}}}" >>state/hosts/web-01.hist/disk_monitor
done
cat >state/alerts.json <<EOF
{"version":1,"updated":$T,"hosts":{"web-01":{"state":"UP","since":$((T - 7200)),"last_seen":$T,"rtt":3.2,"address":"192.0.2.10","version":"1.0"},"db-01":{"state":"DOWN","since":$((T - 300)),"last_seen":$((T - 400)),"address":"192.0.2.11"}},
"alerts":[{"host":"web-01","metric":"disk_monitor.partitions./var.percent","state":"WARNING","since":$((T - 900)),"value":91,"threshold":90,"op":">"},
{"host":"db-01","metric":"cpu_monitor.cpu_percent","state":"CRITICAL","since":$((T - 60)),"value":95,"threshold":75,"op":">"},
{"host":"web-01","metric":"nagios_runner.disk_root_status_code","state":"CRITICAL","since":$((T - 120)),"value":2,"threshold":null,"op":"nagios","display":"disk_root: DISK CRITICAL"}]}
EOF
cat >hb.conf <<EOF
statedir $TRASH/state
web iterations 1000
threshold cpu_monitor.cpu_percent > warning 80 critical 90 hysteresis 2%
threshold nagios_runner.status_code nagios display "{check_name}: {output}"
threshold rtt.web-01 warning 100 critical 500
profile tight_cpu threshold cpu_monitor.cpu_percent > warning 60 critical 75
host db-01 profile tight_cpu
notify pushover token SECRET-TOKEN user SECRET-USER
EOF

up() {
	curl -s -m 2 -o /dev/null "$U/api/0/me"
}

start_web() {
	U=http://127.0.0.1:$port &&
	start_daemon hbweb -c hb.conf -l 127.0.0.1:$port
}

# get FILE PATH [CURL-ARGS...]: the page into FILE, its head into FILE.head
get() {
	f_=$1 p_=$2
	shift 2
	curl -s -D $f_.head -o $f_ "$@" "$U$p_"
}

# is FILE STATUS: the page was answered so, as HTML
is() {
	sed -n "1p" $1.head | grep -q "^HTTP/1.1 $2 " &&
	grep -qi "^Content-Type: text/html; charset=utf-8" $1.head
}

test_expect_success 'the server starts, with no users' '
	start_on_free_port port start_web up
'

test_expect_success 'each page answers 200 with HTML in the frame' '
	get alerts /alerts && is alerts 200 &&
	get plugins /plugins/web-01 && is plugins 200 &&
	get settings /settings && is settings 200 &&
	for f in alerts plugins settings; do
		grep -q "<nav>" $f && grep -q "</html>" $f || return 1
	done
'

test_expect_success 'the host overview: its verdict, and the partitions as a table' '
	grep -q "<span class=\"state up\">UP</span>" plugins &&
	grep -q "192.0.2.10" plugins &&
	grep -q "<h3>partitions</h3>" plugins &&
	grep -q "<th scope=\"row\">/var</th><td>/dev/vdb1</td><td>xfs</td><td class=\"num\">100</td><td class=\"num\">91</td><td class=\"num\">9</td>" plugins
'

test_expect_success 'histories as SVG charts: the last 100 cpu samples, each partition' '
	grep -o "<figcaption>[^<]*" plugins >got &&
	cat >want <<-\EOF &&
	<figcaption>cpu_percent: the last 100 samples over 49 min
	<figcaption>/ percent: the last 5 samples over 4 min
	<figcaption>/var percent: the last 5 samples over 4 min
	<figcaption>percent: the last 5 samples over 4 min
	EOF
	test_cmp want got &&
	grep -o "<polyline[^>]*points=\"[^\"]*\"" plugins >lines &&
	test_line_count = 4 lines &&
	head -1 lines | sed "s/.*points=\"//; s/\"//" | tr " " "\n" >points &&
	test_line_count = 100 points
'

test_expect_success 'ZFS pools with their health by class; Nagios checks with their states' '
	grep -q "<th scope=\"row\">backup</th><td><span class=\"badge warning\">DEGRADED</span>" plugins &&
	grep -q "<th scope=\"row\">tank</th><td><span class=\"badge ok\">ONLINE</span>" plugins &&
	grep -q "<rect class=\"fill\" width=\"90.0\"" plugins &&
	grep -q "<th scope=\"row\">disk_root</th><td><span class=\"badge critical\">CRITICAL</span></td><td>DISK CRITICAL - free space: / 3 GB (2%)</td>" plugins &&
	grep -q "<th scope=\"row\">http</th><td><span class=\"badge ok\">OK</span>" plugins
'

test_expect_success 'an unknown plugin as rows, its values escaped' '
	grep -q "<th scope=\"row\">nested.b.c</th><td class=\"num\">2</td>" plugins &&
	grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" plugins &&
	! grep -q "<script>alert" plugins
'

test_expect_success 'alerts: the counts, all worst first, or one severity' '
	grep -o "class=\"badge [a-z]*\"" alerts >got &&
	printf "class=\"badge %s\"\n" critical critical warning >want &&
	test_cmp want got &&
	grep -q "critical <b>2</b>" alerts &&
	grep -q "<a href=\"/plugins/db-01\">db-01</a>" alerts &&
	get crit "/alerts?severity=critical" && is crit 200 &&
	grep -o "class=\"badge [a-z]*\"" crit >got &&
	printf "class=\"badge %s\"\n" critical critical >want &&
	test_cmp want got &&
	grep -q "<option selected>critical</option>" crit &&
	get bad "/alerts?severity=loud" && is bad 400
'

test_expect_success 'settings: the configuration without secrets, the thresholds of each host' '
	grep -q "<th scope=\"row\">statedir</th><td>$TRASH/state</td>" settings &&
	grep -q "notify pushover token (hidden) user (hidden)" settings &&
	! grep -q SECRET settings &&
	sed -n "s/.*<h3 id=\"th-db-01\">\(.*\)<h3 id=\"th-web-01\">.*/\1/p" settings >db &&
	grep -q "profiles: tight_cpu" db &&
	grep -q "<td>cpu_monitor.cpu_percent</td><td>&gt;</td><td class=\"num\">60</td><td class=\"num\">75</td><td class=\"num\">2%</td>" db &&
	! grep -q rtt.web-01 db &&
	sed -n "s/.*<h3 id=\"th-web-01\">//p" settings >web &&
	grep -q "<td>cpu_monitor.cpu_percent</td><td>&gt;</td><td class=\"num\">80</td><td class=\"num\">90</td>" web &&
	grep -q "<td>nagios_runner.status_code</td><td>nagios</td><td class=\"num\"></td><td class=\"num\"></td><td class=\"num\"></td><td>{check_name}: {output}</td>" web &&
	grep -q "<td>rtt.web-01</td>" web
'

test_expect_success 'the forms of the settings are sent by its script, which is served' '
	grep -q "<script src=\"/static/settings.js\" defer></script>" settings &&
	grep -q "<form id=\"user-make\"" settings &&
	curl -s -D js.head -o settings.js "$U/static/settings.js" &&
	grep -q "^HTTP/1.1 200 " js.head &&
	grep -qi "^Content-Type: text/javascript" js.head &&
	grep -q "/api/0/users" settings.js
'

test_expect_success 'HEAD is answered as GET is' '
	for p in /alerts /plugins/web-01 /settings; do
		curl -s -I "$U$p" >head &&
		grep -q "^HTTP/1.1 200 " head &&
		grep -qi "^Content-Type: text/html" head || return 1
	done
'

test_expect_success 'no host of that name, or no name: a page saying 404' '
	get nohost /plugins/nohost && is nohost 404 && grep -q "<nav>" nohost &&
	get noname /plugins/ && is noname 404 &&
	get badname /plugins/.hidden && is badname 404 &&
	test "$(curl -s -o /dev/null -w "%{http_code}" -X POST -H "Content-Length: 0" "$U/alerts")" = 404
'

test_expect_success 'with users: without a session, each page sends to /login' '
	curl -s -d "{\"username\":\"adam\",\"password\":\"pw-of-adam\",\"admin\":true}" "$U/api/0/users" >/dev/null &&
	A=$(curl -s -d "{\"username\":\"adam\",\"password\":\"pw-of-adam\"}" "$U/api/0/auth/login" | jq -r .token) &&
	curl -s -H "Authorization: Bearer $A" -d "{\"username\":\"mona\",\"password\":\"pw-of-mona\",\"name\":\"Mona M\"}" "$U/api/0/users" >/dev/null &&
	curl -s -H "Authorization: Bearer $A" -X PUT -d "{\"monitors\":[\"mona\"]}" "$U/api/0/hosts/web-01/access" >/dev/null &&
	M=$(curl -s -d "{\"username\":\"mona\",\"password\":\"pw-of-mona\"}" "$U/api/0/auth/login" | jq -r .token) &&
	for p in /alerts /plugins/web-01 /settings "/alerts?severity=warning"; do
		curl -s -D head -o /dev/null "$U$p" &&
		grep -q "^HTTP/1.1 303 " head &&
		grep -q "^Location: /login" head || return 1
	done
'

test_expect_success 'an admin sees the users, and may delete those of users.json' '
	get settings /settings -H "Authorization: Bearer $A" && is settings 200 &&
	grep -q "<th scope=\"row\">mona</th><td>Mona M</td><td></td><td class=\"muted\">users.json</td><td><a href=\"/plugins/web-01\">web-01</a> <span class=\"muted\">monitor</span></td>" settings &&
	grep -q "<option>mona</option>" settings &&
	get plugins /plugins/db-01 -H "Authorization: Bearer $A" && is plugins 200
'

test_expect_success 'a user who may not see a host gets a page saying 404' '
	get mine /plugins/web-01 -H "Authorization: Bearer $M" && is mine 200 &&
	get other /plugins/db-01 -H "Authorization: Bearer $M" && is other 404 &&
	! grep -q "95" other
'

test_expect_success 'settings for a user who is no admin: their entry and hosts, no configuration' '
	get mset /settings -H "Authorization: Bearer $M" && is mset 200 &&
	! grep -q statedir mset &&
	! grep -q SECRET mset &&
	! grep -q "settings.js" mset &&
	! grep -q "<option>" mset &&
	grep -q "<th scope=\"row\">mona</th><td>Mona M</td>" mset &&
	grep -q "<h3 id=\"th-web-01\">" mset &&
	! grep -q "th-db-01" mset
'

test_expect_success 'a monitor lists no alerts: lists are for managers and up' '
	get malerts /alerts -H "Authorization: Bearer $M" && is malerts 200 &&
	grep -q "No alerts." malerts
'

test_expect_success 'no page has an inline style or an inline script' '
	for f in alerts plugins settings crit nohost mine other mset malerts; do
		! grep -q "style=" $f &&
		! grep -o "<script[^>]*>" $f | grep -v " src=" || return 1
	done
'

test_done
