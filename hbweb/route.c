/*
 * route: which code answers a request. Paths are canonical already
 * (httpreq), so "/api/0/hosts/../x" never arrives here as such.
 */
#include <stdio.h>
#include <string.h>

#include "hbweb.h"
#include "proto.h"

#define API	"/api/0/"

/* 405 with the methods the path takes. */
static void
not_allowed(struct resp *r, const char *allow)
{
	resp_error(r, 405, "method not allowed");
	buf_printf(&r->head, "Allow: %s\r\n", allow);
}

static int
reading(const struct call *k)
{
	return strcmp(k->method, "GET") == 0 || strcmp(k->method, "HEAD") == 0;
}

/* hosts/NAME[/alerts]: the part after hosts/ */
static void
host_paths(struct call *k, struct resp *r, const char *rest)
{
	char name[PROTO_NAME_MAX + 1];
	const char *slash = strchr(rest, '/');
	size_t n = slash ? (size_t)(slash - rest) : strlen(rest);

	if (n == 0 || n > PROTO_NAME_MAX) {
		resp_error(r, 404, "no such host");
		return;
	}
	memcpy(name, rest, n);
	name[n] = '\0';
	if (slash == NULL) {
		if (reading(k))
			api_host(k, r, name);
		else
			not_allowed(r, "GET, HEAD");
	} else if (!reading(k))
		not_allowed(r, "GET, HEAD");
	else if (strcmp(slash, "/alerts") == 0)
		api_alerts(k, r, name);
	else if (strcmp(slash, "/plugins") == 0)
		api_plugins(k, r, name);
	else if (strncmp(slash, "/plugins/", 9) == 0 &&
	    strchr(slash + 9, '/') == NULL)
		api_plugin_history(k, r, name, slash + 9);
	else
		resp_error(r, 404, "not found");
}

void
route(struct call *k, struct resp *r)
{
	const char *p = k->path;

	if (strncmp(p, API, sizeof(API) - 1) != 0) {
		resp_error(r, 404, "not found");
		return;
	}
	p += sizeof(API) - 1;
	auth_identify(k);
	if (!reading(k) && !auth_origin_ok(k, r))
		return;
	if (strcmp(p, "auth/login") == 0) {
		strcmp(k->method, "POST") == 0 ? api_login(k, r) :
		    not_allowed(r, "POST");
		return;
	}
	if (strcmp(p, "auth/logout") == 0) {
		strcmp(k->method, "POST") == 0 ? api_logout(k, r) :
		    not_allowed(r, "POST");
		return;
	}
	if (strcmp(p, "me") == 0) {
		reading(k) ? api_me(k, r) : not_allowed(r, "GET, HEAD");
		return;
	}
	if (k->c->users.n > 0 && k->user == NULL) {
		resp_error(r, 401, "log in first");
		return;
	}
	picture_fresh(k->pic);
	if (strcmp(p, "hosts") == 0)
		reading(k) ? api_hosts(k, r) : not_allowed(r, "GET, HEAD");
	else if (strncmp(p, "hosts/", 6) == 0)
		host_paths(k, r, p + 6);
	else if (strcmp(p, "alerts") == 0)
		reading(k) ? api_alerts(k, r, NULL) : not_allowed(r, "GET, HEAD");
	else
		resp_error(r, 404, "not found");
}
