#!/bin/sh
test_description='the test harness itself: plans, failures, crashes, waits'
. "$(dirname "$0")/test-lib.sh"

# Run a small test script made of the given body; its TAP goes to out.
run_sub() {
	{
		echo ". '$TOP/t/test-lib.sh'"
		cat
		echo test_done
	} >sub.sh
	sh sub.sh >out 2>&1
}

test_expect_success 'a passing test prints ok and the plan' '
	run_sub <<-\EOS &&
	test_expect_success "fine" "true"
	EOS
	printf "ok 1 - fine\n1..1\n" >expect &&
	test_cmp expect out
'

test_expect_success 'a failing test prints not ok, its output, and exits 1' '
	run_sub <<-\EOS
	test_expect_success "bad" "echo why it broke; false"
	EOS
	test $? = 1 &&
	grep -x "not ok 1 - bad" out &&
	grep -x "# why it broke" out &&
	grep -x "# failed 1 of 1" out &&
	sh sub.sh 2>err >/dev/null
	grep -x "# why it broke" err
'

test_expect_success 'return 1 inside a body fails that test only' '
	run_sub <<-\EOS
	test_expect_success "loop" "for i in 1 2; do false || return 1; done"
	test_expect_success "next" "true"
	EOS
	test $? = 1 &&
	grep -x "not ok 1 - loop" out &&
	grep -x "ok 2 - next" out
'

test_expect_success 'test_must_fail accepts an ordinary failure' '
	test_must_fail sh -c "exit 1"
'

test_expect_success 'test_must_fail counts a crash as a failure' '
	! test_must_fail sh -c "kill -SEGV \$\$" 2>err &&
	grep "died of signal 11" err
'

test_expect_success 'test_must_fail counts success and a missing command as failures' '
	! test_must_fail true 2>err &&
	grep succeeded err &&
	! test_must_fail ./no-such-program 2>err &&
	grep "could not be run" err
'

test_expect_success 'test_expect_code pins the status' '
	test_expect_code 3 sh -c "exit 3" &&
	! test_expect_code 3 sh -c "exit 2" 2>/dev/null
'

test_expect_success 'free_port finds a port that can be bound' '
	port=$(free_port udp) &&
	test "$port" -gt 0 &&
	perl -MIO::Socket::INET -e "IO::Socket::INET->new(LocalAddr => q(127.0.0.1),
	    LocalPort => $port, Proto => q(udp)) or die" &&
	port=$(free_port tcp) &&
	test "$port" -gt 0
'

test_expect_success 'wait_for_file and wait_for_line wait for a writer' '
	(sleep 0.3; echo "line one" >late; echo "ready 42" >>late) &
	wait_for_file late &&
	wait_for_line late "^ready [0-9]+$"
'

test_expect_success 'the waits give up after the timeout' '
	HB_TEST_TIMEOUT=1 &&
	! wait_for_file never 2>err &&
	grep "did not appear" err &&
	! wait_for_line late "^absent" 2>err &&
	grep "no line matching" err &&
	HB_TEST_TIMEOUT=10
'

test_expect_success 'start_daemon runs in the background and is stopped at the end' '
	start_daemon sh -c "echo started; exec sleep 300" &&
	wait_for_line "$daemon_log" started &&
	kill -0 $daemon_pid &&
	echo $daemon_pid >daemon.pid
'

test_expect_success 'a script whose daemon outlives its tests still ends it' '
	here=$PWD &&
	run_sub <<-EOS &&
	test_expect_success "start" "start_daemon sleep 300 && echo \\\$daemon_pid >$here/sub.pid"
	EOS
	test -s sub.pid &&
	wait_for_exit $(cat sub.pid)
'

test_expect_success 'skip_all prints a skip plan' '
	run_sub <<-\EOS &&
	skip_all "nothing to do here"
	EOS
	printf "1..0 # SKIP nothing to do here\n" >expect &&
	test_cmp expect out
'

test_done
