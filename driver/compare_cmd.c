/*
 * `hmvirt compare`: workloads under several models, side by side
 * (DESIGN.md layer 6). Each model is one `hmvirt run` of this same
 * program in a child process, with its statistics in a JSON file; the
 * workloads' output must be the same under every model (DESIGN.md: guest
 * output is identical across models), and the table gives each model's
 * measured-region cycles, its overhead against native (and snp's against
 * native-sw), where the instructions ran and what translation cost. With
 * several workloads, a matrix of overheads closes the report; --csv and
 * --plot (gnuplot) write it for papers and spreadsheets.
 */
#include <dirent.h>
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
		"usage: hmvirt compare --workload LIST [--models LIST] [options]\n"
		"\n"
		"Runs each workload under each model (hmvirt run), checks that the workload's\n"
		"output is the same under all of them, and prints their measured regions side\n"
		"by side: cycles and the overhead against native (snp also against\n"
		"native-sw), instructions by who ran them, TLB misses, walks, firmware\n"
		"refills, VM exits and page faults; with several workloads, then a matrix\n"
		"of the overheads.\n"
		"\n"
		"options:\n"
		"  --workload LIST    comma-separated names, as hmvirt run (gups chase stream\n"
		"                     forkbench execbench mmapbench pagefault ctxsw mix), or all\n"
		"  --models LIST      comma-separated, in the table's order (default:\n"
		"                     native,native-sw,np,snp)\n"
		"  --size SIZE        small or default (the default)\n"
		"  --json FILE        the results as JSON, with each model's full statistics\n"
		"  --csv FILE         one line per workload and model: the table's columns\n"
		"  --plot FILE        the overheads as a bar chart, PNG (gnuplot)\n"
		"  --config FILE, -m SIZE, --timing on|off, --kernel-args ARGS: as hmvirt run\n"
		"  -h, --help         this text\n"
		"\n"
		"Exit status: 0 when every model ran every workload to exit status 0 with the\n"
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

static cJSON *workload_json(const char *workload, const char *size, const struct result *r,
			    cJSON **stats, int n)
{
	cJSON *w = cJSON_CreateObject(), *models = NULL;

	cJSON_AddStringToObject(w, "workload", workload);
	cJSON_AddStringToObject(w, "size", size);
	models = cJSON_AddArrayToObject(w, "models");
	for (int i = 0; i < n; i++) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "model", r[i].model);
		cJSON_AddNumberToObject(m, "status", r[i].status);
		cJSON_AddItemToObject(m, "stats", stats[i] ? cJSON_Duplicate(stats[i], true) : cJSON_CreateNull());
		cJSON_AddItemToArray(models, m);
	}
	return w;
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int rc = f && text && fputs(text, f) >= 0 ? 0 : -1;

	if (f && fclose(f))
		rc = -1;
	return rc;
}

static void csv_rows(FILE *f, const char *workload, const struct result *r, int n)
{
	const struct result *native = NULL;

	for (int i = 0; i < n; i++)
		if (!strcmp(r[i].model, "native"))
			native = &r[i];
	for (int i = 0; i < n; i++)
		fprintf(f, "%s,%s,%.0f,%.4f,%.0f,%.0f,%.0f,%.3f,%.3f,%.0f,%.3f,%.0f,%.0f,%.0f\n", workload,
			r[i].model, r[i].cycles,
			native && native->cycles ? r[i].cycles / native->cycles - 1 : 0.0, r[i].guest, r[i].fw,
			r[i].hyp, r[i].l1_mpki, r[i].l2_mpki, r[i].walks + r[i].gwalks,
			r[i].walks ? r[i].refs / r[i].walks : 0.0, r[i].refills, r[i].exits, r[i].faults);
}

/* The overheads against native as a clustered bar chart: gnuplot reads a
 * table of one line per workload, one column per model. */
static int plot(const char *png, const char *dir, char (*names)[32], double (*over)[MAX_MODELS], int nw,
		const struct result *r, int n)
{
	char data[PATH_MAX], script[PATH_MAX], cmd[2 * PATH_MAX + 64];
	FILE *f;
	int rc;

	snprintf(data, sizeof data, "%s/overheads.dat", dir);
	snprintf(script, sizeof script, "%s/overheads.gp", dir);
	if (!(f = fopen(data, "w")))
		return -1;
	fprintf(f, "workload");
	for (int i = 0; i < n; i++)
		fprintf(f, " %s", r[i].model);
	fprintf(f, "\n");
	for (int w = 0; w < nw; w++) {
		fprintf(f, "%s", names[w]);
		for (int i = 0; i < n; i++)
			fprintf(f, " %.3f", over[w][i] * 100);
		fprintf(f, "\n");
	}
	fclose(f);
	if (!(f = fopen(script, "w")))
		return -1;
	fprintf(f, "set terminal pngcairo size 1000,500\nset output '%s'\n"
		   "set style data histograms\nset style histogram clustered gap 1\n"
		   "set style fill solid 0.8 border -1\nset key autotitle columnhead top left\n"
		   "set ylabel 'cycles over native (%%)'\nset grid ytics\nset xtics nomirror\n"
		   "set title 'hmvirt compare: overhead of each model, measured region'\n"
		   "plot for [i=2:%d] '%s' using i:xtic(1)\n", png, n + 1, data);
	fclose(f);
	snprintf(cmd, sizeof cmd, "gnuplot '%s' 2>&1", script);
	rc = system(cmd);
	return rc == 0 ? 0 : -1;
}

/* Removes the files of a flat temporary directory, then the directory. */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX + 260];

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
	rmdir(dir);
}

int cmd_compare(int argc, char **argv)
{
	static const char *const all = "gups,chase,stream,forkbench,execbench,mmapbench,pagefault,ctxsw,mix";
	static const struct option lo[] = {
		{ "workload", required_argument, NULL, 'w' },
		{ "models", required_argument, NULL, 'M' },
		{ "size", required_argument, NULL, 'z' },
		{ "json", required_argument, NULL, 'j' },
		{ "csv", required_argument, NULL, 'v' },
		{ "plot", required_argument, NULL, 'p' },
		{ "config", required_argument, NULL, 'C' },
		{ "memory", required_argument, NULL, 'm' },
		{ "timing", required_argument, NULL, 't' },
		{ "kernel-args", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *size = "default", *json = NULL, *csv = NULL, *png = NULL;
	char models_buf[256] = "native,native-sw,np,snp", work_buf[256] = "", *save = NULL, *tok;
	char *common[20], dir[] = "/tmp/hmvirt-compare-XXXXXX";
	char names[16][32];
	double over[16][MAX_MODELS];
	struct result r[MAX_MODELS];
	cJSON *stats[MAX_MODELS] = { 0 }, *root = NULL, *jw = NULL;
	FILE *csvf = NULL;
	int n = 0, nw = 0, nc = 0, c, rc = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":m:h", lo, NULL)) != -1) {
		switch (c) {
		case 'w':
		case 'M':
			if (strlen(optarg) >= sizeof models_buf)
				return bad("list too long:", optarg);
			strcpy(c == 'w' ? work_buf : models_buf, strcmp(optarg, "all") || c != 'w' ? optarg : all);
			break;
		case 'z': size = optarg; break;
		case 'j': json = optarg; break;
		case 'v': csv = optarg; break;
		case 'p': png = optarg; break;
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
	if (!*work_buf)
		return bad("no --workload (try --help)", NULL);
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
	for (tok = strtok_r(work_buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (nw == 16 || strlen(tok) >= sizeof names[0])
			return bad("too many workloads, or a name too long:", tok);
		strcpy(names[nw++], tok);
	}
	if (!nw)
		return bad("no workload in --workload", NULL);
	if (!mkdtemp(dir))
		return bad("cannot create a temporary directory in /tmp", NULL);
	if (csv) {
		if (!(csvf = fopen(csv, "w"))) {
			fprintf(stderr, "hmvirt compare: cannot write %s\n", csv);
			rmdir(dir);
			return EXIT_BAD_INPUT;
		}
		fprintf(csvf, "workload,model,cycles,overhead,guest_insns,fw_insns,hyp_insns,l1_tlb_mpki,"
			      "l2_tlb_mpki,walks,refs_per_walk,refills,vm_exits,page_faults\n");
	}
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "format", "hmvirt-compare-2");
	jw = cJSON_AddArrayToObject(root, "workloads");

	for (int w = 0; w < nw && rc != EXIT_BAD_INPUT; w++) {
		const char *workload = names[w];
		int wrc = 0;

		common[nc] = "--workload";
		common[nc + 1] = (char *)workload;
		common[nc + 2] = "--size";
		common[nc + 3] = (char *)size;
		for (int i = 0; i < n; i++) {
			snprintf(r[i].out, sizeof r[i].out, "%s/%s-%s.out", dir, workload, r[i].model);
			snprintf(r[i].json, sizeof r[i].json, "%s/%s-%s.json", dir, workload, r[i].model);
			fprintf(stderr, "hmvirt compare: %s under %s...\n", workload, r[i].model);
			r[i].status = run_model(&r[i], common, nc + 4);
			cJSON_Delete(stats[i]);
			stats[i] = NULL;
			if (r[i].status == EXIT_BAD_INPUT && i == 0) {
				/* the arguments themselves: show run's one line and stop */
				char *msg = slurp(r[i].out);
				fprintf(stderr, "%s", msg ? msg : "hmvirt compare: bad input\n");
				free(msg);
				wrc = rc = EXIT_BAD_INPUT;
				break;
			}
			if (r[i].status != 0 || !read_stats(&r[i], &stats[i])) {
				char *msg = slurp(r[i].out);
				fprintf(stderr, "hmvirt compare: %s under %s failed (status %d); its output:\n%s",
					workload, r[i].model, r[i].status, msg ? msg : "");
				free(msg);
				wrc = 1;
			}
		}
		for (int i = 1; i < n && wrc == 0; i++)
			if (!same_output(r[0].out, r[i].out)) {
				fprintf(stderr, "hmvirt compare: the output of %s under %s differs from %s's "
					"(kept in %s)\n", workload, r[i].model, r[0].model, dir);
				wrc = 1;
			}
		if (wrc == 0) {
			char *out = slurp(r[0].out);
			printf("%shmvirt compare: %s (%s), measured region; the same output under every model:\n",
			       w ? "\n" : "", workload, size);
			for (char *l = out ? strtok(out, "\n") : NULL; l; l = strtok(NULL, "\n"))
				if (!strncmp(l, workload, strlen(workload)))
					printf("  %s\n", l);
			free(out);
			print_table(r, n);
			if (csvf)
				csv_rows(csvf, workload, r, n);
		}
		for (int i = 0; i < n; i++) {
			const struct result *native = NULL;
			for (int k = 0; k < n; k++)
				if (!strcmp(r[k].model, "native"))
					native = &r[k];
			over[w][i] = wrc == 0 && native && native->cycles ? r[i].cycles / native->cycles - 1 : 0.0;
		}
		if (wrc != EXIT_BAD_INPUT)
			cJSON_AddItemToArray(jw, workload_json(workload, size, r, stats, n));
		if (wrc && !rc)
			rc = wrc;
	}
	if (rc == 0 && nw > 1) {
		printf("\noverhead against native, measured region (%s):\n%-10s", size, "workload");
		for (int i = 0; i < n; i++)
			printf(" %10s", r[i].model);
		printf("\n");
		for (int w = 0; w < nw; w++) {
			printf("%-10s", names[w]);
			for (int i = 0; i < n; i++)
				printf(" %+9.1f%%", over[w][i] * 100);
			printf("\n");
		}
	}
	if (csvf && fclose(csvf)) {
		fprintf(stderr, "hmvirt compare: cannot write %s\n", csv);
		rc = rc ? rc : EXIT_BAD_INPUT;
	}
	if (json) {
		char *text = cJSON_Print(root);
		if (write_text(json, text) < 0) {
			fprintf(stderr, "hmvirt compare: cannot write %s\n", json);
			rc = rc ? rc : EXIT_BAD_INPUT;
		}
		free(text);
	}
	if (png && rc == 0 && plot(png, dir, names, over, nw, r, n) < 0) {
		fprintf(stderr, "hmvirt compare: gnuplot could not write %s\n", png);
		rc = 1;
	}
	cJSON_Delete(root);
	for (int i = 0; i < n; i++)
		cJSON_Delete(stats[i]);
	if (rc != 1)
		remove_dir(dir);
	return rc;
}
