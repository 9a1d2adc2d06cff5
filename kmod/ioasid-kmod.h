/* SPDX-License-Identifier: GPL-2.0 */
/* The parts of the reference module (kmod/) and the real system they share. */
#ifndef KIO_KMOD_H
#define KIO_KMOD_H

#include "ioasid-core.h"

/* The system behind /dev/ioasid, /sys/kernel/ioasid and genl "ioasid" */
extern struct kio_sys kio_real;
/* sysfs default_quota: the quota of a set /dev/ioasid creates */
extern u32 kio_default_quota;

int kio_conf_init(void);
void kio_conf_exit(void);
int kio_dev_init(void);
void kio_dev_exit(void);
int kio_sysfs_init(void);
void kio_sysfs_exit(void);
/* a set may have appeared or gone: sets/<id> follows (real system) */
void kio_sysfs_sets_sync(void);
/* the live owner of an mm set of the real system, or NULL (lock held) */
struct pid *kio_set_owner(struct kio_set *set);
int kio_genl_init(void);
void kio_genl_exit(void);
void kio_genl_notify(struct kio_sys *sys, const struct kio_event_rec *ev);

#endif
