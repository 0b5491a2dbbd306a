/* serve.c -- `dyad serve`: the store's queries and the coder as a JSON API over HTTP, with the
 * dashboard built into the binary (web/, bundled at build time into the generated table
 * dyad_web_assets).  Runs until SIGINT or SIGTERM, then finishes the requests in progress and
 * exits 0.  The server itself is the library's (src/serve/serve.c, docs/serve.md). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The dashboard's files (build/gen/web_assets.c, made by scripts/embed-web): an empty table
 * when the dashboard could not be built. */
extern const struct dyad_asset dyad_web_assets[];

#define MAX_DICTS 16

static int number(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi) return -1;
	*out = v;
	return 0;
}

/* The database as it may be printed: a URI's password replaced by "***". */
static const char *shown_db(const char *db, char *buf, size_t n)
{
	const char *scheme = strstr(db, "://"), *at, *colon;
	if (!scheme || !(at = strchr(scheme + 3, '@'))) return db;
	colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
	if (!colon) return db;
	snprintf(buf, n, "%.*s***%s", (int)(colon + 1 - db), db, at);
	return buf;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'}, {"port", required_argument, NULL, 'p'},
		{"bind", required_argument, NULL, 'b'}, {"threads", required_argument, NULL, 't'},
		{"no-coder", no_argument, NULL, 'n'}, {"dicts", required_argument, NULL, 'D'},
		{"max-body", required_argument, NULL, 'm'}, {"cache-mb", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0}};
	struct dyad_server_opts o = {0};
	const char *dicts[MAX_DICTS];
	size_t nd = 0;
	int c, coder = 1, sig;
	long v;
	dyad_coder *cd = NULL;
	dyad_server *srv;
	struct dyad_error err;
	sigset_t set;
	char shown[512];

	o.port = 8080;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'p':
			if (number(optarg, 0, 65535, &v) < 0) return cli_usage("serve", "--port must be 0 to 65535");
			o.port = (int)v;
			break;
		case 'b': o.bind = optarg; break;
		case 't':
			if (number(optarg, 1, 64, &v) < 0) return cli_usage("serve", "--threads must be 1 to 64");
			o.threads = (int)v;
			break;
		case 'n': coder = 0; break;
		case 'D':
			if (nd >= MAX_DICTS) return cli_usage("serve", "too many --dicts");
			dicts[nd++] = optarg;
			break;
		case 'm':
			if (number(optarg, 1, 1L << 30, &v) < 0) return cli_usage("serve", "--max-body must be 1 to 1073741824 bytes");
			o.max_body = (size_t)v;
			break;
		case 'c':
			if (number(optarg, 1, 65536, &v) < 0) return cli_usage("serve", "--cache-mb must be 1 to 65536");
			o.cache_bytes = (size_t)v << 20;
			break;
		default: return cli_usage("serve", "unknown option");
		}
	}
	if (optind != argc) return cli_usage("serve", "no file arguments (the database is --db)");
	if (!o.db || !*o.db) o.db = getenv("DYAD_DB");
	if (!o.db || !*o.db) o.db = "dyad.db";
	if (strncmp(o.db, "postgres", 8) != 0 && access(o.db, F_OK) != 0) {
		cli_error("'%s': no such database (make one with 'dyad ingest')", o.db);
		return EXIT_INPUT;
	}
	if (coder && cli_open_coder(&cd, dicts, nd, 0, 0) < 0) return EXIT_INPUT;
	o.coder = cd;
	o.assets = dyad_web_assets[0].path ? dyad_web_assets : NULL;

	/* the server's threads inherit this mask: the signals come to sigwait below */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (dyad_server_start(&srv, &o, &err) != DYAD_OK) {
		cli_error("%s", err.msg);
		dyad_coder_free(cd);
		return EXIT_INPUT;
	}
	fprintf(stderr, "dyad: serve: http://%s%s%s:%d/ (%s, %s; Ctrl-C stops)\n",
	        o.bind && strchr(o.bind, ':') ? "[" : "", o.bind ? o.bind : "127.0.0.1",
	        o.bind && strchr(o.bind, ':') ? "]" : "", dyad_server_port(srv), shown_db(o.db, shown, sizeof shown),
	        o.assets ? "dashboard" : "no dashboard: npm was missing at build time");
	while (sigwait(&set, &sig) != 0) {}
	dyad_server_stop(srv);
	dyad_coder_free(cd);
	fprintf(stderr, "dyad: serve: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	return 0;
}

const struct cli_cmd cli_cmd_serve = {
	"serve", run, "the HTTP API and the dashboard (read-only on the database)",
	"usage: dyad serve [--db FILE|URI] [--port 8080] [--bind 127.0.0.1] [--threads 2]\n"
	"                  [--no-coder] [--dicts DIR] [--max-body BYTES] [--cache-mb 64]\n"
	"\n"
	"Serves the dashboard at http://127.0.0.1:8080/ and the JSON API under /api/ (docs/serve.md):\n"
	"events with filters and paging, one event with its mentions and their explanation, series,\n"
	"network, top lists, and POST /api/code, which codes the posted text and returns its events\n"
	"without storing them.  The database is opened read-only.  Runs until SIGINT or SIGTERM.\n"
	"\n"
	"  --db FILE|URI   the database (default $DYAD_DB, else dyad.db)\n"
	"  --port N        port (default 8080; 0: any free port, printed at start)\n"
	"  --bind ADDR     address to listen on (default 127.0.0.1, loopback only; ::1 for IPv6)\n"
	"  --threads N     worker threads (default 2)\n"
	"  --no-coder      do not load the coder (POST /api/code answers 503)\n"
	"  --dicts DIR     dictionaries for the coder (as for dyad code)\n"
	"  --max-body N    largest text POST /api/code takes, in bytes (default 1048576)\n"
	"  --cache-mb N    memory for cached answers (default 64)\n",
};
