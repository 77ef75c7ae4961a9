/*-------------------------------------------------------------------------
 *
 * rest_tool.c
 *	  Test and benchmark driver of rdr's REST client and workflows: runs
 *	  one command against a manager (rdr-sim in the tests) and prints the
 *	  outcome in a line format the test scripts compare exactly.
 *
 *	  rest_tool [OPTIONS] connect			   detect the API, print it
 *	  rest_tool [OPTIONS] reconnect			   connect twice (the second reuses it)
 *	  rest_tool [OPTIONS] get PATH			   one GET, print status + body
 *	  rest_tool [OPTIONS] hosts				   the -h workflow
 *	  rest_tool [OPTIONS] start				   the -s workflow
 *	  rest_tool [OPTIONS] hosts,start		   both, as rdr-failover -h -s
 *	  rest_tool [OPTIONS] bench-get PATH N	   N GETs + parses, print rate
 *
 * Output of the workflows, one line per item, then a summary:
 *	  ITEM kind|name|initial|final|ok,failed,skipped|actions|error
 *	  RESULT step ok|failed failed=N
 *	  STATS calls=.. attempts=.. retries=.. logins=.. connections=..
 *
 * Exit status: 0 success, 1 workflow failed, 2 usage, 3 API unreachable.
 *
 *-------------------------------------------------------------------------
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_opts.h"
#include "clock.h"
#include "log.h"
#include "rest_api.h"
#include "rest_client.h"
#include "rest_connect.h"
#include "rest_xml.h"
#include "workflow_plan.h"

#define MAX_ITEMS 64

static void
usage(void)
{
	printf("Usage: rest_tool [OPTIONS] connect|get PATH|hosts|start|hosts,start|bench-get PATH N\n"
		   "  --host H --port N --cert-port N --base B --ca-file F --insecure\n"
		   "  --pin sha256//.. --user U --password-file F --dry-run\n"
		   "  --poll-ms N --host-timeout S --spm-timeout S --vm-timeout S\n"
		   "  --request-timeout-ms N --retries N --max-conn N --wait-api S\n"
		   "  --datacenter DC --main C --backup C --virt-net HOST,MAC,NET\n"
		   "  --start VM:DELAY --start-file F --delay-scale F\n"
		   "  -v, --verbose  -q, --quiet  -V, --version  -h, --help\n");
}

/* read_password: first line of a file nobody else may read */
static char *
read_password(const char *path)
{
	struct stat st;
	FILE	   *f;
	char		buf[256];

	if (stat(path, &st) != 0 || (st.st_mode & 077) != 0)
	{
		rdr_log_error("password file \"%s\" is missing or readable by others", path);
		rdr_log_hint("chmod 600 %s", path);
		return NULL;
	}
	f = fopen(path, "r");
	if (f == NULL || fgets(buf, sizeof(buf), f) == NULL)
	{
		if (f)
			fclose(f);
		rdr_log_error("could not read password file \"%s\"", path);
		return NULL;
	}
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return strdup(buf);
}

static void
print_result(const char *step, const RdrWorkflowResult *res)
{
	for (int i = 0; i < res->n_items; i++)
	{
		const RdrWorkflowItem *it = &res->items[i];

		printf("ITEM %s|%s|%s|%s|%s|%s|%s\n", rdr_workflow_item_kind_name(it->kind),
			   it->name, it->initial_state, it->final_state,
			   !it->ok ? "failed" : it->skipped ? "skipped" : "ok",
			   it->actions, it->ok ? "" : it->error);
		fprintf(stderr, "AT %s %.3f %.3f\n", it->name, it->started, it->seconds);
	}
	printf("RESULT %s %s failed=%d spm=%s\n", step, res->ok ? "ok" : "failed",
		   res->n_failed, res->spm_host[0] ? res->spm_host : "-");
	fprintf(stderr, "TIME %s %.3f s, %ld calls\n", step, res->seconds, res->http_calls);
}

/* load_start_file: "VM DELAY" lines */
static bool
load_start_file(const char *path, RdrStartVm **list, int *n, int *cap)
{
	FILE	   *f = fopen(path, "r");
	char		line[512];

	if (f == NULL)
	{
		rdr_log_error("could not open \"%s\"", path);
		return false;
	}
	while (fgets(line, sizeof(line), f))
	{
		char		name[300];
		int			delay;

		if (sscanf(line, "%299s %d", name, &delay) != 2)
			continue;
		if (*n == *cap)
		{
			*cap = *cap ? *cap * 2 : 64;
			*list = realloc(*list, sizeof(RdrStartVm) * *cap);
		}
		(*list)[*n].vm = strdup(name);
		(*list)[*n].delay_s = delay;
		(*n)++;
	}
	fclose(f);
	return true;
}

static int
bench_get(RdrRest *rest, const char *path, int n)
{
	double		t0 = rdr_now();
	int			version = rdr_rest_version(rest);

	for (int i = 0; i < n; i++)
	{
		RdrRestCall call;
		RdrXmlDoc  *doc;
		char		state[64];

		rdr_rest_call_init(&call, RDR_HTTP_GET, NULL, "%s", path);
		if (!rdr_rest_run(rest, &call))
		{
			rdr_log_error("%s", call.error);
			rdr_rest_call_free(&call);
			return 1;
		}
		doc = rdr_xml_parse(call.resp, call.resp_len, "answer");
		if (doc == NULL ||
			!rdr_xml_string(doc, NULL, version >= RDR_API_V4 ? "/*/status" : "/*/status/state",
							state, sizeof(state)))
		{
			rdr_xml_free(doc);
			rdr_rest_call_free(&call);
			rdr_log_error("no state in the answer");
			return 1;
		}
		rdr_xml_free(doc);
		rdr_rest_call_free(&call);
	}
	printf("rate %.0f\n", n / (rdr_now() - t0));
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"host", required_argument, NULL, 'H'},
		{"port", required_argument, NULL, 'p'},
		{"cert-port", required_argument, NULL, 'c'},
		{"base", required_argument, NULL, 'b'},
		{"ca-file", required_argument, NULL, 'C'},
		{"insecure", no_argument, NULL, 'k'},
		{"pin", required_argument, NULL, 'P'},
		{"user", required_argument, NULL, 'u'},
		{"password-file", required_argument, NULL, 'w'},
		{"dry-run", no_argument, NULL, 'n'},
		{"poll-ms", required_argument, NULL, 1},
		{"host-timeout", required_argument, NULL, 2},
		{"spm-timeout", required_argument, NULL, 3},
		{"vm-timeout", required_argument, NULL, 4},
		{"request-timeout-ms", required_argument, NULL, 5},
		{"retries", required_argument, NULL, 6},
		{"max-conn", required_argument, NULL, 7},
		{"wait-api", required_argument, NULL, 8},
		{"datacenter", required_argument, NULL, 9},
		{"main", required_argument, NULL, 10},
		{"backup", required_argument, NULL, 11},
		{"virt-net", required_argument, NULL, 12},
		{"start", required_argument, NULL, 13},
		{"start-file", required_argument, NULL, 14},
		{"delay-scale", required_argument, NULL, 15},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	RdrRestConfig cfg;
	RdrWorkflowPlan plan;
	RdrVirtNet	vnets[MAX_ITEMS];
	RdrStartVm *starts = NULL;
	int			nstart = 0;
	int			capstart = 0;
	const char *pwfile = NULL;
	int			wait_api = 0;
	RdrCliOpts	cli = {.progname = "rest_tool", .usage = usage, .usage_exit = 2};
	int			c;
	RdrRest    *rest;
	const char *cmd;
	int			rc = 0;

	rdr_cli_init(&cli, argv);
	memset(&cfg, 0, sizeof(cfg));
	memset(&plan, 0, sizeof(plan));
	cfg.host = "127.0.0.1";
	plan.virt_net = vnets;

	while ((c = getopt_long(argc, argv, ":vqVhn", opts, NULL)) != -1)
	{
		switch (c)
		{
			case 'H':
				cfg.host = optarg;
				break;
			case 'p':
				cfg.port = atoi(optarg);
				break;
			case 'c':
				cfg.cert_port = atoi(optarg);
				break;
			case 'b':
				cfg.base = optarg;
				break;
			case 'C':
				cfg.ca_file = optarg;
				break;
			case 'k':
				cfg.insecure = true;
				break;
			case 'P':
				cfg.pinned_pubkey = optarg;
				break;
			case 'u':
				cfg.user = optarg;
				break;
			case 'w':
				pwfile = optarg;
				break;
			case 'n':
				cfg.dry_run = true;
				break;
			case 1:
				plan.poll_ms = atoi(optarg);
				break;
			case 2:
				plan.host_timeout_s = atoi(optarg);
				break;
			case 3:
				plan.spm_timeout_s = atoi(optarg);
				break;
			case 4:
				plan.vm_timeout_s = atoi(optarg);
				break;
			case 5:
				cfg.request_timeout_ms = atoi(optarg);
				break;
			case 6:
				cfg.retries = atoi(optarg);
				break;
			case 7:
				cfg.max_connections = atoi(optarg);
				break;
			case 8:
				wait_api = atoi(optarg);
				break;
			case 9:
				plan.datacenter = optarg;
				break;
			case 10:
				plan.main_cluster = optarg;
				break;
			case 11:
				plan.backup_cluster = optarg;
				break;
			case 12:
				{
					char	   *a = strdup(optarg);
					char	   *m = strchr(a, ',');
					char	   *n = m ? strchr(m + 1, ',') : NULL;

					if (n == NULL || plan.n_virt_net == MAX_ITEMS)
					{
						fprintf(stderr, "bad --virt-net %s\n", optarg);
						return 2;
					}
					*m = *n = '\0';
					vnets[plan.n_virt_net].hypervisor = a;
					vnets[plan.n_virt_net].mac = m + 1;
					vnets[plan.n_virt_net].network = n + 1;
					plan.n_virt_net++;
					break;
				}
			case 13:
				{
					char	   *a = strdup(optarg);
					char	   *colon = strrchr(a, ':');

					if (colon == NULL)
					{
						fprintf(stderr, "bad --start %s\n", optarg);
						return 2;
					}
					*colon = '\0';
					if (nstart == capstart)
					{
						capstart = capstart ? capstart * 2 : 16;
						starts = realloc(starts, sizeof(RdrStartVm) * capstart);
					}
					starts[nstart].vm = a;
					starts[nstart].delay_s = atoi(colon + 1);
					nstart++;
					break;
				}
			case 14:
				if (!load_start_file(optarg, &starts, &nstart, &capstart))
					return 2;
				break;
			case 15:
				plan.delay_scale = atof(optarg);
				break;
			default:
				if (rdr_cli_option(&cli, c, &rc))
					return rc;
				break;
		}
	}
	if (optind >= argc)
		return rdr_cli_usage_error(&cli, "expected a command");
	rdr_cli_set_log_level(&cli);
	plan.start_vm = starts;
	plan.n_start_vm = nstart;
	cmd = argv[optind];
	if (pwfile && (cfg.password = read_password(pwfile)) == NULL)
		return 2;

	rest = rdr_rest_open(&cfg);
	if (rest == NULL)
	{
		rc = 2;
		goto done;
	}
	if (wait_api > 0 ? !rdr_rest_wait_api(rest, wait_api, 50) : !rdr_rest_connect(rest))
	{
		rdr_rest_close(rest);
		rc = 3;
		goto done;
	}

	if (strcmp(cmd, "connect") == 0)
		printf("version %d product %s\n", rdr_rest_version(rest), rdr_rest_product(rest));
	else if (strcmp(cmd, "reconnect") == 0)
	{
		/* a second connect, as rdr-failover does before each step */
		rc = rdr_rest_connect(rest) ? 0 : 3;
		printf("version %d product %s\n", rdr_rest_version(rest), rdr_rest_product(rest));
	}
	else if (strcmp(cmd, "get") == 0 && optind + 1 < argc)
	{
		RdrRestCall call;

		rdr_rest_call_init(&call, RDR_HTTP_GET, NULL, "%s", argv[optind + 1]);
		rdr_rest_run(rest, &call);
		printf("status %ld ok %d attempts %d\n", call.status, call.ok, call.attempts);
		if (!call.ok)
			printf("error %s\n", call.error);
		rc = call.ok ? 0 : 1;
		rdr_rest_call_free(&call);
	}
	else if (strcmp(cmd, "bench-get") == 0 && optind + 2 < argc)
		rc = bench_get(rest, argv[optind + 1], atoi(argv[optind + 2]));
	else if (strcmp(cmd, "hosts") == 0 || strcmp(cmd, "start") == 0 ||
			 strcmp(cmd, "hosts,start") == 0)
	{
		RdrWorkflowResult res;

		if (strncmp(cmd, "hosts", 5) == 0)
		{
			rdr_workflow_hosts(rest, &plan, &res);
			print_result("hosts", &res);
			rc = res.ok ? 0 : 1;
			rdr_workflow_result_free(&res);
		}
		if (rc == 0 && strstr(cmd, "start"))
		{
			rdr_workflow_start_vms(rest, &plan, &res);
			print_result("start", &res);
			rc = res.ok ? 0 : 1;
			rdr_workflow_result_free(&res);
		}
	}
	else
		rc = rdr_cli_usage_error(&cli, "unknown command \"%s\"", cmd);
	{
		RdrRestStats st = rdr_rest_stats(rest);

		printf("STATS calls=%ld attempts=%ld retries=%ld logins=%ld connections=%ld\n",
			   st.calls, st.attempts, st.retries, st.logins, st.connections);
	}
	rdr_rest_close(rest);
done:
	free((void *) cfg.password);
	for (int i = 0; i < nstart; i++)
		free((void *) starts[i].vm);
	free(starts);
	for (int i = 0; i < plan.n_virt_net; i++)
		free((void *) vnets[i].hypervisor);
	return rc;
}
