/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR LGPL-2.1-or-later */
/*
 * The conformance interface of the reference module (kmod/): the misc device
 * /dev/ioasid-conf, present only when the module is loaded with
 * conformance=1. It is a test interface, not part of ioasid-abi(7): each open
 * file can hold one throw-away IOASID system (IOASID_CONF_CREATE) with
 * modelled processes and cgroups, and there is one ioctl per operation of
 * tests/conformance/impl.h, whose conventions it keeps: handles are small
 * integers, a failure is -1 with errno, outputs are written only on success.
 * tests/conformance/impl-kmod.c is its user.
 *
 * ioctl type ';' numbers 0x00-0x1f (unassigned in the kernel's
 * ioctl-number.rst; the ABI of ioasid-abi(7) uses 0x40-0x4f).
 */
#ifndef _UAPI_IOASIDCTL_IOASID_CONF_H
#define _UAPI_IOASIDCTL_IOASID_CONF_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define IOASID_CONF_DEV_PATH "/dev/ioasid-conf"

/* IOASID_CONF_CREATE a[0]: the cgroup form (impl.h enum ioasid_impl_cg_form) */
#define IOASID_CONF_FORM_IOASIDS 1
#define IOASID_CONF_FORM_MISC 2

/*
 * One argument struct for every request: in[] and in64 carry the impl.h
 * arguments in their order, out[] and out64[] the results.
 */
struct ioasid_conf_args {
	__s32 in[4];
	__u64 in64; /* cg_set_max: the limit (~0 = "max"); events_read: buffer */
	__s32 out[4];
	__u64 out64[3];
};

/* One event of IOASID_CONF_EVENTS_READ (impl.h struct ioasid_impl_event) */
struct ioasid_conf_event {
	__u64 seq;
	__s32 type; /* 1 ALLOC, 2 FREE, 3 BIND, 4 UNBIND */
	__u32 ioasid;
	__u32 spid; /* 0xffffffff: none */
	__s32 set;
};

/* at most this many events per IOASID_CONF_EVENTS_READ */
#define IOASID_CONF_EVENTS_MAX 256

#define IOASID_CONF_TYPE ';'
#define IOASID_CONF_IO(nr) _IOWR(IOASID_CONF_TYPE, (nr), struct ioasid_conf_args)

/*                                       in                         out */
#define IOASID_CONF_CREATE IOASID_CONF_IO(0x00)	       /* form */
#define IOASID_CONF_CAP_INSTALL IOASID_CONF_IO(0x01)   /* total */
#define IOASID_CONF_CAP_RESERVE IOASID_CONF_IO(0x02)   /* nr            reserved */
#define IOASID_CONF_CAP_CANCEL IOASID_CONF_IO(0x03)    /* nr            available */
#define IOASID_CONF_CAP_QUERY IOASID_CONF_IO(0x04)     /*               total, available */
#define IOASID_CONF_MM_CREATE IOASID_CONF_IO(0x05)     /* cg            mm */
#define IOASID_CONF_MM_EXIT IOASID_CONF_IO(0x06)       /* mm */
#define IOASID_CONF_MM_MOVE IOASID_CONF_IO(0x07)       /* mm, cg */
#define IOASID_CONF_CG_CREATE IOASID_CONF_IO(0x08)     /* parent        cg */
#define IOASID_CONF_CG_SET_MAX IOASID_CONF_IO(0x09)    /* cg, in64 max */
#define IOASID_CONF_CG_READ IOASID_CONF_IO(0x0a)       /* cg          out64: current, max, events */
#define IOASID_CONF_SET_ALLOC IOASID_CONF_IO(0x0b)     /* type, mm, quota set */
#define IOASID_CONF_SET_FREE IOASID_CONF_IO(0x0c)      /* set */
#define IOASID_CONF_SET_ADJUST IOASID_CONF_IO(0x0d)    /* set, quota */
#define IOASID_CONF_SET_QUERY IOASID_CONF_IO(0x0e)     /* set         type, mm, quota, nr_ioasids */
#define IOASID_CONF_ALLOC IOASID_CONF_IO(0x0f)	       /* set, min, max  ioasid */
#define IOASID_CONF_FREE IOASID_CONF_IO(0x10)	       /* set, ioasid */
#define IOASID_CONF_GET IOASID_CONF_IO(0x11)	       /* set, ioasid */
#define IOASID_CONF_PUT IOASID_CONF_IO(0x12)	       /* set, ioasid   freed */
#define IOASID_CONF_GET_IF_OWNED IOASID_CONF_IO(0x13)  /* mm, ioasid */
#define IOASID_CONF_IOASID_QUERY IOASID_CONF_IO(0x14)  /* ioasid        set, state, refs, spid */
#define IOASID_CONF_ATTACH_SPID IOASID_CONF_IO(0x15)   /* ioasid, spid */
#define IOASID_CONF_DETACH_SPID IOASID_CONF_IO(0x16)   /* ioasid */
#define IOASID_CONF_FIND_BY_SPID IOASID_CONF_IO(0x17)  /* set, spid, get ioasid */
#define IOASID_CONF_FIND_SPID IOASID_CONF_IO(0x18)     /* ioasid        spid */
#define IOASID_CONF_BIND IOASID_CONF_IO(0x19)	       /* mm, ioasid, spid */
#define IOASID_CONF_UNBIND IOASID_CONF_IO(0x1a)	       /* mm, ioasid */
#define IOASID_CONF_NB_REGISTER IOASID_CONF_IO(0x1b)   /* scope, target  nb */
#define IOASID_CONF_NB_UNREGISTER IOASID_CONF_IO(0x1c) /* nb */
#define IOASID_CONF_EVENTS_READ IOASID_CONF_IO(0x1d)   /* nb, max, in64 buffer  n */

#endif
