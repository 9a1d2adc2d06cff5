/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The export macro of libioasid: the library builds with
 * -fvisibility=hidden, so every public function is marked at its
 * definition; libioasid.sym then names the exported symbols. Its own header
 * so the pure model can export without seeing the context or the path
 * layer. */
#ifndef IOASID_EXPORT_H
#define IOASID_EXPORT_H

#define IOASID_EXPORT __attribute__((visibility("default")))

#endif
