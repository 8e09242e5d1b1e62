#!/bin/sh
test_description='hbsend actions: the cmd of an ACK runs configured actions, and nothing else'
. "$(dirname "$0")/test-lib.sh"

# The user's own ~/.hbsend.conf must not change what the tests see.
HOME=$TRASH
export HOME

# start_peer DIR: a receiver on a free port that answers each heartbeat of
# host H with an ACK, and logs the heartbeat as a line "TIME JSON" in
# DIR/beats. When DIR/cmd.H exists, it takes the file (a JSON array) and
# the ACK carries it as cmd; DIR/forge.H is taken the same way, but the
# ACK gives a seq that is not the heartbeat's. Its port is in $peer_port.
start_peer() {
	mkdir -p "$1" &&
	peer_port=$(free_port) &&
	start_daemon perl -MIO::Socket::INET -MJSON::PP -MTime::HiRes=time -e '
		my ($port, $dir) = @ARGV;
		my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
		    LocalPort => $port, Proto => "udp") or die "bind: $!\n";
		$| = 1;
		print "listening\n";
		my $n = 0;
		sub take { my $f = shift; my $t = "$f." . ++$n;
			rename($f, $t) or return undef;
			open(my $h, "<", $t) or die "$t: $!\n";
			local $/; return <$h>; }
		for (;;) {
			my $from = $s->recv(my $d, 65536) or next;
			my $m = eval { decode_json($d) } or next;
			next if ($m->{ID} // "") ne "HTB";
			open(my $b, ">>", "$dir/beats") or die "beats: $!\n";
			printf $b "%.3f %s\n", time, $d;
			close $b;
			my $a = { ID => "ACK", name => $m->{name}, seq => $m->{seq},
			    ts => $m->{ts}, v => 1 };
			if (defined(my $cmd = take("$dir/cmd.$m->{name}"))) {
				$a->{cmd} = decode_json($cmd);
			} elsif (defined($cmd = take("$dir/forge.$m->{name}"))) {
				$a->{cmd} = decode_json($cmd);
				$a->{seq} += 12345;
			}
			$s->send(encode_json($a), 0, $from);
		}' "$peer_port" "$1" &&
	wait_for_line "$daemon_log" "listening"
}

# ask DIR HOST JSON: the next ACK to HOST from the peer of DIR carries JSON.
ask() {
	printf '%s\n' "$3" >"$1/cmd.tmp" &&
	mv "$1/cmd.tmp" "$1/cmd.$2"
}

# forge DIR HOST JSON: the same, in an ACK that is not of the heartbeat.
forge() {
	printf '%s\n' "$3" >"$1/forge.tmp" &&
	mv "$1/forge.tmp" "$1/forge.$2"
}

# has_lines FILE N: FILE has at least N lines.
has_lines() {
	test -f "$1" && test "$(wc -l <"$1")" -ge "$2"
}

# has_matches FILE N REGEX: at least N lines of FILE match REGEX.
has_matches() {
	test "$(grep -Ec -- "$3" "$1")" -ge "$2"
}

# beats DIR: how many heartbeats the peer of DIR has had.
beats() {
	if test -f "$1/beats"; then wc -l <"$1/beats"; else echo 0; fi
}

# more_beats DIR N: until the peer of DIR has had N heartbeats more than now.
more_beats() {
	want=$(($(beats "$1") + $2)) &&
	poll_ eval "test \$(beats '$1') -ge $want"
}

mkdir bin
cat >bin/touchit <<EOF
#!/bin/sh
echo "\$HB_ACTION \$HB_SERVER" >>"$TRASH/touched"
echo "touched it"
EOF
cat >bin/unknown <<EOF
#!/bin/sh
touch "$TRASH/ran-unknown"
EOF
cat >bin/fail <<EOF
#!/bin/sh
echo "some output"
echo "broken beyond repair" >&2
exit 3
EOF
cat >bin/block <<EOF
#!/bin/sh
echo \$\$ >>"$TRASH/block.pids"
while ! test -e "$TRASH/release"; do sleep 0.02; done
rm -f "$TRASH/release"
echo released
EOF
cat >bin/hang <<EOF
#!/bin/sh
sleep 60 &
echo \$! >"$TRASH/hang.child"
echo \$\$ >"$TRASH/hang.pid"
exec sleep 60
EOF
printf 'not a program\n' >bin/plain
chmod +x bin/touchit bin/unknown bin/fail bin/block bin/hang
PATH=$TRASH/bin:$PATH

cat >agent.conf <<EOF
action touchit $TRASH/bin/touchit
action fail   $TRASH/bin/fail
action block  timeout 30s $TRASH/bin/block
action hang   timeout 1s $TRASH/bin/hang
action gone   $TRASH/bin/nonesuch
action plain  $TRASH/bin/plain arg
EOF

test_expect_success 'setup: two peers, and the daemon that beats to both' '
	start_peer one &&
	port=$peer_port &&
	start_peer two &&
	port2=$peer_port &&
	start_daemon hbsend -d -F -i 0.2 -c agent.conf -n t-act \
	    127.0.0.1:$port 127.0.0.1:$port2 &&
	pid=$daemon_pid &&
	log=$daemon_log &&
	more_beats one 1 &&
	more_beats two 1
'

test_expect_success 'commands missing or not executable are reported at start' '
	wait_for_line "$log" "action plain:" &&
	grep -x "hbsend: action gone: $TRASH/bin/nonesuch: No such file or directory" "$log" &&
	grep -x "hbsend: action plain: $TRASH/bin/plain: Permission denied" "$log" &&
	! grep "action touchit" "$log"
'

test_expect_success 'a configured action runs, with HB_ACTION and HB_SERVER; an unknown name runs nothing' '
	ask one t-act "[\"touchit\",\"unknown\"]" &&
	wait_for_line "$log" "action touchit: exit" &&
	echo "touchit 127.0.0.1:$port" >expect &&
	test_cmp expect touched &&
	grep -E "^hbsend: action touchit: asked by 127\.0\.0\.1:$port: started, pid [0-9]+$" "$log" &&
	grep -x "hbsend: action touchit: exit 0: touched it" "$log" &&
	grep -x "hbsend: 127.0.0.1:$port: action unknown: not configured here: ignored" "$log" &&
	! grep "action unknown: asked" "$log" &&
	! test -e ran-unknown
'

test_expect_success 'each server that asks is a request, with its own HB_SERVER' '
	ask two t-act "[\"touchit\"]" &&
	wait_for_line touched "127.0.0.1:$port2" &&
	test_line_count = 2 touched &&
	sed -n 2p touched >got &&
	echo "touchit 127.0.0.1:$port2" >expect &&
	test_cmp expect got
'

test_expect_success 'a failing action is logged with its status and first line' '
	ask one t-act "[\"fail\"]" &&
	wait_for_line "$log" "action fail: exit" &&
	grep -x "hbsend: action fail: exit 3: broken beyond repair" "$log"
'

test_expect_success 'the cmd of an ACK that is not of our heartbeat is not taken' '
	forge one t-act "[\"touchit\"]" &&
	poll_ test ! -e one/forge.t-act &&
	more_beats one 5 &&
	test_line_count = 2 touched
'

test_expect_success 'heartbeats keep their rhythm while an action runs' '
	ask one t-act "[\"block\"]" &&
	wait_for_file block.pids &&
	more_beats one 10 &&
	more_beats two 10 &&
	test_line_count = 1 block.pids &&
	! grep "action block: exit" "$log"
'

test_expect_success 'a request while the action runs is logged and dropped' '
	ask one t-act "[\"block\"]" &&
	wait_for_line "$log" "action block: still running" &&
	grep -x "hbsend: 127.0.0.1:$port: action block: still running: request dropped" "$log" &&
	ask two t-act "[\"block\",\"touchit\"]" &&
	poll_ has_lines touched 3 &&
	grep -x "hbsend: 127.0.0.1:$port2: action block: still running: request dropped" "$log" &&
	test_line_count = 1 block.pids &&
	touch release &&
	wait_for_line "$log" "action block: exit" &&
	grep -x "hbsend: action block: exit 0: released" "$log"
'

test_expect_success 'once it has ended, it runs again' '
	ask one t-act "[\"block\"]" &&
	poll_ has_lines block.pids 2 &&
	touch release &&
	poll_ has_matches "$log" 2 "action block: exit 0" &&
	test_line_count = 2 block.pids
'

test_expect_success 'a hanging action is killed with its process group at its timeout' '
	ask one t-act "[\"hang\"]" &&
	wait_for_file hang.pid &&
	wait_for_file hang.child &&
	wait_for_line "$log" "action hang: timed out" &&
	grep -x "hbsend: action hang: timed out after 1s" "$log" &&
	poll_ process_dead "$(cat hang.pid)" &&
	poll_ process_dead "$(cat hang.child)"
'

test_expect_success 'hbsend -w takes no action, and says so' '
	ask one t-once "[\"touchit\"]" &&
	hbsend -w -c agent.conf -n t-once 127.0.0.1:$port >out 2>err &&
	grep -x "hbsend: 127.0.0.1:$port: action touchit: only the daemon (-d) runs actions: not run" err &&
	test_line_count = 3 touched
'

test_expect_success 'an action that runs when the daemon stops runs on to its end' '
	ask one t-act "[\"block\"]" &&
	poll_ has_lines block.pids 3 &&
	stop_daemon $pid &&
	wait $pid &&
	grep "stopped by a signal" "$log" &&
	touch release &&
	poll_ has_matches "$log" 3 "action block: exit 0"
'

test_expect_success 'mistakes in action lines name FILE:LINE and exit 1' '
	cat >bad.conf <<-EOF &&
	action rel bin/touchit
	action ../x /bin/true
	action nocmd
	action slow timeout
	action slow2 timeout 2h /bin/true
	action slow3 timeout soon /bin/true
	action twice /bin/true
	action twice /bin/false
	action
	EOF
	test_expect_code 1 hbsend -c bad.conf 127.0.0.1:$port 2>err &&
	cat >expect <<-\EOF &&
	hbsend: bad.conf:1: action: rel: bin/touchit: the command must be an absolute path
	hbsend: bad.conf:2: action: '\''../x'\'': not a valid name (up to 253 letters, digits, '\''.'\'', '\''_'\'' and '\''-'\'', a letter or digit first)
	hbsend: bad.conf:3: action: nocmd: a command expected
	hbsend: bad.conf:4: action: slow: timeout: a value expected
	hbsend: bad.conf:5: action: slow2: timeout: above 0 and at most 1h
	hbsend: bad.conf:6: action: slow3: timeout: bad duration (say 30s, 5m, 1h30m, 2d)
	hbsend: bad.conf:8: action: twice: configured already at line 7
	hbsend: bad.conf:9: action: argument expected
	EOF
	test_cmp expect err &&
	test_expect_code 1 hbsend -d -F -c bad.conf 127.0.0.1:$port 2>err &&
	grep "^hbsend: bad.conf:1: " err
'

test_expect_success 'the other programs pass the action directive over' '
	mkdir state &&
	printf "statedir %s\naction x /bin/true\n" "$TRASH/state" >hb.conf &&
	hbstate -c hb.conf >out 2>err &&
	test_cmp /dev/null err
'

test_done
