// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioasidctl libvirt hook NAME OPERATION SUB-OPERATION [EXTRA]
 *
 * libvirt's qemu hook (share/ioasidctl/libvirt-qemu-hook, installed as
 * /etc/libvirt/hooks/qemu.d/ioasidctl, calls this with libvirt's own
 * arguments and the domain XML on stdin; libvirt's docs/hooks.rst): when
 * a VM has started, its IOASID limit from the domain's <metadata>
 * (ctl/libvirt-xml.h) is written to its machine scope.
 *
 * Which operation: libvirt calls "prepare begin" and "start begin" before
 * the QEMU process exists (src/qemu/qemu_process.c: qemuProcessInit,
 * qemuProcessLaunch before virCommandRun), so the VM's cgroup, made when
 * the process is registered with systemd-machined, is not there yet;
 * "started begin" comes after qemuProcessLaunch and the CPUs' start
 * (qemuProcessFinishStartup), the cgroup exists. "reconnect begin"
 * (libvirtd restarted) and "attach begin" apply it again. "prepare begin"
 * only checks the metadata: libvirt has no hook when a domain is defined,
 * so a malformed limit is logged at the first start, never refused.
 *
 * The scope: systemd-machined's unit of the machine libvirt registers,
 * "machine-" + the machine name with '-' escaped as \x2d + ".scope"; the
 * name is libvirt's virDomainDriverGenerateMachineName() for a privileged
 * daemon: "qemu-" ID "-" the domain name reduced by
 * virDomainMachineNameAppendValid() (src/hypervisor/domain_driver.c:
 * hostname characters kept, a '.' or '-' run kept once and never first,
 * at most 64 characters in all, '-' and '.' trimmed at the end). The
 * cgroup is found from the unit as `cgroup show --unit` finds it; on a
 * host without systemd-machined, libvirt's own cgroup of the same name,
 * "MACHINE.libvirt-qemu".
 *
 * The hook never blocks a VM: every outcome exits 0 (a usage error
 * aside, which libvirt never makes) and prints nothing on stdout (qemu.d
 * scripts are filters: empty output leaves the XML as it is); what
 * happened is one line on stderr and in syslog.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "cli/action.h"
#include "cli/arg.h"
#include "ctl/ctl.h"
#include "ctl/libvirt-xml.h"

#define XML_MAX (16u << 20)

static void hook_log(int prio, const char *vm, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void hook_log(int prio, const char *vm, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "ioasidctl: libvirt hook: %s: %s\n", vm, msg);
	openlog("ioasidctl", LOG_PID, LOG_DAEMON);
	syslog(prio, "libvirt hook: %s: %s", vm, msg);
	closelog();
}

/* libvirt's machine name: "qemu-ID-" and the domain name reduced as
 * virDomainMachineNameAppendValid() does */
static void machine_name(long id, const char *name, char *m, size_t len)
{
	size_t n = (size_t)snprintf(m, len, "qemu-%ld-", id);
	bool skip = true;

	for (const char *p = name; *p && n + 1 < len; p++) {
		if (n >= 64)
			break;
		if (*p == '.' || *p == '-') {
			if (!skip) {
				m[n++] = *p;
				skip = true;
			}
			continue;
		}
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9')))
			continue;
		m[n++] = *p;
		skip = false;
	}
	while (n && (m[n - 1] == '-' || m[n - 1] == '.'))
		n--;
	m[n] = '\0';
}

/* systemd-machined's scope of machine m: '-' escaped as \x2d (the other
 * characters of a machine name need no escaping) */
static void scope_name(const char *m, char *out, size_t len)
{
	size_t n = (size_t)snprintf(out, len, "machine-");

	for (const char *p = m; *p && n + 5 < len; p++) {
		if (*p == '-') {
			memcpy(out + n, "\\x2d", 4);
			n += 4;
		} else {
			out[n++] = *p;
		}
	}
	snprintf(out + n, len - n, ".scope");
}

static char *read_stdin(size_t *len)
{
	size_t cap = 65536, n = 0, got;
	char *buf = malloc(cap);

	while (buf && (got = fread(buf + n, 1, cap - n, stdin)) > 0) {
		n += got;
		if (n == cap) {
			char *nb = cap >= XML_MAX ? NULL : realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (buf && ferror(stdin)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* apply: the limit into the VM's scope; every outcome logged */
static void apply(struct cli *c, const char *vm, const struct lv_domain *d, const char *form)
{
	struct ioasid_cgroup_mount *m = malloc(sizeof(*m));
	char machine[80], unit[256], own[128], rel[IOASID_CGROUP_PATH_MAX];
	struct cli_result r;
	int rc;

	if (!m) {
		hook_log(LOG_ERR, vm, "IOASID limit not applied: out of memory");
		return;
	}
	machine_name(d->id, d->name, machine, sizeof(machine));
	scope_name(machine, unit, sizeof(unit));
	cli_result_init(&r, c->cmdname, CLI_TARGET_LIVE);
	rc = cli_cgroup_open_mount(c, m, &r);
	if (rc == EXIT_OK)
		rc = cli_cgroup_of_unit(c, m, unit, rel, sizeof(rel), &r);
	/* without systemd-machined libvirt makes the cgroup itself, named
	 * "MACHINE.libvirt-qemu" under its partition (src/util/vircgroup.c
	 * virCgroupNewDomainPartition(); a real libvirtd 9.0 without systemd
	 * made /machine/qemu-1-NAME.libvirt-qemu) */
	if (rc == EXIT_NOTFOUND) {
		struct cli_result r2;

		snprintf(own, sizeof(own), "%s.libvirt-qemu", machine);
		cli_result_init(&r2, c->cmdname, CLI_TARGET_LIVE);
		if (cli_cgroup_of_unit(c, m, own, rel, sizeof(rel), &r2) == EXIT_OK)
			rc = EXIT_OK;
		cli_result_free(&r2);
	}
	if (rc != EXIT_OK) {
		hook_log(LOG_WARNING, vm, "IOASID limit %s not applied: %s%s%s", d->limit,
			 r.has_object ? r.object : "", r.has_object ? ": " : "", r.message);
		cli_result_free(&r);
		free(m);
		return;
	}
	cli_result_free(&r);
	free(m);
	struct cli_limit_req q = {rel, form, NULL, d->limit, false};

	cli_action_set_limit(c, &q, &r);
	if (r.status == EXIT_OK)
		hook_log(LOG_INFO, vm, "%s", r.text);
	else
		hook_log(LOG_WARNING, vm, "IOASID limit %s not applied: %s%s%s", d->limit,
			 r.has_object ? r.object : "", r.has_object ? ": " : "", r.message);
	cli_result_free(&r);
}

int cmd_libvirt_hook(struct cli *c, int argc, const char **argv)
{
	const struct poptOption opts[] = {POPT_TABLEEND};
	const char **args;
	struct lv_domain d;
	poptContext pc;
	const char *vm, *op, *form;
	char why[256];
	char *xml;
	size_t len = 0, nargs = 0;
	uint64_t v;
	int rc;

	rc = cli_parse_plain(c, argc, argv, opts, "NAME OPERATION SUB-OPERATION [EXTRA]", &pc,
			     &args);
	if (rc != EXIT_OK)
		return rc;
	while (args && args[nargs])
		nargs++;
	if (nargs < 3 || nargs > 4) {
		rc = cli_error(
			c, EXIT_USAGE, EINVAL, c->cmdname,
			"expected libvirt's arguments: NAME OPERATION SUB-OPERATION [EXTRA]");
		goto out;
	}
	vm = args[0];
	op = args[1];
	/* the operations that act (see the head of this file); the rest
	 * pass, their XML unread */
	if (strcmp(op, "prepare") && strcmp(op, "started") && strcmp(op, "reconnect") &&
	    strcmp(op, "attach"))
		goto out;
	xml = read_stdin(&len);
	if (!xml) {
		hook_log(LOG_WARNING, vm, "IOASID limit not applied: cannot read the domain XML");
		goto out;
	}
	if (lv_domain_parse(xml, len, &d, why, sizeof(why)) < 0) {
		hook_log(LOG_WARNING, vm, "IOASID limit not applied: domain XML: %s", why);
		free(xml);
		goto out;
	}
	free(xml);
	if (d.nlimits == 0)
		goto out; /* no limit asked for this VM */
	form = d.form[0] ? d.form : "misc";
	if (d.nlimits > 1)
		hook_log(LOG_WARNING, vm,
			 "malformed IOASID limit (%d <limit> elements of %s in <metadata>); "
			 "not applied",
			 d.nlimits, LV_XMLNS);
	else if (d.limit_long || cli_limit_parse(d.limit, &v, why, sizeof(why)) < 0)
		hook_log(LOG_WARNING, vm,
			 "malformed IOASID limit '%.40s' in <metadata> (a number or max); not "
			 "applied",
			 d.limit_long ? "(too long)" : d.limit);
	else if (strcmp(form, "misc") && strcmp(form, "ioasids"))
		hook_log(LOG_WARNING, vm,
			 "malformed IOASID limit: form='%s' (misc or ioasids); not applied", form);
	else if (!strcmp(op, "prepare"))
		; /* checked; applied once the VM's cgroup exists (started) */
	else if (d.id < 0)
		hook_log(LOG_WARNING, vm,
			 "IOASID limit not applied: the domain XML has no id (not running)");
	else
		apply(c, vm, &d, form);
out:
	cli_parse_free(pc, opts);
	return rc;
}
