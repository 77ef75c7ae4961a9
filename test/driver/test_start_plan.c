/*-------------------------------------------------------------------------
 *
 * test_start_plan.c
 *	  Check unit tests of the START_VM recovery plan (start_plan.c): the
 *	  words of a line, the defaults, and the checks across lines (unknown
 *	  names, a later group, cycles with their whole chain), each through
 *	  rdr_config_parse so the file:line of every message is checked too.
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "start_plan.h"

static char logbuf[65536];
static FILE *capture;

static void
capture_start(void)
{
	capture = tmpfile();
	ck_assert_ptr_nonnull(capture);
	rdr_log_set_file(capture);
}

static const char *
capture_end(void)
{
	size_t		n;

	rdr_log_set_file(NULL);
	rewind(capture);
	n = fread(logbuf, 1, sizeof(logbuf) - 1, capture);
	logbuf[n] = '\0';
	fclose(capture);
	return logbuf;
}

static bool
parse_str(const char *text, RdrConfig *cfg)
{
	return rdr_config_parse("test.conf", text, strlen(text), cfg);
}

/* The seed's lines stay the seed's: no plan, no words. */
START_TEST(seed_lines_are_not_a_plan)
{
	RdrConfig	cfg;

	ck_assert(parse_str("START_VM db 0\nSTART_VM web 30\n", &cfg));
	ck_assert(!cfg.start_planned);
	ck_assert_int_eq(cfg.n_start_vm, 2);
	ck_assert_int_eq(cfg.start_vm[1].delay_s, 30);
	ck_assert(!cfg.start_vm[1].planned);
	ck_assert_int_eq(cfg.on_vm_failure, RDR_ON_VM_FAILURE_STOP);
	rdr_config_free(&cfg);
	/* the seed allowed a name twice; so does a file without the words */
	ck_assert(parse_str("START_VM db 0\nSTART_VM db 5\n", &cfg));
	rdr_config_free(&cfg);
}
END_TEST

/* Every word, the defaults, and the command taking the rest of the line. */
START_TEST(words_and_defaults)
{
	RdrConfig	cfg;
	const RdrConfStartVm *v;

	ck_assert(parse_str("CONFIG on_vm_failure Continue\n"
						"START_VM db group=1 ready=ip timeout=90\n"
						"START_VM app 5 group=2 after=db ready=tcp:8080\n"
						"START_VM web after=app,db ready=cmd:/usr/bin/check --vm web\n"
						"START_VM batch GROUP=5 ready=up\n", &cfg));
	ck_assert(cfg.start_planned);
	ck_assert_int_eq(cfg.on_vm_failure, RDR_ON_VM_FAILURE_CONTINUE);
	v = &cfg.start_vm[0];
	ck_assert_int_eq(v->group, 1);
	ck_assert_int_eq(v->delay_s, 0);
	ck_assert_int_eq(v->ready, RDR_READY_IP);
	ck_assert_int_eq(v->timeout_s, 90);
	ck_assert_int_eq(v->n_after, 0);
	v = &cfg.start_vm[1];
	ck_assert_int_eq(v->group, 2);
	ck_assert_int_eq(v->delay_s, 5);
	ck_assert_int_eq(v->ready, RDR_READY_TCP);
	ck_assert_int_eq(v->ready_port, 8080);
	ck_assert_int_eq(v->timeout_s, 0);
	ck_assert_int_eq(v->n_after, 1);
	ck_assert_int_eq(v->after_idx[0], 0);
	v = &cfg.start_vm[2];
	ck_assert_int_eq(v->group, RDR_START_DEFAULT_GROUP);
	ck_assert_int_eq(v->ready, RDR_READY_CMD);
	ck_assert_str_eq(v->ready_cmd, "/usr/bin/check --vm web");
	ck_assert_int_eq(v->n_after, 2);
	ck_assert_int_eq(v->after_idx[0], 1);
	ck_assert_int_eq(v->after_idx[1], 0);
	v = &cfg.start_vm[3];
	ck_assert_int_eq(v->group, 5);
	ck_assert_int_eq(v->ready, RDR_READY_UP);
	rdr_config_free(&cfg);
}
END_TEST

/* A seed line beside a planned one is in the default group. */
START_TEST(seed_line_in_a_plan)
{
	RdrConfig	cfg;

	ck_assert(parse_str("START_VM a 10\nSTART_VM b group=1\n", &cfg));
	ck_assert(cfg.start_planned);
	ck_assert_int_eq(cfg.start_vm[0].group, RDR_START_DEFAULT_GROUP);
	ck_assert_int_eq(cfg.start_vm[0].delay_s, 10);
	ck_assert_int_eq(cfg.start_vm[0].ready, RDR_READY_UP);
	rdr_config_free(&cfg);
}
END_TEST

/* The plan written back reads the same (rdr-failover --print-config). */
START_TEST(written_line_reads_the_same)
{
	RdrConfig	cfg;
	RdrConfig	again;
	char	   *buf = NULL;
	size_t		len = 0;
	FILE	   *out = open_memstream(&buf, &len);

	ck_assert(parse_str("START_VM db 3 group=1 timeout=7\n"
						"START_VM web after=db ready=cmd:true x\n"
						"START_VM old 4\n", &cfg));
	for (int i = 0; i < cfg.n_start_vm; i++)
		rdr_start_vm_write(out, &cfg.start_vm[i]);
	fclose(out);
	ck_assert_str_eq(buf, "START_VM db 3 group=1 timeout=7 ready=up\n"
					 "START_VM web 0 group=3 after=db ready=cmd:true x\n"
					 "START_VM old 4\n");
	ck_assert(parse_str(buf, &again));
	ck_assert_int_eq(again.start_vm[1].after_idx[0], 0);
	rdr_config_free(&again);
	rdr_config_free(&cfg);
	free(buf);
}
END_TEST

static const struct
{
	const char *text;
	const char *message;
}			bad_plans[] = {
	{"START_VM a group=0\n",
	"test.conf:1: invalid group=0 for VM \"a\": expected a group from 1 to 5"},
	{"START_VM a group=6\n",
	"test.conf:1: invalid group=6 for VM \"a\": expected a group from 1 to 5"},
	{"START_VM a group=x\n",
	"test.conf:1: invalid group=x for VM \"a\": expected a group from 1 to 5"},
	{"START_VM a 5 group=1 group=2\n",
	"test.conf:1: group= is given twice for VM \"a\""},
	{"START_VM a 5 color=red\n",
	"test.conf:1: unknown word \"color=red\" for VM \"a\": expected group=, after=, ready= or timeout="},
	{"START_VM a 5 extra\n",
	"test.conf:1: unknown word \"extra\" for VM \"a\": expected group=, after=, ready= or timeout="},
	{"START_VM a soon group=1\n",
	"test.conf:1: invalid delay \"soon\" for VM \"a\": expected seconds from 0 to 86400"},
	{"START_VM a after=b,,c\n",
	"test.conf:1: invalid after=b,,c for VM \"a\": expected VM names separated by commas"},
	{"START_VM a after=\n",
	"test.conf:1: invalid after= for VM \"a\": expected VM names separated by commas"},
	{"START_VM a ready=ping\n",
	"test.conf:1: invalid ready=ping for VM \"a\": expected up, ip, tcp:PORT or cmd:COMMAND"},
	{"START_VM a ready=tcp:0\n",
	"test.conf:1: invalid port in ready=tcp:0 for VM \"a\": expected tcp:PORT with PORT from 1 to 65535"},
	{"START_VM a ready=tcp:\n",
	"test.conf:1: invalid port in ready=tcp: for VM \"a\": expected tcp:PORT with PORT from 1 to 65535"},
	{"START_VM a ready=cmd:\n",
	"test.conf:1: empty command in ready=cmd: for VM \"a\""},
	{"START_VM a timeout=0\n",
	"test.conf:1: invalid timeout=0 for VM \"a\": expected seconds from 1 to 86400"},
	{"START_VM a\n", "test.conf:1: expected \"START_VM VM DELAY\""},
	{"CONFIG on_vm_failure maybe\n",
	"test.conf:1: CONFIG on_vm_failure must be stop or continue, not \"maybe\""},
	{"START_VM a 0\nSTART_VM b group=1\nSTART_VM a 3\n",
	"test.conf:3: START_VM a is given twice (first at line 1)"},
	{"START_VM a group=1 after=nobody\n",
	"test.conf:1: VM \"a\" comes after \"nobody\", which has no START_VM line"},
	{"START_VM db group=2\nSTART_VM web group=1 after=db\n",
	"test.conf:2: VM \"web\" of group 1 comes after \"db\" of the later group 2 (line 1): "
	"a group starts only when the groups before it are done"},
	{"START_VM a group=1 after=a\n",
	"test.conf:1: START_VM dependency cycle in group 1: a (line 1) after a"},
	{"START_VM x group=2\nSTART_VM a group=2 after=x,c\nSTART_VM b group=2 after=a\n"
		"START_VM c group=2 after=b\nSTART_VM d group=2 after=c\n",
	"test.conf:2: START_VM dependency cycle in group 2: a (line 2) after c (line 4) "
	"after b (line 3) after a"},
};

/* Each bad plan: refused, with its file:line and the whole story. */
START_TEST(bad_plan_is_refused_with_file_line)
{
	RdrConfig	cfg;
	const char *log;

	capture_start();
	ck_assert_msg(!parse_str(bad_plans[_i].text, &cfg), "accepted: %s", bad_plans[_i].text);
	log = capture_end();
	ck_assert_msg(strstr(log, bad_plans[_i].message) != NULL,
				  "for input %s\nexpected: %s\ngot: %s", bad_plans[_i].text,
				  bad_plans[_i].message, log);
	rdr_config_free(&cfg);
}
END_TEST

/* A dependency on an earlier group is met before the group starts. */
START_TEST(after_an_earlier_group_is_no_cycle)
{
	RdrConfig	cfg;

	ck_assert(parse_str("START_VM db group=1 after=web\nSTART_VM web group=1\n"
						"START_VM app group=2 after=db,web\n", &cfg));
	rdr_config_free(&cfg);
}
END_TEST

/* Two separate cycles are both told; a VM behind one is not a third. */
START_TEST(every_cycle_is_told_once)
{
	RdrConfig	cfg;
	const char *log;
	int			n = 0;

	capture_start();
	ck_assert(!parse_str("START_VM a group=1 after=b\nSTART_VM b group=1 after=a\n"
						 "START_VM c group=1 after=a\n"
						 "START_VM x group=4 after=y\nSTART_VM y group=4 after=x\n", &cfg));
	log = capture_end();
	for (const char *p = log; (p = strstr(p, "dependency cycle")) != NULL; p++)
		n++;
	ck_assert_int_eq(n, 2);
	ck_assert_ptr_nonnull(strstr(log, "in group 1: a (line 1) after b (line 2) after a"));
	ck_assert_ptr_nonnull(strstr(log, "in group 4: x (line 4) after y (line 5) after x"));
	rdr_config_free(&cfg);
}
END_TEST

/*
 * A chain of 20,000 VMs each after the one before, and the same closed
 * into a cycle: checked without recursion (no stack overflow) and fast.
 */
START_TEST(long_chain_without_recursion)
{
	int			n = 20000;
	size_t		cap = (size_t) n * 48 + 64;
	char	   *text = malloc(cap);
	size_t		len = 0;
	RdrConfig	cfg;
	const char *log;

	ck_assert_ptr_nonnull(text);
	len += (size_t) snprintf(text + len, cap - len, "START_VM v0 group=2\n");
	for (int i = 1; i < n; i++)
		len += (size_t) snprintf(text + len, cap - len, "START_VM v%d group=2 after=v%d\n",
								 i, i - 1);
	ck_assert(parse_str(text, &cfg));
	ck_assert_int_eq(cfg.start_vm[n - 1].after_idx[0], n - 2);
	rdr_config_free(&cfg);

	/* v0 after the last one: one cycle through all of them */
	len = 0;
	len += (size_t) snprintf(text + len, cap - len, "START_VM v0 group=2 after=v%d\n", n - 1);
	for (int i = 1; i < n; i++)
		len += (size_t) snprintf(text + len, cap - len, "START_VM v%d group=2 after=v%d\n",
								 i, i - 1);
	capture_start();
	ck_assert(!parse_str(text, &cfg));
	log = capture_end();
	ck_assert_ptr_nonnull(strstr(log, "START_VM dependency cycle in group 2: v0 (line 1) "
								 "after v19999 (line 20000) after v19998 (line 19999) after "));
	ck_assert_ptr_nonnull(strstr(log, "after v19991 (line 19992) after ... (20000 VMs in all) after v0\n"));
	rdr_config_free(&cfg);
	free(text);
}
END_TEST

static Suite *
start_plan_suite(void)
{
	Suite	   *s = suite_create("start_plan");
	TCase	   *tc = tcase_create("parse");

	tcase_add_test(tc, seed_lines_are_not_a_plan);
	tcase_add_test(tc, words_and_defaults);
	tcase_add_test(tc, seed_line_in_a_plan);
	tcase_add_test(tc, written_line_reads_the_same);
	tcase_add_loop_test(tc, bad_plan_is_refused_with_file_line, 0,
						(int) (sizeof(bad_plans) / sizeof(bad_plans[0])));
	tcase_add_test(tc, after_an_earlier_group_is_no_cycle);
	tcase_add_test(tc, every_cycle_is_told_once);
	tcase_add_test(tc, long_chain_without_recursion);
	/* 0.15 s plain; under ASan, whose realloc always copies, 20,000 lines grown one at a time take ~40 s */
	tcase_set_timeout(tc, 180);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner    *sr = srunner_create(start_plan_suite());
	int			failed;

	rdr_log_init("test_start_plan");
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
