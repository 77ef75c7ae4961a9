/*-------------------------------------------------------------------------
 *
 * sim_main.c
 *	  rdr-sim: a RHEV-M REST API simulator for rdr's tests and demo.
 *
 * Loads a scenario, serves /ca.crt over HTTP and the API over HTTPS on
 * 127.0.0.1, and stops by itself after --max-seconds (and after
 * --max-requests, if given), or on SIGINT/SIGTERM.  See docs/simulator.md
 * and sim/API.md.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "cli_opts.h"
#include "log.h"
#include "sim_fromdb.h"
#include "sim_http.h"
#include "sim_persist.h"
#include "sim_scenario.h"
#include "xalloc.h"

/* Exit codes, documented in docs/man/rdr-sim.1. */
#define EXIT_SIM_OK			0	/* stopped by time, budget or signal */
#define EXIT_SIM_USAGE		1	/* bad option, scenario or file */
#define EXIT_SIM_START		2	/* could not start serving */

static void
usage(void)
{
	printf("rdr-sim simulates a RHEV-M / oVirt REST API for rdr's tests.\n\n"
		   "Usage:\n  rdr-sim {-s SCENARIO | --from-db CONNINFO} --cert FILE --key FILE --ca FILE --password-file FILE [OPTION]...\n\n"
		   "Options:\n"
		   "  -s, --scenario=FILE       environment, timings and faults (or --from-db)\n"
		   "      --from-db=CONNINFO    the environment read from an engine database\n"
		   "                            instead (rehearsals; also the storage gate)\n"
		   "      --down-cluster=NAME   with --from-db: the lost site's cluster, its\n"
		   "                            hosts non responsive\n"
		   "      --timing=\"K=V ..\"     delays as a scenario's timing line (with\n"
		   "                            --from-db the default is the seed's)\n"
		   "      --vm-listen=VM:PORT   VM's guest listens on PORT once its agent reported,\n"
		   "                            as a scenario's listen= (repeatable)\n"
		   "      --cert=FILE           server certificate, PEM (required)\n"
		   "      --key=FILE            server private key, PEM, mode 0600 (required)\n"
		   "      --ca=FILE             CA certificate served at /ca.crt (required)\n"
		   "      --password-file=FILE  password of the API user, mode 0600 (required)\n"
		   "      --user=NAME           API user (default: scenario's, admin@internal)\n"
		   "      --db=CONNINFO         rhevm database for the storage gate\n"
		   "      --api-version=3|4     API generation (default: scenario's, 3)\n"
		   "      --time-scale=F        multiply every scenario delay by F\n"
		   "      --port=N              HTTPS port on 127.0.0.1 (default 0: any free)\n"
		   "      --http-port=N         HTTP port for /ca.crt (default 0: any free)\n"
		   "      --threads=N           HTTPS worker threads (default 2)\n"
		   "      --max-seconds=S       stop after S seconds (default 600)\n"
		   "      --max-requests=N      stop after N HTTPS requests (default: no limit)\n"
		   "      --fault=\"KIND k=v..\"  add a fault rule (repeatable)\n"
		   "      --seed=N              seed of rate faults (default 1)\n"
		   "      --ready-file=FILE     write ports and pid here once serving\n"
		   "      --lenient             forgive what a real engine refuses (old behaviour)\n"
		   "      --clock=real|manual   manual: time moves only on POST /sim/clock?advance=S\n"
		   "                            on the HTTP port (deterministic tests)\n"
		   "      --tls-version=1.0|1.1 offer only that old TLS version (a RHEV 3.0 manager)\n"
		   "      --request-log=FILE    append \"PORT METHOD URL\" for every request received\n"
		   "      --vm-log=FILE         append \"SECONDS VM start|up|ip\" for every VM start\n"
		   "                            accepted, VM up and guest agent report\n"
		   "      --state-file=FILE     keep hosts' and VMs' states across restarts, as the\n"
		   "                            engine's database does (saved at exit, loaded at start)\n"
		   "                            (tests: nothing was written to the manager)\n"
		   "  -v, --verbose             more messages (repeat for debug)\n"
		   "  -q, --quiet               errors only\n"
		   "  -V, --version             print the version and exit\n"
		   "  -h, --help                show this help and exit\n\n"
		   "Exit status: 0 stopped normally, 1 bad usage or input, 2 could not serve.\n");
}

/*
 * read_file
 *		Read a whole file (NUL-terminated).  With secret, refuse a file that
 *		group or others can read: it holds a key or a password.
 */
static char *
read_file(const char *path, const char *what, bool secret, size_t *len)
{
	FILE	   *fp;
	struct stat st;
	char	   *buf;

	fp = fopen(path, "r");
	if (fp == NULL)
	{
		rdr_log_error("could not open %s \"%s\": %m", what, path);
		return NULL;
	}
	if (fstat(fileno(fp), &st) != 0 || st.st_size > 16 * 1024 * 1024)
	{
		rdr_log_error("could not read %s \"%s\"", what, path);
		fclose(fp);
		return NULL;
	}
	if (secret && (st.st_mode & 077))
	{
		rdr_log_error("%s \"%s\" is readable by other users", what, path);
		rdr_log_hint("Run chmod 600 \"%s\".", path);
		fclose(fp);
		return NULL;
	}
	buf = malloc((size_t) st.st_size + 1);
	if (buf == NULL || fread(buf, 1, (size_t) st.st_size, fp) != (size_t) st.st_size)
	{
		rdr_log_error("could not read %s \"%s\"", what, path);
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	buf[st.st_size] = '\0';
	*len = (size_t) st.st_size;
	return buf;
}

static bool
parse_long(const char *s, long lo, long hi, long *out)
{
	char	   *end;
	long		v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/*
 * load_environment: the model from the scenario or the engine database
 * (--from-db), then the --timing line.  The seed's observed delays are the
 * defaults of a database's environment (startup 30 s of JBoss, approve 5,
 * activate 20 + 40, SPM contention 180 s: seed sections 7.4 and 8).
 */
static bool
load_environment(SimModel *m, SimFaults *f, const char *scenario,
				 const char *from_db, const char *down, const char *timing)
{
	static const char seed_timing[] =
	"timing startup=30 approve=5 activate=60 fence_release=10 spm_contend=180 "
	"vm_launch=5 vm_powerup=20\n";
	char	   *line;
	bool		ok;

	if (scenario && from_db)
	{
		rdr_log_error("--scenario and --from-db cannot be used together");
		return false;
	}
	if (down && !from_db)
	{
		rdr_log_error("--down-cluster needs --from-db");
		return false;
	}
	if (scenario)
		ok = sim_scenario_load(m, f, scenario);
	else
		ok = sim_scenario_parse(m, f, seed_timing, strlen(seed_timing), "--from-db", -1) &&
			sim_fromdb_load(m, from_db, down);
	if (!ok || timing == NULL)
		return ok;
	line = xasprintf("timing %s\n", timing);
	ok = sim_scenario_parse(m, f, line, strlen(line), "--timing", -1);
	free(line);
	return ok;
}

/*
 * vm_listen: --vm-listen VM:PORT, a scenario's listen= for a VM of the
 * environment (a rehearsal's START_VM ready=tcp:PORT needs its guest to
 * listen).
 */
static bool
vm_listen(SimModel *m, const char *const *specs, int n)
{
	for (int i = 0; i < n; i++)
	{
		const char *colon = strrchr(specs[i], ':');
		long		port;
		int			v;

		if (colon == NULL || !parse_long(colon + 1, 1, 65535, &port))
		{
			rdr_log_error("--vm-listen \"%s\": expected VM:PORT", specs[i]);
			return false;
		}
		for (v = 0; v < m->n_vms; v++)
			if (strlen(m->vms[v].name) == (size_t) (colon - specs[i]) &&
				strncmp(m->vms[v].name, specs[i], (size_t) (colon - specs[i])) == 0)
				break;
		if (v == m->n_vms)
		{
			rdr_log_error("--vm-listen \"%s\": no such VM", specs[i]);
			return false;
		}
		m->vms[v].listen_port = (int) port;
	}
	return true;
}

/* Write the ready file atomically: tests wait for it to appear. */
static bool
write_ready(const char *path, SimServer *s)
{
	char		tmp[4096];
	FILE	   *fp;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fp = fopen(tmp, "w");
	if (fp == NULL)
	{
		rdr_log_error("could not write ready file \"%s\": %m", tmp);
		return false;
	}
	fprintf(fp, "https_port=%d\nhttp_port=%d\npid=%d\napi_version=%d\n",
			s->https_port, s->http_port, (int) getpid(), s->model->api_version);
	/* the scaled delays, for benchmarks that subtract them */
	fprintf(fp, "time_scale=%g\nstartup_s=%g\napprove_s=%g\nactivate_s=%g\n"
			"fence_release_s=%g\nspm_contend_s=%g\nvm_launch_s=%g\nvm_powerup_s=%g\n"
			"reboot_s=%g\nreconnect_s=%g\n",
			s->model->time_scale, s->model->t.startup, s->model->t.approve,
			s->model->t.activate, s->model->t.fence_release,
			s->model->t.spm_contend, s->model->t.vm_launch, s->model->t.vm_powerup,
			s->model->t.reboot, s->model->t.reconnect);
	if (fclose(fp) != 0 || rename(tmp, path) != 0)
	{
		rdr_log_error("could not write ready file \"%s\": %m", path);
		return false;
	}
	return true;
}

/* The command line, as parsed. */
typedef struct SimArgs
{
	const char *scenario;
	const char *cert;
	const char *key;
	const char *ca;
	const char *pwfile;
	const char *user;
	const char *db;
	const char *ready;
	char	   *cli_faults[SIM_MAX_FAULTS];
	int			n_cli_faults;
	long		api_version;	/* 0: the scenario's */
	long		port;
	long		http_port;
	long		threads;
	long		max_seconds;
	long		max_requests;
	long		seed;			/* -1: the faults' default */
	double		time_scale;		/* -1: the scenario's */
	bool		lenient;
	bool		manual_clock;
	const char *tls_priorities;
	const char *request_log;
	const char *vm_log;
	const char *state_file;
	const char *from_db;
	const char *down_cluster;
	const char *timing;
	const char *listens[SIM_MAX_FAULTS];
	int			n_listen;
} SimArgs;

/*
 * value_option: an option whose value is checked or collected (numbers,
 * --tls-version, --clock, --fault, --vm-listen).  False after logging.
 */
static bool
value_option(SimArgs *a, int c, char *arg)
{
	char	   *end;

	switch (c)
	{
		case 7:
			if (!parse_long(arg, 3, 4, &a->api_version))
			{
				rdr_log_error("--api-version must be 3 or 4, not \"%s\"", arg);
				return false;
			}
			break;
		case 8:
			a->time_scale = strtod(arg, &end);
			if (end == arg || *end || !(a->time_scale >= 0 && a->time_scale <= 1000))
			{
				rdr_log_error("--time-scale must be a number in [0, 1000], not \"%s\"", arg);
				return false;
			}
			break;
		case 9:
		case 10:
			if (!parse_long(arg, 0, 65535, c == 9 ? &a->port : &a->http_port))
			{
				rdr_log_error("invalid port \"%s\"", arg);
				return false;
			}
			break;
		case 11:
			if (!parse_long(arg, 1, 64, &a->threads))
			{
				rdr_log_error("--threads must be in [1, 64], not \"%s\"", arg);
				return false;
			}
			break;
		case 12:
			if (!parse_long(arg, 1, 86400, &a->max_seconds))
			{
				rdr_log_error("--max-seconds must be in [1, 86400], not \"%s\"", arg);
				return false;
			}
			break;
		case 13:
			if (!parse_long(arg, 1, 1000000000L, &a->max_requests))
			{
				rdr_log_error("--max-requests must be a positive number, not \"%s\"", arg);
				return false;
			}
			break;
		case 14:
			if (a->n_cli_faults == SIM_MAX_FAULTS)
			{
				rdr_log_error("too many --fault options");
				return false;
			}
			a->cli_faults[a->n_cli_faults++] = arg;
			break;
		case 15:
			if (!parse_long(arg, 0, 1000000000L, &a->seed))
			{
				rdr_log_error("invalid --seed \"%s\"", arg);
				return false;
			}
			break;
		case 18:
			/* GnuTLS priority strings: only that protocol version */
			if (strcmp(arg, "1.0") == 0)
				a->tls_priorities = "NORMAL:-VERS-ALL:+VERS-TLS1.0";
			else if (strcmp(arg, "1.1") == 0)
				a->tls_priorities = "NORMAL:-VERS-ALL:+VERS-TLS1.1";
			else
			{
				rdr_log_error("--tls-version must be 1.0 or 1.1, not \"%s\"", arg);
				return false;
			}
			break;
		case 19:
			if (strcmp(arg, "manual") != 0 && strcmp(arg, "real") != 0)
			{
				rdr_log_error("--clock must be real or manual, not \"%s\"", arg);
				return false;
			}
			a->manual_clock = strcmp(arg, "manual") == 0;
			break;
		case 26:
			if (a->n_listen == SIM_MAX_FAULTS)
			{
				rdr_log_error("too many --vm-listen options");
				return false;
			}
			a->listens[a->n_listen++] = arg;
			break;
	}
	return true;
}

/*
 * parse_options: the command line into *a.  -1 when the simulator goes
 * on, else the exit code to return (--help, --version, a usage error).
 */
static int
parse_options(int argc, char **argv, SimArgs *a)
{
	static const struct option long_options[] = {
		{"scenario", required_argument, NULL, 's'},
		{"cert", required_argument, NULL, 1},
		{"key", required_argument, NULL, 2},
		{"ca", required_argument, NULL, 3},
		{"password-file", required_argument, NULL, 4},
		{"user", required_argument, NULL, 5},
		{"db", required_argument, NULL, 6},
		{"api-version", required_argument, NULL, 7},
		{"time-scale", required_argument, NULL, 8},
		{"port", required_argument, NULL, 9},
		{"http-port", required_argument, NULL, 10},
		{"threads", required_argument, NULL, 11},
		{"max-seconds", required_argument, NULL, 12},
		{"max-requests", required_argument, NULL, 13},
		{"fault", required_argument, NULL, 14},
		{"seed", required_argument, NULL, 15},
		{"ready-file", required_argument, NULL, 16},
		{"lenient", no_argument, NULL, 17},
		{"tls-version", required_argument, NULL, 18},
		{"clock", required_argument, NULL, 19},
		{"request-log", required_argument, NULL, 20},
		{"state-file", required_argument, NULL, 21},
		{"vm-log", required_argument, NULL, 22},
		{"from-db", required_argument, NULL, 23},
		{"down-cluster", required_argument, NULL, 24},
		{"timing", required_argument, NULL, 25},
		{"vm-listen", required_argument, NULL, 26},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	RdrCliOpts	cli = {.progname = "rdr-sim",.usage = usage,
	.usage_exit = EXIT_SIM_USAGE};
	int			c;
	int			rc;

	rdr_cli_init(&cli, argv);
	while ((c = getopt_long(argc, argv, ":s:vqVh", long_options, NULL)) != -1)
	{
		switch (c)
		{
			case 's':
				a->scenario = optarg;
				break;
			case 1:
				a->cert = optarg;
				break;
			case 2:
				a->key = optarg;
				break;
			case 3:
				a->ca = optarg;
				break;
			case 4:
				a->pwfile = optarg;
				break;
			case 5:
				a->user = optarg;
				break;
			case 6:
				a->db = optarg;
				break;
			case 16:
				a->ready = optarg;
				break;
			case 17:
				a->lenient = true;
				break;
			case 20:
				a->request_log = optarg;
				break;
			case 21:
				a->state_file = optarg;
				break;
			case 22:
				a->vm_log = optarg;
				break;
			case 23:
				a->from_db = optarg;
				break;
			case 24:
				a->down_cluster = optarg;
				break;
			case 25:
				a->timing = optarg;
				break;
			case 7:
			case 8:
			case 9:
			case 10:
			case 11:
			case 12:
			case 13:
			case 14:
			case 15:
			case 18:
			case 19:
			case 26:
				if (!value_option(a, c, optarg))
					return EXIT_SIM_USAGE;
				break;
			default:
				/* -v -q -V -h -? and bad options: cli_opts.h */
				if (rdr_cli_option(&cli, c, &rc))
					return rc;
				break;
		}
	}
	if (optind < argc)
		return rdr_cli_extra_args(&cli, argv[optind]);
	rdr_cli_set_log_level(&cli);
	if ((!a->scenario && !a->from_db) || !a->cert || !a->key || !a->ca || !a->pwfile)
		return rdr_cli_usage_error(&cli, "--scenario, --cert, --key, --ca and --password-file are required (--from-db instead of --scenario)");
	return -1;
}

/*
 * build_model: the environment (scenario or --from-db), the --fault and
 * --vm-listen options, the settings the command line overrides, the
 * whole-scenario checks, and the --state-file of an earlier run.  False
 * after logging.
 */
static bool
build_model(const SimArgs *a, SimModel *m, SimFaults *f)
{
	sim_model_init(m);
	f->seed = 1;
	if (!load_environment(m, f, a->scenario, a->from_db, a->down_cluster, a->timing) ||
		!vm_listen(m, a->listens, a->n_listen))
		return false;
	for (int i = 0; i < a->n_cli_faults; i++)
	{
		char	   *copy = strdup(a->cli_faults[i]);
		char	   *tok[SIM_MAX_TOKENS];
		char		err[256];
		int			ntok = sim_tokenize(copy, tok, SIM_MAX_TOKENS, err, sizeof(err));

		if (ntok < 0 || !sim_fault_add(f, tok, ntok, err, sizeof(err)))
		{
			rdr_log_error("--fault \"%s\": %s", a->cli_faults[i], err);
			free(copy);
			return false;
		}
		free(copy);
	}
	if (a->seed >= 0)
		f->seed = (unsigned long) a->seed;
	if (a->user)
	{
		free(m->user);
		m->user = strdup(a->user);
	}
	if (a->db)
	{
		free(m->db_conninfo);
		m->db_conninfo = strdup(a->db);
	}
	if (a->api_version)
		m->api_version = (int) a->api_version;
	if (a->time_scale >= 0)
		m->time_scale = a->time_scale;
	m->lenient = a->lenient;
	m->manual_clock = a->manual_clock;
	if (!sim_scenario_check(m, f) || !sim_model_finalize(m))
		return false;
	return !(a->state_file && !sim_persist_load(m, a->state_file));
}

/*
 * setup_server: the server's settings, its logs opened and its password,
 * key and certificates read.  False after logging.
 */
static bool
setup_server(const SimArgs *a, SimServer *server, SimModel *model,
			 SimFaults *faults)
{
	size_t		len;
	char	   *pw;

	server->model = model;
	server->faults = faults;
	server->https_port = (int) a->port;
	server->http_port = (int) a->http_port;
	server->threads = (int) a->threads;
	server->tls_priorities = a->tls_priorities;
	server->max_requests = a->max_requests;
	server->request_log_fd = -1;
	/* appended to: the file outlives an engine restart within a test */
	if (a->request_log &&
		(server->request_log_fd = open(a->request_log, O_WRONLY | O_APPEND | O_CREAT |
									   O_NOFOLLOW | O_CLOEXEC, 0600)) < 0)
	{
		rdr_log_error("could not open request log \"%s\": %m", a->request_log);
		return false;
	}
	if (a->vm_log &&
		(model->vm_log_on = (model->vm_log_fd = open(a->vm_log, O_WRONLY | O_APPEND | O_CREAT |
													 O_NOFOLLOW | O_CLOEXEC, 0600)) >= 0) == false)
	{
		rdr_log_error("could not open VM log \"%s\": %m", a->vm_log);
		return false;
	}
	if ((pw = read_file(a->pwfile, "password file", true, &len)) == NULL)
		return false;
	pw[strcspn(pw, "\r\n")] = '\0';
	if (*pw == '\0')
	{
		rdr_log_error("password file \"%s\" is empty", a->pwfile);
		return false;
	}
	server->password = pw;
	return (server->key_pem = read_file(a->key, "key file", true, &len)) != NULL &&
		(server->cert_pem = read_file(a->cert, "certificate file", false, &len)) != NULL &&
		(server->ca_pem = read_file(a->ca, "CA certificate file", false, &server->ca_len)) != NULL;
}

/*
 * serve: elect the SPMs of data centers that start without one, serve
 * until a signal, --max-seconds or --max-requests, then stop.  False when
 * serving could not start (or its ready file could not be written).
 */
static bool
serve(const SimArgs *a, SimServer *server)
{
	SimModel   *model = server->model;
	sigset_t	sigs;
	double		deadline;

	/* Signals are taken by sigtimedwait below; workers inherit the mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	{
		/* election of data centers that start without an SPM */
		double		now = sim_model_now(model);

		pthread_mutex_lock(&model->lock);
		for (int c = 0; c < model->n_dcs; c++)
			sim_model_election(model, c, now);
		pthread_mutex_unlock(&model->lock);
	}
	if (!sim_http_start(server))
		return false;
	rdr_log_info("serving API v%d at https://127.0.0.1:%d%s, CA at http://127.0.0.1:%d/ca.crt, for %ld s",
				 model->api_version, server->https_port,
				 model->api_version == 4 ? "/ovirt-engine/api" : "/api",
				 server->http_port, a->max_seconds);
	if (a->ready && !write_ready(a->ready, server))
	{
		sim_http_stop(server);
		return false;
	}

	deadline = sim_now() + (double) a->max_seconds;
	for (;;)
	{
		struct timespec ts = {0, 100 * 1000 * 1000};
		int			sig = sigtimedwait(&sigs, NULL, &ts);

		if (sig > 0)
		{
			rdr_log_info("stopping on signal %d", sig);
			break;
		}
		if (sim_now() >= deadline)
		{
			rdr_log_info("stopping: --max-seconds (%ld) reached", a->max_seconds);
			break;
		}
		if (sim_http_budget_spent(server))
		{
			rdr_log_info("stopping: --max-requests (%ld) reached", a->max_requests);
			break;
		}
	}
	sim_http_stop(server);
	return true;
}

int
main(int argc, char **argv)
{
	static SimArgs args = {.threads = 2,.max_seconds = 600,.seed = -1,
	.time_scale = -1};
	static SimModel model;
	static SimFaults faults;
	static SimServer server;
	int			rc;

	if ((rc = parse_options(argc, argv, &args)) >= 0)
		return rc;
	LIBXML_TEST_VERSION;
	if (!build_model(&args, &model, &faults) ||
		!setup_server(&args, &server, &model, &faults))
		return EXIT_SIM_USAGE;
	if (!serve(&args, &server))
		return EXIT_SIM_START;
	rc = EXIT_SIM_OK;
	if (args.state_file && !sim_persist_save(&model, args.state_file))
		rc = EXIT_SIM_START;
	rdr_log_verbose("served %lu requests, %ld database checks",
					server.requests, model.db_checks);
	sim_fault_free(&faults);
	sim_model_free(&model);
	free(server.password);
	free(server.key_pem);
	free(server.cert_pem);
	free(server.ca_pem);
	xmlCleanupParser();
	return rc;
}
