/*
 * The driver layer: subcommands of the hmvirt program and their shared
 * helpers (option parsing, exit statuses).
 */
#ifndef DRIVER_H
#define DRIVER_H

#include <stdbool.h>
#include <stdint.h>

struct machine;

/* Exit statuses of hmvirt besides the guest's own finisher code. */
#define EXIT_BAD_INPUT   2   /* bad command line, file or size */
#define EXIT_MAX_INSNS   3   /* --max-insns reached before the guest stopped */
#define EXIT_HUNG        4   /* the hart waits for an interrupt that cannot come */

int cmd_machine(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_compare(int argc, char **argv);
bool run_model_available(const char *model);
bool parse_size(const char *s, uint64_t *out);
bool parse_u64(const char *s, uint64_t *out);

/* stats_report.c: the statistics as JSON (--stats) and for people. */
#include <stdio.h>
int stats_write_json(struct machine *m, const char *path, int status, double seconds);
void stats_print_summary(struct machine *m, FILE *f);

/* gdbstub.c: serve one GDB connection on a TCP port; returns the exit status. */
int gdbstub_run(struct machine *m, int port);

#endif
