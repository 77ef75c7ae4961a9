/*-------------------------------------------------------------------------
 *
 * bench_get.c
 *	  Load generator for rdr-sim's benchmark: one libcurl handle, one
 *	  keep-alive TLS connection, a session cookie after the first call.
 *
 *	  bench_get get URL SECONDS CA USER PWFILE
 *		GET URL repeatedly for SECONDS; prints "requests seconds per_s".
 *	  bench_get movestart BASE COUNT CLUSTER_ID CA USER PWFILE
 *		PUT vms/ID (cluster) then POST vms/ID/start for the COUNT VMs of
 *		a "vms COUNT" scenario line (their ids are generated, see
 *		sim_model_make_id); prints "vms seconds".
 *
 *	  Every answer must be 200, or the benchmark fails (exit 1).
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "log.h"

static size_t
discard(char *p, size_t size, size_t n, void *ud)
{
	(void) p;
	(void) ud;
	return size * n;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A handle with TLS verification against CA, Basic auth and a session. */
static CURL *
make_handle(const char *ca, const char *user, const char *pwfile,
			struct curl_slist **headers)
{
	CURL	   *h = curl_easy_init();
	char		pw[256] = "";
	FILE	   *fp = fopen(pwfile, "r");

	if (h == NULL || fp == NULL || fgets(pw, sizeof(pw), fp) == NULL)
	{
		rdr_log_error("could not set up curl or read \"%s\"", pwfile);
		exit(1);
	}
	fclose(fp);
	pw[strcspn(pw, "\r\n")] = '\0';
	*headers = curl_slist_append(NULL, "Prefer: persistent-auth");
	*headers = curl_slist_append(*headers, "Content-Type: application/xml");
	curl_easy_setopt(h, CURLOPT_CAINFO, ca);
	curl_easy_setopt(h, CURLOPT_USERNAME, user);
	curl_easy_setopt(h, CURLOPT_PASSWORD, pw);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, *headers);
	curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
	memset(pw, 0, sizeof(pw));
	return h;
}

static void
perform(CURL *h, const char *what)
{
	long		code = 0;
	CURLcode	rc = curl_easy_perform(h);

	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (rc != CURLE_OK || code != 200)
	{
		rdr_log_error("%s failed: %s, HTTP %ld", what, curl_easy_strerror(rc), code);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	struct curl_slist *headers = NULL;
	CURL	   *h;

	rdr_log_init("bench_get");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (argc == 7 && strcmp(argv[1], "get") == 0)
	{
		double		secs = atof(argv[3]),
					t0,
					t;
		long		n = 0;

		h = make_handle(argv[4], argv[5], argv[6], &headers);
		curl_easy_setopt(h, CURLOPT_URL, argv[2]);
		perform(h, "warm-up GET");
		t0 = now_s();
		do
		{
			perform(h, "GET");
			n++;
		} while ((t = now_s()) - t0 < secs);
		printf("%ld %.3f %.0f\n", n, t - t0, n / (t - t0));
	}
	else if (argc == 8 && strcmp(argv[1], "movestart") == 0)
	{
		long		count = atol(argv[3]),
					i;
		char		url[512],
					body[256];
		double		t0;

		h = make_handle(argv[5], argv[6], argv[7], &headers);
		snprintf(body, sizeof(body), "<vm><cluster id=\"%s\"/></vm>", argv[4]);
		t0 = now_s();
		for (i = 0; i < count; i++)
		{
			/* ids of "vms COUNT" lines: kind 6 (VM), index i */
			snprintf(url, sizeof(url), "%s/vms/%08x-0000-4000-8000-%012lx",
					 argv[2], 0x51300006u, (unsigned long) i);
			curl_easy_setopt(h, CURLOPT_URL, url);
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
			curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
			perform(h, "PUT vm");
			strcat(url, "/start");
			curl_easy_setopt(h, CURLOPT_URL, url);
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "POST");
			curl_easy_setopt(h, CURLOPT_POSTFIELDS, "<action/>");
			perform(h, "POST start");
		}
		printf("%ld %.3f\n", count, now_s() - t0);
	}
	else
	{
		fprintf(stderr, "usage: bench_get get URL SECONDS CA USER PWFILE\n"
				"       bench_get movestart BASE COUNT CLUSTER_ID CA USER PWFILE\n");
		return 1;
	}
	curl_easy_cleanup(h);
	curl_slist_free_all(headers);
	curl_global_cleanup();
	return 0;
}
