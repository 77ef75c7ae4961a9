/*-------------------------------------------------------------------------
 *
 * sim_http.c
 *	  Transport of the simulator: libmicrohttpd daemons, Basic auth,
 *	  JSESSIONID sessions, fault injection, the request budget.
 *
 * The HTTPS daemon uses MHD's internal thread pool with epoll, so one
 * keep-alive client is served by one worker without any per-request
 * thread; the model is shared under one mutex (requests are tiny, the
 * lock is held for microseconds).  Faults are decided before the model is
 * touched, so a dropped or failed request never changes state — like a
 * proxy error in front of a real engine.
 *
 *-------------------------------------------------------------------------
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "log.h"
#include "sim_http.h"
#include "sim_routes.h"
#include "sim_sso.h"
#include "sim_xml.h"
#include "xalloc.h"

#define MAX_BODY (1024 * 1024)

/* Per-request state kept by MHD between calls of the access handler. */
typedef struct RequestCtx
{
	char	   *body;
	size_t		len;
	bool		too_big;
} RequestCtx;

static const char html_503[] =
"<html><head><title>Error</title></head><body>"
"<h1>HTTP Status %d - Service Unavailable</h1></body></html>";

/* Queue a response and release it; MHD_NO if MHD refused it. */
static enum MHD_Result
send_reply(struct MHD_Connection *c, int status, char *body, size_t len,
		   const char *ctype, const char *cookie, const char *realm)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body ? body : (char *) "",
										body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
	{
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	if (cookie)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	if (realm)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, realm);
	ret = MHD_queue_response(c, (unsigned int) status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
send_html_error(struct MHD_Connection *c, int status)
{
	char	   *body;
	int			len = asprintf(&body, html_503, status);

	if (len < 0)
		return MHD_NO;
	return send_reply(c, status, body, (size_t) len, "text/html", NULL, NULL);
}

static enum MHD_Result
send_fault(SimServer *s, struct MHD_Connection *c, int status,
		   const char *reason, const char *detail, const char *realm)
{
	SimReply	rep;

	sim_route_fault(s->model->api_version, status, reason, detail, &rep);
	return send_reply(c, status, rep.body, rep.len, "application/xml; charset=UTF-8",
					  NULL, realm);
}

/*
 * session_find
 *		True if token names a live session (and touches it).  Sessions
 *		idle longer than session_timeout are dropped on the way.
 */
static bool
session_find(SimServer *s, SimSession *table, const char *token, double now)
{
	bool		found = false;
	int			i;

	pthread_mutex_lock(&s->session_lock);
	for (i = 0; i < SIM_MAX_SESSIONS; i++)
	{
		SimSession *ss = &table[i];

		if (ss->token[0] == '\0' || strcmp(ss->token, token) != 0)
			continue;
		if (now - ss->last_used > s->model->session_timeout)
			ss->token[0] = '\0';
		else
		{
			ss->last_used = now;
			found = true;
		}
		break;
	}
	pthread_mutex_unlock(&s->session_lock);
	return found;
}

static void
session_drop(SimServer *s, SimSession *table, const char *token)
{
	int			i;

	pthread_mutex_lock(&s->session_lock);
	for (i = 0; i < SIM_MAX_SESSIONS; i++)
		if (strcmp(table[i].token, token) == 0)
			table[i].token[0] = '\0';
	pthread_mutex_unlock(&s->session_lock);
}

/* session_new: a fresh random token in a free (or the oldest) slot. */
static bool
session_new(SimServer *s, SimSession *table, double now, char *token)
{
	unsigned char rnd[16];
	int			i,
				slot = 0;

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t) sizeof(rnd))
		return false;
	for (i = 0; i < 16; i++)
	{
		token[2 * i] = "0123456789abcdef"[rnd[i] >> 4];
		token[2 * i + 1] = "0123456789abcdef"[rnd[i] & 0xf];
	}
	token[32] = '\0';
	pthread_mutex_lock(&s->session_lock);
	for (i = 0; i < SIM_MAX_SESSIONS; i++)
	{
		if (table[i].token[0] == '\0')
		{
			slot = i;
			break;
		}
		if (table[i].last_used < table[slot].last_used)
			slot = i;
	}
	memcpy(table[slot].token, token, 33);
	table[slot].last_used = now;
	pthread_mutex_unlock(&s->session_lock);
	return true;
}

/* The JSESSIONID value of the request's Cookie header, or NULL. */
static const char *
request_session(struct MHD_Connection *c)
{
	const char *v = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "JSESSIONID");

	return v && strlen(v) == 32 ? v : NULL;
}

static bool
basic_auth_ok(SimServer *s, struct MHD_Connection *c, bool *present)
{
	char	   *pass = NULL;
	char	   *user = MHD_basic_auth_get_username_password(c, &pass);
	bool		ok;

	*present = user != NULL;
	ok = user && pass && strcmp(user, s->model->user) == 0 &&
		sim_secret_equal(pass, s->password);
	if (user)
		MHD_free(user);
	if (pass)
		MHD_free(pass);
	return ok;
}

/* The token of an "Authorization: Bearer TOKEN" header, or NULL. */
static const char *
request_bearer(struct MHD_Connection *c)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
												MHD_HTTP_HEADER_AUTHORIZATION);

	if (v == NULL || strncasecmp(v, "Bearer ", 7) != 0)
		return NULL;
	v += 7;
	while (*v == ' ')
		v++;
	return v;
}

/* sso_param: a token request's parameter, from the query or the form body */
static char *
sso_param(struct MHD_Connection *c, RequestCtx *ctx, const char *name)
{
	const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);

	if (q)
		return strdup(q);
	return ctx->body ? sim_sso_param(ctx->body, name) : NULL;
}

/*
 * sso_request
 *		POST /ovirt-engine/sso/oauth/token (sim_sso.c): a bearer token for
 *		the scenario's user.  A token without the ovirt-app-api scope is
 *		issued but not kept, so the API refuses it, as the engine does.
 */
static enum MHD_Result
sso_request(SimServer *s, struct MHD_Connection *c, RequestCtx *ctx)
{
	SimSsoRequest req;
	SimReply	rep;
	bool		api_scope;
	char		token[33];
	double		now = sim_now();

	req.grant_type = sso_param(c, ctx, "grant_type");
	req.scope = sso_param(c, ctx, "scope");
	req.username = sso_param(c, ctx, "username");
	req.password = sso_param(c, ctx, "password");
	if (sim_sso_check(&req, s->model->user, s->password, &api_scope, &rep))
	{
		if (!session_new(s, api_scope ? s->tokens : s->spare_tokens, now, token))
			rep.body = NULL;
		else
			sim_sso_token_reply(token, req.scope, (double) time(NULL) +
								s->model->session_timeout, &rep);
		rdr_log_verbose("SSO: token issued to %s%s", req.username,
						api_scope ? "" : " (without scope ovirt-app-api)");
	}
	else
		rdr_log_verbose("SSO: token refused (HTTP %d)", rep.status);
	sim_sso_request_free(&req);
	if (rep.body == NULL)
		return send_html_error(c, 500);
	return send_reply(c, rep.status, rep.body, rep.len, "application/json", NULL, NULL);
}

/*
 * log_request
 *		One line "PORT METHOD URL" of --request-log, for every request
 *		received, before anything else looks at it: the tests read it to
 *		prove that no POST, PUT or DELETE reached the manager.  One write()
 *		on an O_APPEND descriptor, so lines of concurrent requests do not
 *		mix.
 */
static void
log_request(const SimServer *s, int port, const char *method, const char *url)
{
	char		line[2048];
	int			n;

	if (s->request_log_fd < 0)
		return;
	n = snprintf(line, sizeof(line), "%d %s %s\n", port, method, url);
	if (n >= (int) sizeof(line))
	{
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	if (write(s->request_log_fd, line, (size_t) n) != n)
		rdr_log_warning("could not write the request log: %m");
}

/*
 * api_request
 *		One complete HTTPS request: budget, faults, base path, auth,
 *		session, then the model.
 */
static enum MHD_Result
api_request(SimServer *s, struct MHD_Connection *c, const char *url,
			const char *method, RequestCtx *ctx)
{
	SimModel   *m = s->model;
	unsigned long n = __atomic_add_fetch(&s->requests, 1, __ATOMIC_SEQ_CST);
	const char *base = m->api_version == 4 ? "/ovirt-engine/api" : "/api";
	size_t		blen = strlen(base);
	const char *realm = m->api_version == 4 ? "Basic realm=\"ENGINE\"" :
	"Basic realm=\"RESTAPI\"";
	char		what[1024];
	const SimFaultRule *fault;
	const char *token;
	const char *prefer;
	const char *bearer;
	bool		persistent,
				authorized,
				basic_present;
	char		cookie[128];
	char		newtok[33];
	SimRequest	req;
	SimReply	rep;
	double		now;
	int			ms;

	log_request(s, s->https_port, method, url);
	if (s->max_requests > 0 && n > (unsigned long) s->max_requests)
		return send_html_error(c, 503);
	snprintf(what, sizeof(what), "%s %s", method, url);
	ms = sim_fault_latency_ms(s->faults, what);
	if (ms > 0)
		usleep((useconds_t) ms * 1000);
	fault = sim_fault_pick(s->faults, n, what);
	if (fault && fault->kind == FAULT_DROP)
	{
		rdr_log_verbose("fault: dropping request %lu (%s)", n, what);
		return MHD_NO;
	}
	if (fault && fault->kind == FAULT_ERROR)
	{
		rdr_log_verbose("fault: answering %d to request %lu (%s)", fault->code, n, what);
		return send_html_error(c, fault->code);
	}
	now = sim_model_now(m);
	if (now - s->started < m->t.startup)
	{
		/*
		 * The engine is still starting.  RHEV 3.0's JBoss answers 503; a 4.x
		 * engine's servlet container answers 404 (HTML) until the restapi
		 * webapp is deployed.
		 */
		return send_html_error(c, m->api_version == 4 && !m->lenient ? 404 : 503);
	}
	if (ctx->too_big)
		return send_fault(s, c, 413, "Request Entity Too Large",
						  "Request body is larger than 1 MB", NULL);
	if (m->api_version == 4 && strcmp(url, SIM_SSO_TOKEN_PATH) == 0)
		return sso_request(s, c, ctx);
	if (strncmp(url, base, blen) != 0 || (url[blen] != '\0' && url[blen] != '/'))
	{
		char		detail[1100];

		snprintf(detail, sizeof(detail), "No resource at %s", url);
		return send_fault(s, c, 404, "Not Found", detail, NULL);
	}
	if (m->api_version == 4)
	{
		const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Version");

		if (v && strcmp(v, "4") != 0)
			return send_fault(s, c, 400, "Bad request",
							  "API version 3 is not supported", NULL);
	}

	/*
	 * Authentication: an SSO bearer token (v4), a live session cookie, else
	 * Basic.
	 */
	bearer = m->api_version == 4 ? request_bearer(c) : NULL;
	if (bearer && fault && fault->kind == FAULT_EXPIRE)
	{
		rdr_log_verbose("fault: expiring the SSO token of request %lu", n);
		session_drop(s, s->tokens, bearer);
	}
	if (bearer && !session_find(s, s->tokens, bearer, now))
		return send_fault(s, c, 401, "Unauthorized",
						  "The SSO token is not valid or has expired", realm);
	authorized = bearer != NULL;
	token = bearer ? NULL : request_session(c);
	if (token && fault && fault->kind == FAULT_EXPIRE)
	{
		rdr_log_verbose("fault: expiring the session of request %lu", n);
		session_drop(s, s->sessions, token);
	}
	if (token && session_find(s, s->sessions, token, now))
		authorized = true;
	else
		token = NULL;
	if (!authorized)
	{
		authorized = basic_auth_ok(s, c, &basic_present);
		if (!authorized)
			return send_fault(s, c, 401, "Unauthorized",
							  basic_present ? "Wrong user name or password" :
							  "Authentication required (Basic) or a valid JSESSIONID",
							  realm);
	}
	/* like RESTEasy in the engine: XML bodies only */
	if (ctx->len > 0)
	{
		const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
													 MHD_HTTP_HEADER_CONTENT_TYPE);

		if (ct == NULL || (strncasecmp(ct, "application/xml", 15) != 0 &&
						   strncasecmp(ct, "text/xml", 8) != 0))
			return send_fault(s, c, 415, "Unsupported Media Type",
							  "Request bodies must be Content-Type: application/xml",
							  NULL);
	}
	prefer = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Prefer");
	persistent = prefer && strstr(prefer, "persistent-auth") != NULL;
	cookie[0] = '\0';
	if (persistent && token == NULL && !bearer && session_new(s, s->sessions, now, newtok))
		snprintf(cookie, sizeof(cookie), "JSESSIONID=%s; Path=%s; Secure; HttpOnly",
				 newtok, base);

	if (fault && fault->kind == FAULT_REFUSE)
	{
		/* the engine's validation refused it (see sim_action_fence) */
		rdr_log_verbose("fault: refusing request %lu (%s)", n, what);
		return send_fault(s, c, m->api_version == 4 ? 409 : 400, "Operation Failed",
						  sim_fault_refusal_text(fault, strstr(url, "/fence") != NULL),
						  NULL);
	}
	if (fault && fault->kind == FAULT_ACTIONFAIL)
	{
		SimXml		x;

		/* accepted, then failed in execution: 200 with a failed status */
		rdr_log_verbose("fault: action status failed for request %lu (%s)", n, what);
		if (!sim_xml_begin(&x, m->api_version))
			return send_html_error(c, 500);
		sim_xml_action_state(&x, NULL, "failed");
		rep.body = sim_xml_finish(&x, &rep.len);
		if (rep.body == NULL)
			return send_html_error(c, 500);
		return send_reply(c, 200, rep.body, rep.len,
						  "application/xml; charset=UTF-8", cookie[0] ? cookie : NULL, NULL);
	}

	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url[blen] == '/' ? url + blen + 1 : url + blen;
	req.body = ctx->body;
	req.body_len = ctx->len;
	req.search = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "search");
	req.from = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "from");
	req.max = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "max");
	pthread_mutex_lock(&m->lock);
	now = sim_model_now(m);
	req.now = now;
	sim_model_advance(m, now);
	sim_route(m, &req, &rep);
	pthread_mutex_unlock(&m->lock);
	if (rep.body == NULL)
		return send_html_error(c, 500);
	if (fault && fault->kind == FAULT_BADXML)
	{
		/* cut the document in the middle of a tag */
		rep.len = rep.len / 2;
		rep.body[rep.len++] = '<';
		rdr_log_verbose("fault: truncating the XML of request %lu", n);
	}
	rdr_log_debug("%s -> %d", what, rep.status);
	return send_reply(c, rep.status, rep.body, rep.len,
					  "application/xml; charset=UTF-8",
					  cookie[0] ? cookie : NULL,
					  rep.status == 401 ? realm : NULL);
}

/*
 * body_announced_without_meaning
 *		A GET or HEAD whose headers announce a body (Content-Length > 0 or
 *		chunked).  libgovirt sends "<action></action>" with every GET, and
 *		libsoup 3, restarting a request after a 401, resends the headers
 *		without the body: waiting for the announced bytes would hang both
 *		sides.  Such a request is answered as soon as its headers are in;
 *		a body means nothing to a GET in the engine either.  MHD then
 *		discards whatever of the body arrives and closes the connection
 *		after the answer ("Connection: close"), the only way to keep the
 *		stream coherent when it is not known whether the body will come.
 */
static bool
body_announced_without_meaning(struct MHD_Connection *c, const char *method)
{
	const char *cl,
			   *te;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return false;
	cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	return (cl != NULL && strspn(cl, "0 ") != strlen(cl)) || te != NULL;
}

/* MHD access handler of the HTTPS daemon: collect the body, then answer. */
static enum MHD_Result
api_handler(void *cls, struct MHD_Connection *c, const char *url,
			const char *method, const char *version, const char *upload,
			size_t *upload_size, void **con_cls)
{
	SimServer  *s = cls;
	RequestCtx *ctx = *con_cls;

	(void) version;
	if (ctx == NULL)
	{
		ctx = calloc(1, sizeof(RequestCtx));
		if (ctx == NULL)
			return MHD_NO;
		*con_cls = ctx;
		if (body_announced_without_meaning(c, method))
		{
			rdr_log_verbose("%s %s: body announced, answered without reading it, "
							"connection closed", method, url);
			return api_request(s, c, url, method, ctx);
		}
		return MHD_YES;
	}
	if (*upload_size > 0)
	{
		if (ctx->len + *upload_size > MAX_BODY)
			ctx->too_big = true;
		else
		{
			char	   *nb = realloc(ctx->body, ctx->len + *upload_size + 1);

			if (nb == NULL)
				return MHD_NO;
			ctx->body = nb;
			memcpy(ctx->body + ctx->len, upload, *upload_size);
			ctx->len += *upload_size;
			ctx->body[ctx->len] = '\0';
		}
		*upload_size = 0;
		return MHD_YES;
	}
	return api_request(s, c, url, method, ctx);
}

static void
request_done(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	RequestCtx *ctx = *con_cls;

	(void) cls;
	(void) c;
	(void) toe;
	if (ctx)
	{
		free(ctx->body);
		free(ctx);
		*con_cls = NULL;
	}
}

/* Slow TLS handshakes: runs when a connection is accepted, before TLS. */
static void
connection_notify(void *cls, struct MHD_Connection *c, void **socket_ctx,
				  enum MHD_ConnectionNotificationCode code)
{
	SimServer  *s = cls;
	int			ms;

	(void) c;
	(void) socket_ctx;
	if (code != MHD_CONNECTION_NOTIFY_STARTED)
		return;
	ms = sim_fault_tls_delay_ms(s->faults);
	if (ms > 0)
		usleep((useconds_t) ms * 1000);
}

/*
 * clock_request
 *		POST /sim/clock?advance=SECONDS|next on the plain HTTP port, only
 *		with --clock=manual: the tests' way to move time on (next: to the
 *		next transition due).  Answers the seconds elapsed since the start.
 */
static enum MHD_Result
clock_request(SimServer *s, struct MHD_Connection *c, size_t *upload_size,
			  void **con_cls)
{
	static int	started_marker;
	const char *arg;
	char	   *end;
	double		seconds;
	bool		to_next;
	char	   *body;

	if (*con_cls == NULL)
	{
		*con_cls = &started_marker;
		return MHD_YES;
	}
	if (*upload_size > 0)
	{
		*upload_size = 0;		/* a body means nothing here */
		return MHD_YES;
	}
	arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "advance");
	to_next = arg != NULL && strcmp(arg, "next") == 0;
	seconds = arg && !to_next ? strtod(arg, &end) : 0;
	if (arg == NULL ||
		(!to_next && (end == arg || *end != '\0' || !(seconds >= 0 && seconds <= 86400))))
	{
		body = xstrdup("advance=SECONDS (0 to 86400) or advance=next is required\n");
		return send_reply(c, 400, body, strlen(body), "text/plain", NULL, NULL);
	}
	body = xasprintf("elapsed=%.3f\n", sim_model_clock_advance(s->model, seconds, to_next));
	return send_reply(c, 200, body, strlen(body), "text/plain", NULL, NULL);
}

/*
 * pki_resource_ca: url is oVirt 4.x's CA download, the engine's PKI
 * resource servlet (ovirt-engine: backend/manager/modules/services,
 * PKIResourceServlet, mapped at /ovirt-engine/services/pki-resource) asked
 * for resource=ca-certificate, format=X509-PEM-CA; only an API-v4 manager
 * has it.
 */
static bool
pki_resource_ca(SimServer *s, struct MHD_Connection *c, const char *url)
{
	const char *resource = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "resource");
	const char *format = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");

	return s->model->api_version == 4 &&
		strcmp(url, "/ovirt-engine/services/pki-resource") == 0 &&
		resource && strcmp(resource, "ca-certificate") == 0 &&
		format && strcmp(format, "X509-PEM-CA") == 0;
}

/*
 * The plain HTTP daemon: the CA, at /ca.crt like the manager's port
 * 8080 and for v4 at the PKI resource, and the manual clock of the tests.
 */
static enum MHD_Result
http_handler(void *cls, struct MHD_Connection *c, const char *url,
			 const char *method, const char *version, const char *upload,
			 size_t *upload_size, void **con_cls)
{
	SimServer  *s = cls;
	char	   *body;

	(void) version;
	(void) upload;
	/* once per request: a POST with a body comes back with con_cls set */
	if (*con_cls == NULL)
		log_request(s, s->http_port, method, url);
	if (s->model->manual_clock && strcmp(url, "/sim/clock") == 0 &&
		strcmp(method, "POST") == 0)
		return clock_request(s, c, upload_size, con_cls);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return send_reply(c, 405, NULL, 0, "text/plain", NULL, NULL);
	if (strcmp(url, "/ca.crt") != 0 && !pki_resource_ca(s, c, url))
		return send_reply(c, 404, NULL, 0, "text/plain", NULL, NULL);
	body = malloc(s->ca_len);
	if (body == NULL)
		return MHD_NO;
	memcpy(body, s->ca_pem, s->ca_len);
	return send_reply(c, 200, body, s->ca_len, "application/x-x509-ca-cert",
					  NULL, NULL);
}

static struct MHD_Daemon *
start_daemon(SimServer *s, bool tls, int port, int *bound)
{
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	MHD_USE_ERROR_LOG;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t) port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	/*
	 * --tls-version 1.0 serves TLS 1.0 only, as a RHEV 3.0 manager (JBoss on
	 * RHEL 6) does.  MHD's own default is "NORMAL"; it is passed explicitly
	 * so that one call serves both cases.
	 */
	if (tls)
		d = MHD_start_daemon(flags | MHD_USE_TLS, (uint16_t) port, NULL, NULL,
							 api_handler, s,
							 MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &addr,
							 MHD_OPTION_HTTPS_PRIORITIES,
							 s->tls_priorities ? s->tls_priorities : "NORMAL",
							 MHD_OPTION_HTTPS_MEM_KEY, s->key_pem,
							 MHD_OPTION_HTTPS_MEM_CERT, s->cert_pem,
							 MHD_OPTION_THREAD_POOL_SIZE, (unsigned int) s->threads,
							 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) 30,
							 MHD_OPTION_NOTIFY_COMPLETED, request_done, s,
							 MHD_OPTION_NOTIFY_CONNECTION, connection_notify, s,
							 MHD_OPTION_END);
	else
		d = MHD_start_daemon(flags, (uint16_t) port, NULL, NULL,
							 http_handler, s,
							 MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &addr,
							 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) 30,
							 MHD_OPTION_END);
	if (d == NULL)
	{
		rdr_log_error("could not start the %s daemon on 127.0.0.1:%d",
					  tls ? "HTTPS" : "HTTP", port);
		rdr_log_hint("Is the port in use, or the certificate or key invalid?");
		return NULL;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	*bound = info ? info->port : port;
	return d;
}

/*
 * sim_http_start
 *		Start both daemons; the bound ports go to s->https_port/http_port.
 */
bool
sim_http_start(SimServer *s)
{
	pthread_mutex_init(&s->session_lock, NULL);
	s->started = sim_model_now(s->model);
	s->https = start_daemon(s, true, s->https_port, &s->https_port);
	if (s->https == NULL)
		return false;
	s->http = start_daemon(s, false, s->http_port, &s->http_port);
	if (s->http == NULL)
	{
		MHD_stop_daemon(s->https);
		s->https = NULL;
		return false;
	}
	return true;
}

void
sim_http_stop(SimServer *s)
{
	if (s->https)
		MHD_stop_daemon(s->https);
	if (s->http)
		MHD_stop_daemon(s->http);
	s->https = s->http = NULL;
	pthread_mutex_destroy(&s->session_lock);
}

/* sim_http_budget_spent: the request budget (if any) is used up. */
bool
sim_http_budget_spent(SimServer *s)
{
	return s->max_requests > 0 &&
		__atomic_load_n(&s->requests, __ATOMIC_SEQ_CST) >= (unsigned long) s->max_requests;
}
