/*
 * kmsg-dump: copy every record currently in /dev/kmsg to stdout, in the
 * kernel's own /dev/kmsg record format ("prio,seq,usec,flags;text" plus
 * continuation lines starting with a space), without blocking at the end.
 * Busybox dd has no iflag=nonblock, so the guest capture uses this (built
 * static by tests/vm/mkinitramfs.sh).  Exit 0 on success, 1 on error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char buf[16384];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd < 0) {
		fprintf(stderr, "kmsg-dump: /dev/kmsg: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0) {
			if (errno == EAGAIN)
				break; /* end of buffer */
			if (errno == EPIPE)
				continue; /* records overwritten: skip ahead */
			if (errno == EINTR)
				continue;
			fprintf(stderr, "kmsg-dump: read: %s\n", strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(1, buf + off, (size_t)(n - off));

			if (w < 0) {
				if (errno == EINTR)
					continue;
				return 1;
			}
			off += w;
		}
	}
	close(fd);
	return 0;
}
