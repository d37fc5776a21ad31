/*
 * `hmvirt compare`: one workload under several models, side by side
 * (DESIGN.md layer 6). Each model is one `hmvirt run` of this same
 * program in a child process, with its statistics in a JSON file; the
 * workloads' output must be the same under every model (DESIGN.md: guest
 * output is identical across models), and the table gives each model's
 * measured-region cycles, its overhead against native (and snp's against
 * native-sw), where the instructions ran and what translation cost.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "driver.h"

#define MAX_MODELS 8

struct result {
	const char *model;
	char out[PATH_MAX], json[PATH_MAX];
	int status;
	double cycles, instret, guest, fw, hyp;  /* instructions by who ran them */
	double l1_mpki, l2_mpki, walks, gwalks, refs, refills, exits, faults;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hmvirt compare --workload NAME [--models LIST] [options]\n"
		"\n"
		"Runs one workload under each model (hmvirt run), checks that the workload's\n"
		"output is the same under all of them, and prints their measured regions side\n"
		"by side: cycles and the overhead against native (snp also against\n"
		"native-sw), instructions by who ran them, TLB misses, walks, firmware\n"
		"refills, VM exits and page faults.\n"
		"\n"
		"options:\n"
		"  --workload NAME    as hmvirt run (gups chase stream forkbench execbench\n"
		"                     mmapbench pagefault ctxsw mix)\n"
		"  --models LIST      comma-separated, in the table's order (default:\n"
		"                     native,native-sw,np,snp)\n"
		"  --size SIZE        small or default (the default)\n"
		"  --json FILE        the table as JSON, with each model's full statistics\n"
		"  --config FILE, -m SIZE, --timing on|off, --kernel-args ARGS: as hmvirt run\n"
		"  -h, --help         this text\n"
		"\n"
		"Exit status: 0 when every model ran the workload to exit status 0 with the\n"
		"same output; 1 when a model failed or the outputs differ; 2: bad input.\n");
}

static int bad(const char *msg, const char *arg)
{
	fprintf(stderr, "hmvirt compare: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
	return EXIT_BAD_INPUT;
}

/* Runs `hmvirt run ...` for one model, its output in r->out, its
 * statistics in r->json; returns its exit status (-1: not run). */
static int run_model(struct result *r, char *const *common, int ncommon)
{
	char *argv[40];
	int n = 0, fd, st;
	pid_t pid;

	argv[n++] = "hmvirt";
	argv[n++] = "run";
	argv[n++] = "--model";
	argv[n++] = (char *)r->model;
	argv[n++] = "--stats";
	argv[n++] = r->json;
	argv[n++] = "-q";
	for (int i = 0; i < ncommon && n < 38; i++)
		argv[n++] = common[i];
	argv[n] = NULL;
	fd = open(r->out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fd);
		return -1;
	}
	if (pid == 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(fd);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = 0;
	fclose(f);
	return buf;
}

static double get(const cJSON *o, const char *path)
{
	char key[64];
	const char *p = path, *dot;

	while (o && (dot = strchr(p, '.'))) {
		snprintf(key, sizeof key, "%.*s", (int)(dot - p), p);
		o = cJSON_GetObjectItemCaseSensitive(o, key);
		p = dot + 1;
	}
	o = o ? cJSON_GetObjectItemCaseSensitive(o, p) : NULL;
	return cJSON_IsNumber(o) ? o->valuedouble : 0.0;
}

/* Exceptions 12/13/15 in one of the trap arrays of a counters object. */
static double page_faults(const cJSON *c, const char *array)
{
	const cJSON *t;
	double n = 0;

	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(c, array)) {
		double cause = get(t, "cause");
		if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, "interrupt")) &&
		    (cause == 12 || cause == 13 || cause == 15))
			n += get(t, "count");
	}
	return n;
}

/* Reads r's measured region; false if the JSON is missing or has none. */
static bool read_stats(struct result *r, cJSON **keep)
{
	char *text = slurp(r->json);
	cJSON *root = text ? cJSON_Parse(text) : NULL, *c;

	free(text);
	*keep = root;
	c = root ? cJSON_GetObjectItemCaseSensitive(root, "roi") : NULL;
	if (!cJSON_IsObject(c))
		return false;
	r->cycles = get(c, "cycles");
	r->instret = get(c, "instret");
	r->guest = get(c, "modes.VS.instret") + get(c, "modes.VU.instret");
	r->hyp = get(c, "modes.HS.instret");
	if (!r->guest) { /* natively the kernel is the HS-mode software */
		r->guest = r->hyp + get(c, "modes.U.instret");
		r->hyp = 0;
	}
	r->fw = get(c, "modes.M.instret");
	r->l1_mpki = r->instret ? (get(c, "tlb.itlb.misses") + get(c, "tlb.dtlb.misses")) * 1000 / r->instret : 0;
	r->l2_mpki = r->instret ? get(c, "tlb.l2tlb.misses") * 1000 / r->instret : 0;
	r->walks = get(c, "walks.first_stage.walks");
	r->gwalks = get(c, "walks.g_stage.walks");
	r->refs = get(c, "walks.first_stage.refs") + get(c, "walks.g_stage.refs");
	r->refills = get(c, "tlb_miss_traps");
	r->exits = get(c, "vm_exits");
	r->faults = page_faults(c, "traps") + page_faults(c, "traps_forwarded");
	return true;
}

/* The workload's own lines: what the firmware, kernel and hypervisor print
 * about themselves differs between models by design. */
static bool same_output(const char *a, const char *b)
{
	char *ta = slurp(a), *tb = slurp(b), *la, *lb, *sa = NULL, *sb = NULL;
	bool same = ta && tb;

	if (same) {
		la = strtok_r(ta, "\n", &sa);
		lb = strtok_r(tb, "\n", &sb);
		for (;;) {
			while (la && (!strncmp(la, "hmfw", 4) || !strncmp(la, "kernel:", 7) ||
				      !strncmp(la, "hyp", 3) || !strncmp(la, "hmvirt", 6)))
				la = strtok_r(NULL, "\n", &sa);
			while (lb && (!strncmp(lb, "hmfw", 4) || !strncmp(lb, "kernel:", 7) ||
				      !strncmp(lb, "hyp", 3) || !strncmp(lb, "hmvirt", 6)))
				lb = strtok_r(NULL, "\n", &sb);
			if (!la || !lb || strcmp(la, lb))
				break;
			la = strtok_r(NULL, "\n", &sa);
			lb = strtok_r(NULL, "\n", &sb);
		}
		same = !la && !lb;
	}
	free(ta);
	free(tb);
	return same;
}

static void print_table(const struct result *r, int n)
{
	const struct result *native = NULL, *nsw = NULL;

	for (int i = 0; i < n; i++) {
		if (!strcmp(r[i].model, "native"))
			native = &r[i];
		if (!strcmp(r[i].model, "native-sw"))
			nsw = &r[i];
	}
	printf("%-10s %14s %9s %14s %12s %12s %8s %8s %10s %6s %10s %8s %8s\n", "model", "cycles",
	       "overhead", "guest insns", "fw insns", "hyp insns", "L1 MPKI", "L2 MPKI", "walks",
	       "refs", "refills", "exits", "faults");
	for (int i = 0; i < n; i++) {
		char over[32] = "-";

		if (native && native->cycles && &r[i] != native)
			snprintf(over, sizeof over, "%+.1f%%", (r[i].cycles / native->cycles - 1) * 100);
		printf("%-10s %14.0f %9s %14.0f %12.0f %12.0f %8.2f %8.2f %10.0f %6.2f %10.0f %8.0f %8.0f\n",
		       r[i].model, r[i].cycles, over, r[i].guest, r[i].fw, r[i].hyp, r[i].l1_mpki,
		       r[i].l2_mpki, r[i].walks + r[i].gwalks,
		       r[i].walks ? r[i].refs / r[i].walks : 0.0, r[i].refills, r[i].exits, r[i].faults);
	}
	for (int i = 0; i < n; i++)
		if (!strcmp(r[i].model, "snp") && nsw && nsw->cycles)
			printf("snp against native-sw: %+.1f%%\n", (r[i].cycles / nsw->cycles - 1) * 100);
}

static int write_json(const char *path, const char *workload, const char *size,
		      const struct result *r, cJSON **stats, int n)
{
	cJSON *root = cJSON_CreateObject(), *models = cJSON_AddArrayToObject(root, "models");
	char *text;
	FILE *f;
	int rc = 0;

	cJSON_AddStringToObject(root, "format", "hmvirt-compare-1");
	cJSON_AddStringToObject(root, "workload", workload);
	cJSON_AddStringToObject(root, "size", size);
	for (int i = 0; i < n; i++) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "model", r[i].model);
		cJSON_AddNumberToObject(m, "status", r[i].status);
		cJSON_AddItemToObject(m, "stats", stats[i] ? cJSON_Duplicate(stats[i], true) : cJSON_CreateNull());
		cJSON_AddItemToArray(models, m);
	}
	text = cJSON_Print(root);
	f = fopen(path, "w");
	if (!f || !text || fputs(text, f) < 0)
		rc = -1;
	if (f && fclose(f))
		rc = -1;
	free(text);
	cJSON_Delete(root);
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "workload", required_argument, NULL, 'w' },
		{ "models", required_argument, NULL, 'M' },
		{ "size", required_argument, NULL, 'z' },
		{ "json", required_argument, NULL, 'j' },
		{ "config", required_argument, NULL, 'C' },
		{ "memory", required_argument, NULL, 'm' },
		{ "timing", required_argument, NULL, 't' },
		{ "kernel-args", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *workload = NULL, *size = "default", *json = NULL;
	char models_buf[256] = "native,native-sw,np,snp", *save = NULL, *tok;
	char *common[16], dir[] = "/tmp/hmvirt-compare-XXXXXX";
	struct result r[MAX_MODELS];
	cJSON *stats[MAX_MODELS] = { 0 };
	int n = 0, nc = 0, c, rc = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":m:h", lo, NULL)) != -1) {
		switch (c) {
		case 'w': workload = optarg; break;
		case 'M':
			if (strlen(optarg) >= sizeof models_buf)
				return bad("--models too long", NULL);
			strcpy(models_buf, optarg);
			break;
		case 'z': size = optarg; break;
		case 'j': json = optarg; break;
		case 'C': common[nc++] = "--config"; common[nc++] = optarg; break;
		case 'm': common[nc++] = "-m"; common[nc++] = optarg; break;
		case 't': common[nc++] = "--timing"; common[nc++] = optarg; break;
		case 'k': common[nc++] = "--kernel-args"; common[nc++] = optarg; break;
		case 'h': usage(stdout); return 0;
		case ':': return bad("option needs a value:", argv[optind - 1]);
		default: return bad("unknown option (try --help):", argv[optind - 1]);
		}
		if (nc > 12)
			return bad("too many options", NULL);
	}
	if (optind < argc)
		return bad("unexpected argument (try --help):", argv[optind]);
	if (!workload)
		return bad("no --workload (try --help)", NULL);
	common[nc++] = "--workload";
	common[nc++] = (char *)workload;
	common[nc++] = "--size";
	common[nc++] = (char *)size;
	for (tok = strtok_r(models_buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == MAX_MODELS)
			return bad("too many models", NULL);
		for (int i = 0; i < n; i++)
			if (!strcmp(r[i].model, tok))
				return bad("model named twice:", tok);
		if (!run_model_available(tok))
			return bad("unknown or not yet available model:", tok);
		memset(&r[n], 0, sizeof r[n]);
		r[n++].model = tok;
	}
	if (!n)
		return bad("no model in --models", NULL);
	if (!mkdtemp(dir))
		return bad("cannot create a temporary directory in /tmp", NULL);

	for (int i = 0; i < n; i++) {
		snprintf(r[i].out, sizeof r[i].out, "%s/%s.out", dir, r[i].model);
		snprintf(r[i].json, sizeof r[i].json, "%s/%s.json", dir, r[i].model);
		fprintf(stderr, "hmvirt compare: %s under %s...\n", workload, r[i].model);
		r[i].status = run_model(&r[i], common, nc);
		if (r[i].status == EXIT_BAD_INPUT && i == 0) {
			/* the arguments themselves: show run's one line and stop */
			char *msg = slurp(r[i].out);
			fprintf(stderr, "%s", msg ? msg : "hmvirt compare: bad input\n");
			free(msg);
			rc = EXIT_BAD_INPUT;
			goto out;
		}
		if (r[i].status != 0 || !read_stats(&r[i], &stats[i])) {
			char *msg = slurp(r[i].out);
			fprintf(stderr, "hmvirt compare: %s under %s failed (status %d); its output:\n%s",
				workload, r[i].model, r[i].status, msg ? msg : "");
			free(msg);
			rc = 1;
		}
	}
	for (int i = 1; i < n && rc == 0; i++)
		if (!same_output(r[0].out, r[i].out)) {
			fprintf(stderr, "hmvirt compare: the output of %s under %s differs from %s's "
				"(kept in %s)\n", workload, r[i].model, r[0].model, dir);
			rc = 1;
		}
	if (rc == 0) {
		char *out = slurp(r[0].out);
		printf("hmvirt compare: %s (%s), measured region; the same output under every model:\n",
		       workload, size);
		for (char *l = out ? strtok(out, "\n") : NULL; l; l = strtok(NULL, "\n"))
			if (!strncmp(l, workload, strlen(workload)))
				printf("  %s\n", l);
		free(out);
		print_table(r, n);
	}
	if (json && write_json(json, workload, size, r, stats, n) < 0) {
		fprintf(stderr, "hmvirt compare: cannot write %s\n", json);
		rc = rc ? rc : EXIT_BAD_INPUT;
	}
out:
	for (int i = 0; i < n; i++) {
		cJSON_Delete(stats[i]);
		if (rc != 1) {
			unlink(r[i].out);
			unlink(r[i].json);
		}
	}
	if (rc != 1)
		rmdir(dir);
	return rc;
}
