/*
 * hmvirt: the command-line program. Subcommands:
 *   machine   run the bare board (firmware, optional kernel), like QEMU.
 *   run       one workload under one model on the whole stack.
 *   compare   one workload under several models, side by side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

static void usage_top(FILE *f)
{
	fprintf(f,
		"usage: hmvirt COMMAND [options]\n"
		"\n"
		"commands:\n"
		"  machine   run the bare virt board: firmware, optional kernel\n"
		"  run       run a workload under a model on firmware, kernel and initramfs\n"
		"  compare   run a workload under several models and compare them\n"
		"\n"
		"'hmvirt COMMAND --help' describes a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage_top(stderr);
		return EXIT_BAD_INPUT;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage_top(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "machine"))
		return cmd_machine(argc - 1, argv + 1);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "compare"))
		return cmd_compare(argc - 1, argv + 1);
	fprintf(stderr, "hmvirt: unknown command '%s' (try 'hmvirt --help')\n", argv[1]);
	return EXIT_BAD_INPUT;
}
