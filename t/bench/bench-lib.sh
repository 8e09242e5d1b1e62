# bench-lib.sh: what the benchmarks share, sourced after they set NAME and
# cd to the top of the tree: a scratch directory $TMP, the processes they
# start stopped at exit, free ports, polling, reaping with a watchdog.

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hb-$NAME.XXXXXX") || exit 1
live=

# Whatever still runs when the script ends is stopped, then the files go.
cleanup() {
	for pid in $live; do
		kill "$pid" 2>/dev/null
	done
	for pid in $live; do
		wait_exit "$pid" 3 || kill -9 "$pid" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' HUP INT PIPE TERM

started() {
	live="$live $1"
}

forget() {
	live=$(echo " $live " | sed "s/ $1 / /")
}

die() {
	echo "$NAME: $*" >&2
	exit 1
}

# free_port: a UDP port on 127.0.0.1 that nothing listens on now.
free_port() {
	perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
		    LocalPort => 0, Proto => "udp") or die "free_port: $!\n";
		print $s->sockport, "\n";'
}

# port_taken PORT: true once something is bound to 127.0.0.1:PORT.
port_taken() {
	perl -MIO::Socket::INET -e '
		exit(IO::Socket::INET->new(LocalAddr => "127.0.0.1",
		    LocalPort => $ARGV[0], Proto => "udp") ? 1 : 0);' "$1"
}

# poll_ TENTHS CMD...: true as soon as CMD is, false after TENTHS tenths of a second.
poll_() {
	n=$1
	shift
	while ! "$@"; do
		[ "$n" -gt 0 ] || return 1
		n=$((n - 1))
		sleep 0.1
	done
}

# wait_exit PID SECONDS: reap PID; a watchdog kills it if it outlives SECONDS.
wait_exit() {
	(
		i=$(($2 * 10))
		while kill -0 "$1" 2>/dev/null; do
			[ $i -gt 0 ] || { kill -9 "$1" 2>/dev/null; exit; }
			i=$((i - 1))
			sleep 0.1
		done
	) &
	dog=$!
	wait "$1"
	rc=$?
	wait "$dog"
	forget "$1"
	return $rc
}

