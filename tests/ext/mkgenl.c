// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mkgenl: write stored genl dumps of ioasid-abi(7) for tests and the
 * benchmark, in the emulated host's file layout (SIM-FORMAT.md 2):
 *   ROOT/genl/ioasid/family                      "ioasid <id> 1\n"
 *   ROOT/genl/ioasid/GET_IOASID/chunk-XXXXX      IOASIDs [XXXXX, XXXXX+4095]
 *   ROOT/genl/ioasid/GET_IOASID/done             NLMSG_DONE
 *   ROOT/genl/ioasid/GET_BINDING/set-NNNNNNNNNN  bindings of one set
 *   ROOT/genl/ioasid/GET_BINDING/done
 * Messages are built with libnl (nlmsg_alloc, genlmsg_put, nla_put_*), as a
 * kernel's genl_dumpit() lays them out, never with ioasidctl's code.
 *
 *   mkgenl ROOT < SPEC        one record a line ('#' comments):
 *     ioasid ID SET STATE REFS PRQ [spid=N] [pid=N] [cgroup=P] [device=BDF]
 *     binding ID SET SPID [pid=N] [device=BDF]
 *     raw FILE HEX...         extra bytes appended to GET_IOASID/FILE
 *   IOASIDs must come in ascending order, bindings by set then SPID.
 *   mkgenl --bench ROOT N SETS
 *     N IOASIDs 1..N spread over SETS mm sets (set = 1 + (id-1) % SETS),
 *     states, refs, SPIDs, pids and cgroups varying with the id; also
 *     writes ROOT/list.txt, the same rows as text for cat and awk, and
 *     each set's messages again in GET_IOASID/set/set-NNNNNNNNNN (the
 *     emulated host's per-set files, ioasidctl-sim(8)), each state's in
 *     GET_IOASID/state/state-N (N the IOASID_ATTR_STATE value) and the set
 *     dump GET_SET/chunk-00000 (ioasid-abi(7) version 2).
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "uapi/ioasid.h"

#define FAMILY_ID 30

static const char *root;
static FILE *chunk, *bindf;
static long chunk_no = -1, bind_set = -1;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void mkdirs(const char *sub)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s/%s", root, sub);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST)
				die(p);
			*s = '/';
		}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		die(p);
}

static FILE *open_file(const char *sub, const char *name, const char *mode)
{
	char p[4096];
	FILE *f;

	snprintf(p, sizeof(p), "%s/genl/ioasid/%s/%s", root, sub, name);
	f = fopen(p, mode);
	if (!f)
		die(p);
	return f;
}

/* nla_put_u64_64bit(): a PAD attribute first when the payload would not
 * be 8-byte aligned */
static void put_u64(struct nl_msg *m, int type, uint64_t v)
{
	if ((nlmsg_hdr(m)->nlmsg_len + NLA_HDRLEN) % 8)
		nla_put(m, IOASID_ATTR_PAD, 0, NULL);
	nla_put_u64(m, type, v);
}

static struct nl_msg *new_msg(int cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	if (!m ||
	    !genlmsg_put(m, 0, 0, FAMILY_ID, 0, NLM_F_MULTI, (uint8_t)cmd, IOASID_GENL_VERSION))
		die("nlmsg_alloc");
	return m;
}

static void write_msg(FILE *f, struct nl_msg *m)
{
	struct nlmsghdr *h = nlmsg_hdr(m);

	if (fwrite(h, 1, NLMSG_ALIGN(h->nlmsg_len), f) != NLMSG_ALIGN(h->nlmsg_len))
		die("write");
	nlmsg_free(m);
}

static void write_done(const char *sub)
{
	FILE *f = open_file(sub, "done", "w");
	struct {
		struct nlmsghdr h;
		int status;
	} d = {{sizeof(d), NLMSG_DONE, NLM_F_MULTI, 0, 0}, 0};

	if (fwrite(&d, sizeof(d), 1, f) != 1 || fclose(f))
		die("done");
}

struct rec {
	unsigned long id, set, state, refs, spid, pid;
	unsigned long long prq;
	int has_spid, has_pid;
	const char *cgroup, *device;
};

static void put_ioasid_to(FILE *f, const struct rec *r);

static void put_ioasid(const struct rec *r)
{
	char name[32];

	if ((long)(r->id >> 12) != chunk_no) {
		if (chunk && fclose(chunk))
			die("chunk");
		chunk_no = (long)(r->id >> 12);
		snprintf(name, sizeof(name), "chunk-%05lx", r->id & ~0xfffUL);
		chunk = open_file("GET_IOASID", name, "w");
	}
	put_ioasid_to(chunk, r);
}

static void put_ioasid_to(FILE *f, const struct rec *r)
{
	struct nl_msg *m = new_msg(IOASID_CMD_GET_IOASID);

	/* the attribute order of SIM-FORMAT.md: IOASID SET SPID STATE REFS
	 * PRQ_COUNT PID CGROUP (the reader does not depend on it) */
	nla_put_u32(m, IOASID_ATTR_IOASID, (uint32_t)r->id);
	nla_put_u32(m, IOASID_ATTR_SET, (uint32_t)r->set);
	if (r->has_spid)
		nla_put_u32(m, IOASID_ATTR_SPID, (uint32_t)r->spid);
	nla_put_u32(m, IOASID_ATTR_STATE, (uint32_t)r->state);
	nla_put_u32(m, IOASID_ATTR_REFS, (uint32_t)r->refs);
	put_u64(m, IOASID_ATTR_PRQ_COUNT, r->prq);
	if (r->has_pid)
		nla_put_u32(m, IOASID_ATTR_PID, (uint32_t)r->pid);
	if (r->cgroup)
		nla_put_string(m, IOASID_ATTR_CGROUP, r->cgroup);
	if (r->device)
		nla_put_string(m, IOASID_ATTR_DEVICE, r->device);
	write_msg(f, m);
}

static void put_binding(const struct rec *r)
{
	struct nl_msg *m = new_msg(IOASID_CMD_GET_BINDING);
	char name[32];

	if ((long)r->set != bind_set) {
		if (bindf && fclose(bindf))
			die("binding");
		bind_set = (long)r->set;
		snprintf(name, sizeof(name), "set-%010lu", r->set);
		bindf = open_file("GET_BINDING", name, "w");
	}
	nla_put_u32(m, IOASID_ATTR_IOASID, (uint32_t)r->id);
	nla_put_u32(m, IOASID_ATTR_SET, (uint32_t)r->set);
	nla_put_u32(m, IOASID_ATTR_SPID, (uint32_t)r->spid);
	if (r->has_pid)
		nla_put_u32(m, IOASID_ATTR_PID, (uint32_t)r->pid);
	if (r->device)
		nla_put_string(m, IOASID_ATTR_DEVICE, r->device);
	write_msg(bindf, m);
}

static void opt(struct rec *r, char *tok)
{
	if (!strncmp(tok, "spid=", 5)) {
		r->spid = strtoul(tok + 5, NULL, 0);
		r->has_spid = 1;
	} else if (!strncmp(tok, "pid=", 4)) {
		r->pid = strtoul(tok + 4, NULL, 0);
		r->has_pid = 1;
	} else if (!strncmp(tok, "cgroup=", 7)) {
		r->cgroup = tok + 7;
	} else if (!strncmp(tok, "device=", 7)) {
		r->device = tok + 7;
	} else {
		fprintf(stderr, "mkgenl: unknown field '%s'\n", tok);
		exit(2);
	}
}

static void raw(char *args)
{
	char *file = strtok(args, " \t\n"), *hex;
	FILE *f;

	if (!file)
		exit(2);
	f = open_file("GET_IOASID", file, "a");
	while ((hex = strtok(NULL, " \t\n")))
		fputc((int)strtoul(hex, NULL, 16), f);
	if (fclose(f))
		die("raw");
}

static void spec(void)
{
	char line[4096];

	while (fgets(line, sizeof(line), stdin)) {
		struct rec r = {0};
		char *kind = strtok(line, " \t\n"), *tok;

		if (!kind || kind[0] == '#')
			continue;
		if (!strcmp(kind, "raw")) {
			raw(kind + strlen(kind) + 1);
			continue;
		}
		r.id = strtoul(strtok(NULL, " \t\n"), NULL, 0);
		r.set = strtoul(strtok(NULL, " \t\n"), NULL, 0);
		if (!strcmp(kind, "ioasid")) {
			r.state = strtoul(strtok(NULL, " \t\n"), NULL, 0);
			r.refs = strtoul(strtok(NULL, " \t\n"), NULL, 0);
			r.prq = strtoull(strtok(NULL, " \t\n"), NULL, 0);
			while ((tok = strtok(NULL, " \t\n")))
				opt(&r, tok);
			put_ioasid(&r);
		} else if (!strcmp(kind, "binding")) {
			r.spid = strtoul(strtok(NULL, " \t\n"), NULL, 0);
			while ((tok = strtok(NULL, " \t\n")))
				opt(&r, tok);
			put_binding(&r);
		} else {
			fprintf(stderr, "mkgenl: unknown record '%s'\n", kind);
			exit(2);
		}
	}
}

/* The benchmark's IOASID id of `sets` sets (cg: its cgroup's buffer). */
static void bench_rec(unsigned long id, unsigned long sets, struct rec *r, char *cg, size_t len)
{
	*r = (struct rec){.id = id, .set = 1 + (id - 1) % sets};
	r->state = id % 7 == 0 ? 2 : id % 3 == 0 ? 1 : 0;
	r->refs = r->state == 1 ? 2 : 1;
	r->prq = (id * 2654435761ULL) % 100000;
	r->has_spid = r->state == 1;
	r->spid = id & 0xfffff;
	r->has_pid = 1;
	r->pid = 1000 + r->set;
	snprintf(cg, len, "/machine.slice/vm%lu.scope", r->set);
	r->cgroup = cg;
}

static void bench(unsigned long n, unsigned long sets)
{
	static const char *const st[] = {"idle", "active", "free_pending"};
	char path[4096], cg[128], name[32];
	FILE *txt;
	struct rec r;

	snprintf(path, sizeof(path), "%s/list.txt", root);
	txt = fopen(path, "w");
	if (!txt)
		die(path);
	fprintf(txt, "IOASID SET STATE REFS SPID PID PRQ_COUNT CGROUP\n");
	for (unsigned long id = 1; id <= n; id++) {
		bench_rec(id, sets, &r, cg, sizeof(cg));
		put_ioasid(&r);
		if (r.has_spid)
			fprintf(txt, "%lu %lu %s %lu %lu %lu %llu %s\n", id, r.set, st[r.state],
				r.refs, r.spid, r.pid, r.prq, cg);
		else
			fprintf(txt, "%lu %lu %s %lu - %lu %llu %s\n", id, r.set, st[r.state],
				r.refs, r.pid, r.prq, cg);
	}
	if (fclose(txt))
		die(path);
	mkdirs("genl/ioasid/GET_IOASID/set");
	for (unsigned long set = 1; set <= sets && set <= n; set++) {
		FILE *f;

		snprintf(name, sizeof(name), "set-%010lu", set);
		f = open_file("GET_IOASID/set", name, "w");
		for (unsigned long id = set; id <= n; id += sets) {
			bench_rec(id, sets, &r, cg, sizeof(cg));
			put_ioasid_to(f, &r);
		}
		if (fclose(f))
			die(name);
	}
	/* each state's messages again, in order (GET_IOASID/state/state-N,
	 * what the dump filtered by IOASID_ATTR_STATE N answers) */
	mkdirs("genl/ioasid/GET_IOASID/state");
	for (unsigned long state = IOASID_GENL_STATE_IDLE; state <= IOASID_GENL_STATE_FREE_PENDING;
	     state++) {
		FILE *f = NULL;

		for (unsigned long id = 1; id <= n; id++) {
			bench_rec(id, sets, &r, cg, sizeof(cg));
			if (r.state != state)
				continue;
			if (!f) {
				snprintf(name, sizeof(name), "state-%lu", state);
				f = open_file("GET_IOASID/state", name, "w");
			}
			put_ioasid_to(f, &r);
		}
		if (f && fclose(f))
			die(name);
	}
	mkdirs("genl/ioasid/GET_SET");
	{
		FILE *f = open_file("GET_SET", "chunk-00000", "w");

		for (unsigned long set = 1; set <= sets; set++) {
			struct nl_msg *m = new_msg(IOASID_CMD_GET_SET);

			snprintf(cg, sizeof(cg), "/machine.slice/vm%lu.scope", set);
			nla_put_u32(m, IOASID_ATTR_SET, (uint32_t)set);
			nla_put_u32(m, IOASID_ATTR_SET_TYPE, IOASID_GENL_SET_MM);
			nla_put_u32(m, IOASID_ATTR_QUOTA, 1024);
			nla_put_u32(m, IOASID_ATTR_ALLOCATED,
				    set > n ? 0 : (uint32_t)((n - set) / sets + 1));
			nla_put_u32(m, IOASID_ATTR_PID, (uint32_t)(1000 + set));
			nla_put_string(m, IOASID_ATTR_CGROUP, cg);
			write_msg(f, m);
		}
		if (fclose(f))
			die("GET_SET");
	}
}

int main(int argc, char **argv)
{
	FILE *f;
	int b = argc > 1 && !strcmp(argv[1], "--bench");

	if (argc != (b ? 5 : 2)) {
		fprintf(stderr, "usage: mkgenl ROOT < SPEC | mkgenl --bench ROOT N SETS\n");
		return 2;
	}
	root = argv[1 + b];
	mkdirs("genl/ioasid/GET_IOASID");
	mkdirs("genl/ioasid/GET_BINDING");
	f = open_file(".", "family", "w");
	fprintf(f, "ioasid %d %d\n", FAMILY_ID, IOASID_GENL_VERSION);
	if (fclose(f))
		die("family");
	if (b)
		bench(strtoul(argv[3], NULL, 0), strtoul(argv[4], NULL, 0));
	else
		spec();
	if ((chunk && fclose(chunk)) || (bindf && fclose(bindf)))
		die("close");
	write_done("GET_IOASID");
	write_done("GET_BINDING");
	if (b)
		write_done("GET_SET");
	return 0;
}
