/* Unit tests of net: numeric addresses with and without ports, and their text. */
#include <string.h>

#include "net.h"
#include "tap.h"

static void
good(const char *s, const char *addr, int port)
{
	char buf[NET_ADDRSTRLEN];
	struct hb_addr a;
	const char *why;
	int p = -1;

	if (!ok(net_parse(s, 50003, &a, &why) == 0, "'%s' parses", s))
		return;
	net_ntop((struct sockaddr *)&a.ss, buf, &p);
	ok(strcmp(buf, addr) == 0 && p == port, "'%s' is %s port %d (got %s %d)",
	    s, addr, port, buf, p);
}

int
main(void)
{
	static const char *const bad[] = {
		"", "localhost", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
		"127.0.0.1:x", "::1", "[::1", "[::1]x", "[::1]:", "[nonsense]:1",
		"1.2.3:4", "[::1]:99999", "300.1.1.1",
	};
	struct hb_addr a;
	const char *why;
	size_t i;

	good("127.0.0.1:50004", "127.0.0.1", 50004);
	good("0.0.0.0", "0.0.0.0", 50003);
	good("[::1]:7", "::1", 7);
	good("[::]", "::", 50003);
	good("[2001:db8::1]:0", "2001:db8::1", 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(net_parse(bad[i], 50003, &a, &why) == -1, "'%s' refused: %s",
		    bad[i], why);
	return done_testing();
}
