/*
 * `hmvirt run`: one workload under one model on the whole stack -- the
 * project's firmware (hmfw), guest kernel and initramfs -- with the
 * timing model on, the workload's output on stdout, the statistics
 * summary of its measured region on stderr, and the workload's exit
 * status as hmvirt's (DESIGN.md layer 6). It is `hmvirt machine` with the
 * stack's files and the model filled in.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver.h"

static const char *const workloads[] = {
	"gups", "chase", "stream", "forkbench", "execbench", "mmapbench", "pagefault", "ctxsw", "mix",
};

/* The models this build runs: the first two natively, np and snp in a VM
 * under the hypervisor (hyp/), which boots the same kernel as its guest. */
static const char *const models[] = { "native", "native-sw", "np", "snp" };

bool run_model_available(const char *model)
{
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (!strcmp(model, models[i]))
			return true;
	return false;
}

static bool virtualized(const char *model)
{
	return !strcmp(model, "np") || !strcmp(model, "snp");
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hmvirt run --model MODEL --workload NAME [options]\n"
		"\n"
		"Boots the project's firmware, guest kernel and workloads on the machine with\n"
		"the timing model on, runs one workload, prints its output and the statistics\n"
		"of its measured region, and exits with the workload's status.\n"
		"\n"
		"options:\n"
		"  --model MODEL      native (hardware walks), native-sw (TLB misses refilled\n"
		"                     by the firmware's software walker), np (the kernel in a VM\n"
		"                     under the hypervisor, hardware 2D walks) or snp (the same,\n"
		"                     2D walks by the firmware)\n"
		"  --workload NAME    gups chase stream forkbench execbench mmapbench pagefault\n"
		"                     ctxsw mix\n"
		"  --size SIZE        small (tests) or default (experiments; the default)\n"
		"  --stats FILE       also write the statistics as JSON (see hmvirt machine)\n"
		"  --timing on|off    the timing model (default on)\n"
		"  --config FILE      structure sizes and latencies (INI, configs/default.ini)\n"
		"  -m, --memory SIZE  guest RAM (default 512M)\n"
		"  --max-insns N      stop after N instructions\n"
		"  --kernel-args ARGS kernel options before the workload (kpages=4k, asids=N)\n"
		"  -q, --quiet        no summary line at exit\n"
		"  -h, --help         this text\n"
		"\n"
		"The stack's files are found next to the hmvirt program: firmware/hmfw.elf,\n"
		"kernel/kernel.elf and user/initramfs.cpio; for np and snp hyp/hyp.elf and\n"
		"hyp/guest.cpio (the kernel and the initramfs as the hypervisor's guest).\n"
		"What `make` builds.\n");
}

static int bad(const char *msg, const char *arg)
{
	fprintf(stderr, "hmvirt run: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
	return EXIT_BAD_INPUT;
}

static bool one_of(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

/* dir/name into buf, which must name an existing regular file. */
static bool stack_file(char *buf, size_t len, const char *dir, const char *name)
{
	struct stat st;

	if ((size_t)snprintf(buf, len, "%s/%s", dir, name) >= len)
		return false;
	return stat(buf, &st) == 0 && S_ISREG(st.st_mode);
}

int cmd_run(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "model", required_argument, NULL, 'M' },
		{ "workload", required_argument, NULL, 'w' },
		{ "size", required_argument, NULL, 'z' },
		{ "stats", required_argument, NULL, 'S' },
		{ "timing", required_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'C' },
		{ "memory", required_argument, NULL, 'm' },
		{ "max-insns", required_argument, NULL, 'n' },
		{ "kernel-args", required_argument, NULL, 'k' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *model = NULL, *workload = NULL, *size = "default", *stats = NULL;
	const char *timing = "on", *config = NULL, *memory = "512M", *max_insns = NULL;
	const char *kargs = "";
	bool quiet = false;
	char exe[PATH_MAX], fw[PATH_MAX + 32], kernel[PATH_MAX + 32], initrd[PATH_MAX + 32];
	char append[512], *slash, *margv[32];
	int margc = 0, c;
	ssize_t n;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":m:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'M': model = optarg; break;
		case 'w': workload = optarg; break;
		case 'z': size = optarg; break;
		case 'S': stats = optarg; break;
		case 't': timing = optarg; break;
		case 'C': config = optarg; break;
		case 'm': memory = optarg; break;
		case 'n': max_insns = optarg; break;
		case 'k': kargs = optarg; break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout); return 0;
		case ':': return bad("option needs a value:", argv[optind - 1]);
		default: return bad("unknown option (try --help):", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad("unexpected argument (try --help):", argv[optind]);
	if (!model)
		return bad("no --model (native or native-sw)", NULL);
	if (!one_of(model, models, NELEM(models)))
		return bad("unknown or not yet available --model (native, native-sw, np, snp):", model);
	if (!workload)
		return bad("no --workload (try --help for the list)", NULL);
	if (!one_of(workload, workloads, NELEM(workloads)))
		return bad("unknown --workload (gups chase stream forkbench execbench mmapbench "
			   "pagefault ctxsw mix):", workload);
	if (strcmp(size, "small") && strcmp(size, "default"))
		return bad("bad --size (small or default):", size);
	if (strcmp(timing, "on") && strcmp(timing, "off"))
		return bad("bad --timing (on or off):", timing);
	if (strchr(kargs, '\n') || strstr(kargs, "--"))
		return bad("bad --kernel-args (kernel options only, no '--'):", kargs);

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return bad("cannot find the hmvirt program's directory", NULL);
	exe[n] = 0;
	slash = strrchr(exe, '/');
	*slash = 0;
	{
		const char *kname = virtualized(model) ? "hyp/hyp.elf" : "kernel/kernel.elf";
		const char *iname = virtualized(model) ? "hyp/guest.cpio" : "user/initramfs.cpio";

		if (!stack_file(fw, sizeof fw, exe, "firmware/hmfw.elf") ||
		    !stack_file(kernel, sizeof kernel, exe, kname) ||
		    !stack_file(initrd, sizeof initrd, exe, iname)) {
			fprintf(stderr, "hmvirt run: the stack is not built next to %s/hmvirt "
				"(firmware/hmfw.elf, %s, %s): run make\n", exe, kname, iname);
			return EXIT_BAD_INPUT;
		}
	}
	if ((size_t)snprintf(append, sizeof append, "%s%s-- %s %s", kargs, *kargs ? " " : "", workload,
			     size) >= sizeof append)
		return bad("--kernel-args too long", NULL);

	margv[margc++] = "machine";
	margv[margc++] = "--bios";
	margv[margc++] = fw;
	margv[margc++] = "--kernel";
	margv[margc++] = kernel;
	margv[margc++] = "--initrd";
	margv[margc++] = initrd;
	margv[margc++] = "--append";
	margv[margc++] = append;
	margv[margc++] = "--model";
	margv[margc++] = (char *)model;
	margv[margc++] = "-m";
	margv[margc++] = (char *)memory;
	margv[margc++] = "--timing";
	margv[margc++] = (char *)timing;
	margv[margc++] = stats ? "--stats" : "--summary";
	if (stats)
		margv[margc++] = (char *)stats;
	if (config) {
		margv[margc++] = "--config";
		margv[margc++] = (char *)config;
	}
	if (max_insns) {
		margv[margc++] = "--max-insns";
		margv[margc++] = (char *)max_insns;
	}
	if (quiet)
		margv[margc++] = "-q";
	margv[margc] = NULL;
	return cmd_machine(margc, margv);
}
