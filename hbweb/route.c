/*
 * route: which code answers a request. Paths are canonical already
 * (httpreq), so "/api/0/hosts/../x" never arrives here as such.
 */
#include <stdio.h>
#include <string.h>

#include "hbweb.h"
#include "httpreq.h"
#include "json.h"
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

const struct json *
call_json(struct call *k, struct resp *r, struct json_doc *doc,
    const char *expected)
{
	const struct buf *b = &k->rq->body;

	if (b->len > 0 && json_parse(doc, b->p, b->len, NULL) == 0 &&
	    doc->root.type == JSON_OBJECT)
		return &doc->root;
	resp_error(r, 400, expected);
	return NULL;
}

static int
method(const struct call *k, const char *m)
{
	return strcmp(k->method, m) == 0;
}

/* What follows hosts/NAME/, when the method fits; 0 when the path is unknown. */
static int
host_sub(struct call *k, struct resp *r, const char *name, const char *sub)
{
	if (strcmp(sub, "alerts") == 0)
		reading(k) ? api_alerts(k, r, name) : not_allowed(r, "GET, HEAD");
	else if (strcmp(sub, "plugins") == 0)
		reading(k) ? api_plugins(k, r, name) : not_allowed(r, "GET, HEAD");
	else if (strncmp(sub, "plugins/", 8) == 0 && strchr(sub + 8, '/') == NULL)
		reading(k) ? api_plugin_history(k, r, name, sub + 8) :
		    not_allowed(r, "GET, HEAD");
	else if (strcmp(sub, "access") == 0)
		reading(k) || method(k, "PUT") ? api_access(k, r, name) :
		    not_allowed(r, "GET, HEAD, PUT");
	else if (strcmp(sub, "commands") == 0)
		reading(k) || method(k, "POST") ? api_commands(k, r, name) :
		    not_allowed(r, "GET, HEAD, POST");
	else if (strcmp(sub, "owner") == 0)
		method(k, "POST") ? api_owner(k, r, name) : not_allowed(r, "POST");
	else if (strcmp(sub, "dns") == 0)
		method(k, "POST") ? api_dns(k, r, name) : not_allowed(r, "POST");
	else
		return 0;
	return 1;
}

/* hosts/NAME[/...]: the part after hosts/ */
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
	if (slash != NULL) {
		if (!host_sub(k, r, name, slash + 1))
			resp_error(r, 404, "not found");
	} else if (reading(k))
		api_host(k, r, name);
	else if (method(k, "DELETE"))
		api_drop(k, r, name);
	else
		not_allowed(r, "GET, HEAD, DELETE");
}

static void
users_paths(struct call *k, struct resp *r, const char *rest)
{
	if (*rest == '\0') {
		reading(k) || method(k, "POST") ? api_users(k, r, NULL) :
		    not_allowed(r, "GET, HEAD, POST");
	} else if (*rest != '/' || rest[1] == '\0' || strchr(rest + 1, '/'))
		resp_error(r, 404, "not found");
	else if (reading(k) || method(k, "PUT") || method(k, "DELETE"))
		api_users(k, r, rest + 1);
	else
		not_allowed(r, "GET, HEAD, PUT, DELETE");
}

void
route(struct call *k, struct resp *r)
{
	const char *p = k->path;

	if (strncmp(p, "/static/", 8) == 0 && strchr(p + 8, '/') == NULL) {
		reading(k) ? static_asset(k, r, p + 8) :
		    not_allowed(r, "GET, HEAD");
		return;
	}
	kept_fresh(k->c->kept);
	auth_identify(k);
	if (!reading(k) && !auth_origin_ok(k, r))
		return;
	if (strncmp(p, API, sizeof(API) - 1) != 0) {
		if (!page_route(k, r))
			resp_error(r, 404, "not found");
		return;
	}
	p += sizeof(API) - 1;
	if (strcmp(p, "auth/login") == 0) {
		method(k, "POST") ? api_login(k, r) : not_allowed(r, "POST");
		return;
	}
	if (strcmp(p, "auth/logout") == 0) {
		method(k, "POST") ? api_logout(k, r) : not_allowed(r, "POST");
		return;
	}
	if (strcmp(p, "me") == 0) {
		reading(k) ? api_me(k, r) : not_allowed(r, "GET, HEAD");
		return;
	}
	if (users_any(k->c) && k->user == NULL) {
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
	else if (strncmp(p, "users", 5) == 0 && (p[5] == '\0' || p[5] == '/'))
		users_paths(k, r, p + 5);
	else if (strcmp(p, "settings") == 0)
		reading(k) ? api_settings(k, r) : not_allowed(r, "GET, HEAD");
	else if (strcmp(p, "live") == 0)
		reading(k) ? api_live(k, r) : not_allowed(r, "GET, HEAD");
	else if (strcmp(p, "glance") == 0)
		reading(k) ? api_glance(k, r) : not_allowed(r, "GET, HEAD");
	else
		resp_error(r, 404, "not found");
}
