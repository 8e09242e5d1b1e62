/*
 * channel: the notify directive. notify TYPE [DESTINATION] [KEY VALUE]...
 * sets up one way of reaching people; a channel with a destination of
 * its own (a webhook's URL, an email's to, ...) gets every event, one
 * without serves the users who name it in their notify lists.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "hbnotify.h"
#include "mail.h"
#include "num.h"
#include "run.h"
#include "url.h"

#define SENDMAIL_DEFAULT	"/usr/sbin/sendmail"
#define PUSHOVER_API		"https://api.pushover.net/1/messages.json"
#define TARGET_MAX		512

static const char *const typenames[] = {
	"email", "pushover", "mattermost", "slack", "webhook", "signal", "exec"
};

const char *
chtype_name(enum chtype t)
{
	return typenames[t];
}

static int
chtype_parse(const char *s, enum chtype *t)
{
	size_t i;

	for (i = 0; i < sizeof(typenames) / sizeof(typenames[0]); i++)
		if (strcmp(s, typenames[i]) == 0) {
			*t = (enum chtype)i;
			return 0;
		}
	return -1;
}

int
severity_parse(const char *s, unsigned *bits, const char **why)
{
	static const struct { const char *name; unsigned bit; } sev[] = {
		{ "critical", SEV_CRITICAL }, { "warning", SEV_WARNING },
		{ "unknown", SEV_UNKNOWN }, { "info", SEV_INFO },
		{ "address", SEV_ADDRESS },
	};
	size_t i, len;

	*bits = 0;
	for (;;) {
		len = strcspn(s, ",");
		for (i = 0; i < sizeof(sev) / sizeof(sev[0]); i++)
			if (strlen(sev[i].name) == len &&
			    strncmp(s, sev[i].name, len) == 0)
				break;
		if (i == sizeof(sev) / sizeof(sev[0])) {
			*why = "a list of critical, warning, unknown, info, "
			    "address expected";
			return -1;
		}
		*bits |= sev[i].bit;
		if (s[len] == '\0')
			return 0;
		s += len + 1;
	}
}

static int
url_ok(const char *s, const char **why)
{
	struct url u;

	if (url_parse(s, &u, why) == -1)
		return 0;
	url_free(&u);
	return 1;
}

/* A comma-separated list of addresses. */
static const char *
emails_why(const char *s)
{
	char one[256];
	size_t len;

	for (;;) {
		len = strcspn(s, ",");
		if (len >= sizeof(one))
			return "not an email address";
		memcpy(one, s, len);
		one[len] = '\0';
		if (!mail_addr_ok(one))
			return "not an email address";
		if (s[len] == '\0')
			return NULL;
		s += len + 1;
	}
}

static int
span_ok(const char *s, size_t min, size_t max, const char *extra)
{
	size_t n = strlen(s), i;

	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) &&
		    (extra == NULL || strchr(extra, s[i]) == NULL))
			return 0;
	return 1;
}

const char *
channel_target_why(const struct channel *ch, const char *t)
{
	const char *why;

	if (strlen(t) > TARGET_MAX)
		return "too long";
	switch (ch->type) {
	case CH_EMAIL:
		return emails_why(t);
	case CH_PUSHOVER:
		return span_ok(t, 1, 64, NULL) ? NULL : "not a Pushover key";
	case CH_MATTERMOST:
	case CH_SLACK:
		if (strncmp(t, "http", 4) == 0)
			return url_ok(t, &why) ? NULL : why;
		if (ch->url == NULL)
			return "a channel name needs the URL of the notify line";
		if (*t == '@' || *t == '#' || *t == '~')
			t++;
		return span_ok(t, 1, 64, "._-") ? NULL :
		    "a webhook URL or a channel (@user, #channel) expected";
	case CH_WEBHOOK:
		return url_ok(t, &why) ? NULL : why;
	case CH_SIGNAL:
		return *t == '+' && span_ok(t + 1, 6, 15, NULL) &&
		    strspn(t + 1, "0123456789") == strlen(t + 1) ? NULL :
		    "a phone number such as +15550001234 expected";
	case CH_EXEC:
		return span_ok(t, 1, 256, "._@+:/=,-") ? NULL :
		    "letters, digits and ._@+:/=,- expected";
	}
	return "unknown channel type";
}

static int
set_str(const struct conf_line *l, const char *key, const char *val,
    char **dst)
{
	if (*dst != NULL)
		return conf_err(l, "%s given twice", key);
	if ((*dst = strdup(val)) == NULL)
		return conf_err(l, "out of memory");
	return 0;
}

static int
set_argv(const struct conf_line *l, const char *key, const char *val,
    char ***dst)
{
	const char *why;

	if (*dst != NULL)
		return conf_err(l, "%s given twice", key);
	if (argv_split(val, dst, &why) == -1)
		return conf_err(l, "%s: %s", key, why);
	if ((*dst)[0] == NULL)
		return conf_err(l, "%s: a command expected", key);
	return 0;
}

static int
set_span(const struct conf_line *l, const char *key, const char *val,
    double min, double max, double *dst)
{
	const char *why;

	if (conf_duration(val, dst, &why) == -1)
		return conf_err(l, "%s: '%s': %s", key, val, why);
	if (*dst < min || *dst > max)
		return conf_err(l, "%s: '%s': out of range", key, val);
	return 0;
}

/* rate N or N/DURATION: messages a minute, or in another window. */
static int
rate(const struct conf_line *l, struct channel *ch, const char *val)
{
	char num[32];
	const char *why;
	size_t len = strcspn(val, "/");
	long long n;

	ch->rate_window = RATE_WINDOW;
	if (len >= sizeof(num))
		return conf_err(l, "rate: '%s': N or N/DURATION expected", val);
	memcpy(num, val, len);
	num[len] = '\0';
	if (num_ll(num, 1, 10000, &n, &why) == -1)
		return conf_err(l, "rate: '%s': %s", val, why);
	ch->rate = (int)n;
	if (val[len] == '/')
		return set_span(l, "rate", val + len + 1, 1, 86400,
		    &ch->rate_window);
	return 0;
}

/* Keywords every type takes; 1 when key was none of them. */
static int
common(const struct conf_line *l, struct channel *ch, const char *key,
    const char *val)
{
	const char *why;

	if (strcmp(key, "name") == 0) {
		if (!span_ok(val, 1, 63, "._-"))
			return conf_err(l, "name: '%s': letters, digits and "
			    "._- expected", val);
		free(ch->name);
		return (ch->name = strdup(val)) == NULL ?
		    conf_err(l, "out of memory") : 0;
	}
	if (strcmp(key, "severity") == 0)
		return severity_parse(val, &ch->severity, &why) == -1 ?
		    conf_err(l, "severity: '%s': %s", val, why) : 0;
	if (strcmp(key, "group-wait") == 0)
		return set_span(l, key, val, 0, 3600, &ch->group_wait);
	if (strcmp(key, "timeout") == 0)
		return set_span(l, key, val, 1, 600, &ch->timeout);
	if (strcmp(key, "give-up") == 0)
		return set_span(l, key, val, 1, 86400 * 30, &ch->give_up);
	if (strcmp(key, "rate") == 0)
		return rate(l, ch, val);
	if (strcmp(key, "route") == 0) {
		if (strcmp(val, "all") != 0 && strcmp(val, "users") != 0)
			return conf_err(l, "route: '%s': all or users expected",
			    val);
		ch->route_all = strcmp(val, "all") == 0 ? 1 : 0;
		return 0;
	}
	return 1;
}

static int
email_key(const struct conf_line *l, struct channel *ch, const char *key,
    const char *val)
{
	if (strcmp(key, "from") == 0) {
		if (!mail_addr_ok(val))
			return conf_err(l, "from: '%s': not an email address",
			    val);
		return set_str(l, key, val, &ch->from);
	}
	if (strcmp(key, "from-name") == 0)
		return set_str(l, key, val, &ch->from_name);
	if (strcmp(key, "sendmail") == 0)
		return set_argv(l, key, val, &ch->sendmail);
	if (strcmp(key, "to") == 0)
		return set_str(l, key, val, &ch->dest);
	return 1;
}

/* The fields the HTTP client writes itself. */
static int
ours(const char *header)
{
	static const char *const mine[] = { "Host", "User-Agent",
	    "Content-Length", "Transfer-Encoding", "Connection",
	    "Content-Type", "X-HB-Delivery" };
	size_t i, n = strcspn(header, ":");

	for (i = 0; i < sizeof(mine) / sizeof(mine[0]); i++)
		if (strlen(mine[i]) == n && strncasecmp(header, mine[i], n) == 0)
			return 1;
	return 0;
}

static int
http_key(const struct conf_line *l, struct channel *ch, const char *key,
    const char *val)
{
	if (strcmp(key, "url") == 0)
		return set_str(l, key, val, &ch->url);
	if (strcmp(key, "curl") == 0)
		return set_str(l, key, val, &ch->curl);
	if (ch->type == CH_PUSHOVER && strcmp(key, "token") == 0)
		return set_str(l, key, val, &ch->token);
	if (ch->type == CH_PUSHOVER && strcmp(key, "user") == 0)
		return set_str(l, key, val, &ch->dest);
	if ((ch->type == CH_MATTERMOST || ch->type == CH_SLACK) &&
	    strcmp(key, "channel") == 0)
		return set_str(l, key, val, &ch->room);
	if ((ch->type == CH_MATTERMOST || ch->type == CH_SLACK) &&
	    strcmp(key, "username") == 0)
		return set_str(l, key, val, &ch->username);
	if (ch->type == CH_WEBHOOK && strcmp(key, "header") == 0) {
		if (strstr(val, ": ") == NULL || strpbrk(val, "\r\n") != NULL)
			return conf_err(l, "header: 'Name: value' expected");
		if (ours(val))
			return conf_err(l, "header: '%s': hbnotify sets that "
			    "one itself", val);
		return names_add(&ch->headers, val, strlen(val)) == -1 ?
		    conf_err(l, "out of memory") : 0;
	}
	return 1;
}

static int
command_key(const struct conf_line *l, struct channel *ch, const char *key,
    const char *val)
{
	if (strcmp(key, "command") == 0)
		return set_argv(l, key, val, &ch->command);
	if (ch->type == CH_SIGNAL && strcmp(key, "account") == 0)
		return set_str(l, key, val, &ch->account);
	if (ch->type == CH_SIGNAL && strcmp(key, "to") == 0)
		return set_str(l, key, val, &ch->dest);
	return 1;
}

static int
keyword(const struct conf_line *l, struct channel *ch, const char *key,
    const char *val)
{
	int r;

	if ((r = common(l, ch, key, val)) != 1)
		return r;
	switch (ch->type) {
	case CH_EMAIL:
		r = email_key(l, ch, key, val);
		break;
	case CH_SIGNAL:
	case CH_EXEC:
		r = command_key(l, ch, key, val);
		break;
	default:
		r = http_key(l, ch, key, val);
	}
	if (r == 1)
		return conf_err(l, "%s: unknown keyword '%s'",
		    chtype_name(ch->type), key);
	return r;
}

/* The word after the type: the URL of a hook, the command of exec. */
static int
positional(const struct conf_line *l, struct channel *ch, const char *val)
{
	switch (ch->type) {
	case CH_EXEC:
		return set_argv(l, "command", val, &ch->command);
	case CH_WEBHOOK:
	case CH_MATTERMOST:
	case CH_SLACK:
		return set_str(l, "url", val, &ch->url);
	default:
		return conf_err(l, "%s: '%s': KEY VALUE expected",
		    chtype_name(ch->type), val);
	}
}

static int
default_from(const struct conf_line *l, struct channel *ch)
{
	char host[256], addr[300];

	if (gethostname(host, sizeof(host)) == -1)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	snprintf(addr, sizeof(addr), "hb@%s", host);
	if (!mail_addr_ok(addr))
		return conf_err(l, "notify email: from ADDRESS needed ('%s' is "
		    "no address)", addr);
	return (ch->from = strdup(addr)) == NULL ?
	    conf_err(l, "out of memory") : 0;
}

static int
need(const struct conf_line *l, const struct channel *ch, const void *v,
    const char *what)
{
	if (v != NULL)
		return 0;
	return conf_err(l, "%s: %s needed", chtype_name(ch->type), what);
}

/* What a type cannot do without, and its defaults. */
static int
complete_type(const struct conf_line *l, struct channel *ch)
{
	const char *why;

	switch (ch->type) {
	case CH_EMAIL:
		if (ch->sendmail == NULL &&
		    set_argv(l, "sendmail", SENDMAIL_DEFAULT, &ch->sendmail) == -1)
			return -1;
		return ch->from != NULL ? 0 : default_from(l, ch);
	case CH_PUSHOVER:
		if (need(l, ch, ch->token, "token TOKEN") == -1)
			return -1;
		if (ch->url == NULL && set_str(l, "url", PUSHOVER_API, &ch->url))
			return -1;
		break;
	case CH_SIGNAL:
		if (need(l, ch, ch->account, "account +NUMBER") == -1)
			return -1;
		if (ch->command == NULL &&
		    set_argv(l, "command", "signal-cli", &ch->command) == -1)
			return -1;
		break;
	case CH_EXEC:
		return need(l, ch, ch->command, "a command");
	case CH_WEBHOOK:
		/* users may bring their own */
		if (ch->route_all != 0)
			return need(l, ch, ch->url, "a URL (or route users)");
		break;
	default:
		break;
	}
	if (ch->url != NULL && !url_ok(ch->url, &why))
		return conf_err(l, "%s: '%s': %s", chtype_name(ch->type),
		    ch->url, why);
	return 0;
}

/* A hook or a command is its own destination; the rest name one. */
static int
complete(const struct conf_line *l, struct channel *ch, int route)
{
	const char *why;

	if (complete_type(l, ch) == -1)
		return -1;
	if (ch->dest == NULL && (ch->type == CH_EXEC ||
	    (ch->url != NULL && ch->type != CH_PUSHOVER)) &&
	    (ch->dest = strdup(ch->type == CH_EXEC ? "all" : ch->url)) == NULL)
		return conf_err(l, "out of memory");
	if (ch->type != CH_EXEC && ch->dest != NULL &&
	    (why = channel_target_why(ch, ch->dest)) != NULL)
		return conf_err(l, "%s: '%s': %s", chtype_name(ch->type),
		    ch->dest, why);
	if (route == -1)
		ch->route_all = ch->dest != NULL;
	else if (route == 1 && ch->dest == NULL)
		return conf_err(l, "%s: route all needs a destination",
		    chtype_name(ch->type));
	return 0;
}

static int
fill(const struct conf_line *l, struct channel *ch)
{
	int i = 2, route;

	snprintf(ch->where, sizeof(ch->where), "%s:%u", l->file, l->lineno);
	ch->severity = SEV_DEFAULT;
	ch->timeout = SEND_TIMEOUT;
	ch->give_up = GIVE_UP_DEFAULT;
	ch->route_all = -1;
	if ((ch->name = strdup(l->argv[1])) == NULL)
		return conf_err(l, "out of memory");
	if ((l->argc - 2) % 2 == 1 && positional(l, ch, l->argv[i++]) == -1)
		return -1;
	for (; i + 1 < l->argc; i += 2)
		if (keyword(l, ch, l->argv[i], l->argv[i + 1]) == -1)
			return -1;
	route = ch->route_all;
	return complete(l, ch, route);
}

int
channel_directive(const struct conf_line *l, struct config *c)
{
	struct channel *ch, **v;

	if (conf_nargs(l, 1, CONF_MAX_WORDS) == -1)
		return -1;
	if ((ch = calloc(1, sizeof(*ch))) == NULL)
		return conf_err(l, "out of memory");
	if (chtype_parse(l->argv[1], &ch->type) == -1) {
		free(ch);
		return conf_err(l, "'%s': email, pushover, mattermost, "
		    "slack, webhook, signal or exec expected", l->argv[1]);
	}
	if (fill(l, ch) == -1) {
		channel_free(ch);
		return -1;
	}
	if (config_channel(c, ch->name) != NULL) {
		conf_err(l, "a notify channel named '%s' exists: give this one "
		    "a name NAME", ch->name);
		channel_free(ch);
		return -1;
	}
	if ((v = realloc(c->ch, (size_t)(c->nch + 1) * sizeof(*v))) == NULL) {
		channel_free(ch);
		return conf_err(l, "out of memory");
	}
	c->ch = v;
	c->ch[c->nch++] = ch;
	return 0;
}

void
channel_free(struct channel *ch)
{
	if (ch == NULL)
		return;
	free(ch->name);
	free(ch->dest);
	free(ch->from);
	free(ch->from_name);
	argv_free(ch->sendmail);
	free(ch->token);
	free(ch->url);
	free(ch->room);
	free(ch->username);
	free(ch->account);
	argv_free(ch->command);
	free(ch->curl);
	names_free(&ch->headers);
	free(ch);
}
