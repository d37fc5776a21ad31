/*
 * `hmvirt machine`: the bare board, in the spirit of qemu-system-riscv64
 * -machine virt. Loads --bios at 0x8000_0000 and --kernel where OpenSBI's
 * fw_jump expects it, boots, and exits with the guest's finisher code.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "machine.h"
#include "driver.h"

#define DEFAULT_BIOS "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hmvirt machine [options]\n"
		"\n"
		"Runs the virt board: one RV64IMAC hart with M/S/U modes and the hypervisor\n"
		"extension (HS/VS/VU), Sv39/Sv48 and Sv39x4/Sv48x4 two-stage translation,\n"
		"RAM at 0x80000000, ns16550a UART, CLINT, PLIC, SiFive test finisher.\n"
		"The exit status is the guest's finisher code.\n"
		"\n"
		"options:\n"
		"  --bios FILE        firmware, ELF or raw image at 0x80000000\n"
		"                     (default with --kernel: Debian's OpenSBI fw_jump.elf)\n"
		"  --kernel FILE      next stage, ELF or raw image at 0x80200000 (fw_jump's\n"
		"                     address), announced in fw_dynamic_info (a2)\n"
		"  --append ARGS      kernel command line (/chosen/bootargs)\n"
		"  --initrd FILE      initial RAM disk, loaded as QEMU virt loads it (/chosen linux,initrd-*)\n"
		"  --model NAME       the memory-virtualization model, for the firmware: written to\n"
		"                     /chosen hmvirt,model, which hmfw selects at boot (native,\n"
		"                     native-sw, np, snp); other firmware ignores it\n"
		"  -m, --memory SIZE  RAM size: 256M, 2G, 64G... (plain number: MiB; default 256M)\n"
		"  --max-insns N      stop after N instructions (exit status %d)\n"
		"  --trace[=FILE]     one line per instruction: pc, mode, raw bits, mnemonic\n"
		"                     (to stderr, or FILE)\n"
		"  --gdb PORT         wait for GDB (gdb-multiarch: target remote :PORT)\n"
		"  --timing on|off    the timing model: caches, latencies, cycle accounting\n"
		"                     (default off: one cycle per instruction)\n"
		"  --config FILE      structure sizes and latencies (INI; configs/default.ini\n"
		"                     documents every key and the built-in defaults)\n"
		"  --stats FILE       write the run's statistics as JSON to FILE (the measured\n"
		"                     region of slti x0,x0,1..2 and the whole run) and print a\n"
		"                     summary on stderr\n"
		"  --summary          the statistics summary on stderr without a JSON file\n"
		"  --traps            at exit, the traps taken by (from mode, to mode, cause),\n"
		"                     one line each: hmvirt: traps VS->HS virtual-instruction(22) N\n"
		"  -q, --quiet        no summary line at exit\n"
		"  -h, --help         this text\n"
		"\n"
		"At exit a summary line on stderr: hmvirt: exit=N instret=N cycles=N mtime=N\n"
		"seconds=S mips=M. Status %d: bad input; %d: the hart waits forever.\n",
		EXIT_MAX_INSNS, EXIT_BAD_INPUT, EXIT_HUNG);
}

bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	if (!*s || *s == '-')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return !errno && !*end;
}

/* A size with an optional K/M/G/T suffix; a plain number is MiB, as in QEMU. */
bool parse_size(const char *s, uint64_t *out)
{
	char *end;
	uint64_t v, mul = 1ull << 20;
	if (!*s || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return false;
	if (*end) {
		switch (*end) {
		case 'k': case 'K': mul = 1ull << 10; break;
		case 'm': case 'M': mul = 1ull << 20; break;
		case 'g': case 'G': mul = 1ull << 30; break;
		case 't': case 'T': mul = 1ull << 40; break;
		default: return false;
		}
		if (end[1] && strcmp(end + 1, "iB") && strcmp(end + 1, "B"))
			return false;
	}
	if (v > ~0ull / mul)
		return false;
	*out = v * mul;
	return true;
}

struct opts {
	const char *bios, *kernel, *append, *trace, *initrd, *model;
	uint64_t ram, max_insns;
	int gdb_port;
	bool trace_on, quiet, traps, timing, summary;
	const char *config, *stats;
};

static int bad(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "hmvirt machine: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return EXIT_BAD_INPUT;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "bios", required_argument, NULL, 'b' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "append", required_argument, NULL, 'a' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "model", required_argument, NULL, 'o' },
		{ "summary", no_argument, NULL, 's' },
		{ "memory", required_argument, NULL, 'm' },
		{ "max-insns", required_argument, NULL, 'n' },
		{ "trace", optional_argument, NULL, 't' },
		{ "gdb", required_argument, NULL, 'g' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "traps", no_argument, NULL, 'T' },
		{ "timing", required_argument, NULL, 'M' },
		{ "config", required_argument, NULL, 'C' },
		{ "stats", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;
	uint64_t v;

	memset(o, 0, sizeof *o);
	o->ram = 256ull << 20;
	o->gdb_port = -1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":m:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'b': o->bios = optarg; break;
		case 'k': o->kernel = optarg; break;
		case 'a': o->append = optarg; break;
		case 'i': o->initrd = optarg; break;
		case 'o': o->model = optarg; break;
		case 's': o->summary = true; break;
		case 'm':
			if (!parse_size(optarg, &o->ram))
				return bad("bad memory size '%s'%s (examples: 256M, 4G)", optarg, "");
			break;
		case 'n':
			if (!parse_u64(optarg, &o->max_insns) || !o->max_insns)
				return bad("bad --max-insns '%s'%s (a positive number)", optarg, "");
			break;
		case 't': o->trace_on = true; o->trace = optarg; break;
		case 'g':
			if (!parse_u64(optarg, &v) || v == 0 || v > 65535)
				return bad("bad --gdb port '%s'%s", optarg, "");
			o->gdb_port = (int)v;
			break;
		case 'q': o->quiet = true; break;
		case 'T': o->traps = true; break;
		case 'M':
			if (strcmp(optarg, "on") && strcmp(optarg, "off"))
				return bad("bad --timing '%s'%s (on or off)", optarg, "");
			o->timing = !strcmp(optarg, "on");
			break;
		case 'C': o->config = optarg; break;
		case 'S': o->stats = optarg; break;
		case 'h': usage(stdout); return -1;
		case ':': return bad("option '%s' needs a value%s", argv[optind - 1], "");
		default: return bad("unknown option '%s'%s (try --help)", argv[optind - 1], "");
		}
	}
	if (optind < argc)
		return bad("unexpected argument '%s'%s (try --help)", argv[optind], "");
	if (!o->bios && o->kernel)
		o->bios = DEFAULT_BIOS;
	if (!o->bios)
		return bad("no firmware: give --bios FILE%s%s", "", "");
	return 0;
}

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int load(struct machine *m, const char *what, const char *path, uint64_t addr, uint64_t *entry)
{
	char err[160];
	int rc = load_image(m, path, addr, entry, err, sizeof err);
	if (rc < 0)
		fprintf(stderr, "hmvirt machine: %s %s: %s\n", what, path, err);
	return rc;
}

int cmd_machine(int argc, char **argv)
{
	static struct machine m;
	struct opts o;
	uint64_t entry, kentry = 0;
	int rc, status;
	double t0, secs;

	rc = parse(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	rc = machine_init(&m, o.ram);
	if (rc == ERR_RANGE) {
		fprintf(stderr, "hmvirt machine: memory size %llu bytes does not fit the board "
			"(%llu MiB to %llu GiB, whole pages)\n", (unsigned long long)o.ram,
			MACHINE_RAM_MIN >> 20, MACHINE_RAM_MAX >> 30);
		return EXIT_BAD_INPUT;
	}
	if (rc < 0) {
		fprintf(stderr, "hmvirt machine: cannot reserve %llu bytes of RAM: %s\n",
			(unsigned long long)o.ram, err_str(rc));
		return EXIT_BAD_INPUT;
	}
	if (o.config) {
		struct timing_config cfg = m.cfg;
		char err[256];
		if (timing_config_load(&cfg, o.config, err, sizeof err) < 0) {
			fprintf(stderr, "hmvirt machine: %s\n", err);
			machine_free(&m);
			return EXIT_BAD_INPUT;
		}
		if (machine_configure(&m, &cfg) != ERR_OK) {
			fprintf(stderr, "hmvirt machine: %s: the configuration does not fit in memory\n", o.config);
			machine_free(&m);
			return EXIT_BAD_INPUT;
		}
	}
	if (o.timing && timing_enable(&m, true) < 0) {
		fprintf(stderr, "hmvirt machine: cannot build the caches of the timing model\n");
		machine_free(&m);
		return EXIT_BAD_INPUT;
	}
	if (load(&m, "--bios", o.bios, VIRT_DRAM_BASE, &entry) < 0 ||
	    (o.kernel && load(&m, "--kernel", o.kernel, VIRT_KERNEL_ADDR, &kentry) < 0)) {
		machine_free(&m);
		return EXIT_BAD_INPUT;
	}
	if (o.initrd) {
		char err[160];
		if (load_initrd(&m, o.initrd, err, sizeof err) < 0) {
			fprintf(stderr, "hmvirt machine: --initrd %s: %s\n", o.initrd, err);
			machine_free(&m);
			return EXIT_BAD_INPUT;
		}
	}
	m.model_name = o.model;
	rc = machine_boot_setup(&m, kentry, o.kernel != NULL, o.append);
	if (rc < 0) {
		fprintf(stderr, "hmvirt machine: cannot build the device tree: %s\n", err_str(rc));
		machine_free(&m);
		return EXIT_BAD_INPUT;
	}
	if (o.trace_on) {
		m.trace = o.trace ? fopen(o.trace, "w") : stderr;
		if (!m.trace) {
			fprintf(stderr, "hmvirt machine: cannot write trace file %s\n", o.trace);
			machine_free(&m);
			return EXIT_BAD_INPUT;
		}
	}
	m.max_insns = o.max_insns;
	uart_init(&m.uart, isatty(0) || o.gdb_port < 0 ? 0 : -1, stdout);

	t0 = now_seconds();
	if (o.gdb_port >= 0) {
		status = gdbstub_run(&m, o.gdb_port);
	} else {
		machine_run(&m, 0);
		switch (m.stop) {
		case STOP_FINISHER:
			status = m.exit_code;
			break;
		case STOP_MAX_INSNS:
			fprintf(stderr, "hmvirt: stopped at --max-insns %llu, pc=0x%llx\n",
				(unsigned long long)m.max_insns, (unsigned long long)m.hart.pc);
			status = EXIT_MAX_INSNS;
			break;
		default:
			fprintf(stderr, "hmvirt: the hart waits for an interrupt that cannot come "
				"(wfi at pc=0x%llx, mie=0x%llx)\n", (unsigned long long)m.hart.pc,
				(unsigned long long)m.hart.mie);
			status = EXIT_HUNG;
			break;
		}
	}
	secs = now_seconds() - t0;
	fflush(stdout);
	if (!o.quiet)
		fprintf(stderr, "hmvirt: exit=%d instret=%llu cycles=%llu mtime=%llu seconds=%.3f mips=%.1f\n",
			status, (unsigned long long)hart_instret(&m.hart),
			(unsigned long long)hart_cycles(&m.hart),
			(unsigned long long)hart_mtime(&m.hart), secs,
			secs > 0 ? (double)hart_instret(&m.hart) / secs / 1e6 : 0.0);
	if (o.traps)
		machine_print_traps(&m, stderr);
	if (o.summary && !o.stats)
		stats_print_summary(&m, stderr);
	if (o.stats) {
		stats_print_summary(&m, stderr);
		if (stats_write_json(&m, o.stats, status, secs) < 0 && status == 0)
			status = EXIT_BAD_INPUT;
	}
	if (m.trace && m.trace != stderr)
		fclose(m.trace);
	machine_free(&m);
	return status;
}
