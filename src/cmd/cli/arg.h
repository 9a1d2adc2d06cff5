/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Numbers and IDs on the command line: the one parser of every command of
 * ioasidctl and ioasidtop (ioasidctl(8), "Numbers and IDs").
 *
 * The rule: decimal digits only. No sign, no blank before or after, no 0x
 * (refused, and the message says so), no exponent; leading zeros are read
 * as decimal (010 is ten, as `set show` always read it). The range is the
 * argument's: IDs (sets, IOASIDs, SPIDs) 0 to 4294967295, process IDs 1 to
 * 2147483647, counts and sizes their own, limits also take "max". A
 * refusal is one line naming the argument, exit status 2:
 *
 *   NAME: 'VALUE' is not a decimal number from MIN to MAX
 *
 * with ", or max" for limits, "of seconds" or "of bytes" for durations and
 * sizes, " (0x is not accepted)" when VALUE starts with 0x, and " (too
 * large for 64 bits)" when it is digits past 18446744073709551615.
 */
#ifndef IOASIDCTL_CLI_ARG_H
#define IOASIDCTL_CLI_ARG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"

/* The largest process ID the kernel can give (PID_MAX_LIMIT is below it;
 * pid_t is a signed 32-bit integer). */
#define CLI_PID_MAX INT32_MAX

/* The parsers themselves, which print nothing: 0 with *v set, or -EINVAL
 * with the refusal's text after "NAME: " in why (ioasidtop prints it with
 * its own name; ioasidctl through the cli_arg_* functions below). */
int cli_num_parse(const char *s, uint64_t min, uint64_t max, uint64_t *v, char *why, size_t len);
/* A cgroup limit: a number from 0 to IOASID_CGROUP_LIMIT_MAX - 1, or the
 * word max (*v = IOASID_CGROUP_LIMIT_MAX, the value the kernel means). */
int cli_limit_parse(const char *s, uint64_t *v, char *why, size_t len);
/* Seconds: digits, optionally a point and more digits ("0.5", "10"). */
int cli_sec_parse(const char *s, double min, double max, double *v, char *why, size_t len);
/* Bytes: digits, optionally K or M (KiB, MiB), from min to max. */
int cli_size_parse(const char *s, uint64_t min, uint64_t max, uint64_t *v, char *why, size_t len);

/* ioasidctl's: parse, or print the one line (cli_error, with -J also the
 * JSON error object) and return EXIT_USAGE. name is the option ("--set")
 * or the positional argument as the usage line names it ("ID"). */
int cli_arg_num(struct cli *c, const char *name, const char *s, uint64_t min, uint64_t max,
		uint64_t *v);
/* an ID: 0 to UINT32_MAX */
int cli_arg_id(struct cli *c, const char *name, const char *s, uint32_t *v);
/* a number from min to max that fits 32 bits */
int cli_arg_u32(struct cli *c, const char *name, const char *s, uint32_t min, uint32_t max,
		uint32_t *v);
/* a process ID: 1 to CLI_PID_MAX */
int cli_arg_pid(struct cli *c, const char *name, const char *s, int32_t *pid);
int cli_arg_limit(struct cli *c, const char *name, const char *s, uint64_t *v);
int cli_arg_sec(struct cli *c, const char *name, const char *s, double min, double max, double *v);
int cli_arg_size(struct cli *c, const char *name, const char *s, uint64_t min, uint64_t max,
		 uint64_t *v);

#endif
