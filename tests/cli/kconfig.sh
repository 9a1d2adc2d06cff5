#!/bin/sh
# One list of the kernel config options the library reads
# (src/lib/stock/kconfig.c, exported as ioasid_kernel_config_options(),
# which `ioasidctl diff` compares). The rules read an option only by its
# enum kcfg id through kcfg_read(), so an option a rule reads is in the
# list by construction; this guard keeps it so:
# - no library file but the config reader (stock/kernel.c), the table
#   (stock/kconfig.c) and the dump collector (which only makes the reader
#   load the config file into the archive) calls ioasid_kernel_config();
# - every entry of the table is read by some kcfg_read() call (no stale
#   entry, as diff's old copy had CONFIG_INTEL_IOMMU_DEFAULT_ON after the
#   rules stopped reading it).
. "$(dirname "$0")/lib.sh"
src=${top_srcdir:-.}/src/lib
bad=$(grep -rln 'ioasid_kernel_config(' "$src" --include='*.c' |
	grep -v -e '/stock/kernel\.c$' -e '/stock/kconfig\.c$' -e '/dump/dump-collect\.c$')
check "only the reader, the table and the dump collector call ioasid_kernel_config() [${bad}]" [ -z "$bad" ]
ids=$(sed -n 's/^\t\(KCFG_[A-Z0-9_]*\),.*/\1/p' "$src/stock/kconfig.h" | grep -v '^KCFG_N$')
check "the table has entries" [ -n "$ids" ]
for id in $ids; do
	check "$id read by a rule (kcfg_read)" \
		sh -c "grep -rl 'kcfg_read(ctx, [a-z.]*\\(\\[i\\]\\.\\)\\{0,1\\}$id\\b\\|{$id,' '$src' --include='*.c' | grep -qv kconfig.c"
	check "$id named in the table" grep -q "\\[$id\\] = \"CONFIG_" "$src/stock/kconfig.c"
done
finish
