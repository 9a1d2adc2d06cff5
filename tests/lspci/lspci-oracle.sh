#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The lspci oracle: for each dump in tests/data/pci, lspci -vvv -F (pciutils'
# own decoder) and libioasid (pci-decode, through libpci's dump method) must
# print the same PASID, PRI and ATS fields for every device that has them.
# Exit 77 (skip) without lspci.
set -u

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
decode=$top_builddir/tests/lspci/pci-decode
data=$top_srcdir/tests/data/pci
LSPCI=${LSPCI:-$(command -v lspci || ls /usr/bin/lspci /usr/sbin/lspci /sbin/lspci 2>/dev/null | head -n1)}

if [ -z "$LSPCI" ] || [ ! -x "$LSPCI" ]; then
	echo "SKIP: lspci not found (install pciutils)"
	exit 77
fi
if [ ! -x "$decode" ]; then
	echo "FAIL: $decode not built"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lspci-oracle.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# From lspci -vvv -D: "<bdf> KIND@off" for the first PASID/PRI/ATS capability
# of each device (the kernel uses the first: pci_find_ext_capability()), then
# its field lines, blanks squeezed.
oracle() {
	"$LSPCI" -vvv -D -F "$1" 2>/dev/null | awk '
	/^[0-9a-f]+:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]\.[0-7] / { dev = $1; cur = ""; next }
	/^\tCapabilities: \[/ {
		cur = ""
		off = $0; sub(/.*\[/, "", off); sub(/[] ].*/, "", off)
		kind = ""
		if ($0 ~ /\(PASID\)$/) kind = "PASID"
		else if ($0 ~ /\(PRI\)$/) kind = "PRI"
		else if ($0 ~ /\(ATS\)$/) kind = "ATS"
		if (kind != "" && !((dev, kind) in seen)) {
			seen[dev, kind] = 1
			cur = kind
			print dev " " kind "@" off
		}
		next
	}
	cur != "" && /^\t\t(PASIDCap|PASIDCtl|PRICtl|PRISta|ATSCap|ATSCtl):|^\t\tPage Request Capacity:/ {
		line = $0
		gsub(/[ \t]+/, " ", line); sub(/^ /, "", line)
		print dev " " line
	}'
}

ndev=0
nfail=0
for f in "$data"/*.dump; do
	[ -e "$f" ] || continue
	name=$(basename "$f")
	oracle "$f" | sort > "$tmp/lspci.out"
	if ! "$decode" "$f" > "$tmp/ours.raw" 2> "$tmp/ours.err"; then
		echo "FAIL: $name: pci-decode failed: $(cat "$tmp/ours.err")"
		nfail=$((nfail + 1))
		continue
	fi
	# lspci before 3.11 does not print the PRG Response PASID Required bit
	if grep -q ' PRISta: ' "$tmp/lspci.out" && ! grep -q ' PRISta: .* PASID[-+]' "$tmp/lspci.out"; then
		sed 's/\( PRISta: .*\) PASID[-+]$/\1/' "$tmp/ours.raw" | sort > "$tmp/ours.out"
	else
		sort "$tmp/ours.raw" > "$tmp/ours.out"
	fi
	n=$(cut -d' ' -f1 "$tmp/lspci.out" "$tmp/ours.out" | sort -u | wc -l)
	ndev=$((ndev + n))
	if ! [ -s "$tmp/lspci.out" ]; then
		echo "FAIL: $name: lspci shows no PASID/PRI/ATS capability: nothing compared"
		nfail=$((nfail + 1))
	elif diff -u "$tmp/lspci.out" "$tmp/ours.out" > "$tmp/diff"; then
		echo "ok: $name: $n device(s), $(wc -l < "$tmp/lspci.out") lines agree"
	else
		echo "FAIL: $name: libioasid and lspci disagree (- lspci, + libioasid):"
		sed 's/^/    /' "$tmp/diff"
		nfail=$((nfail + 1))
	fi
	# Negative control: the comparison must catch one changed value.
	sed '$ s/.$/X/' "$tmp/ours.out" > "$tmp/corrupt.out"
	if diff -q "$tmp/lspci.out" "$tmp/corrupt.out" >/dev/null; then
		echo "FAIL: $name: a corrupted value went unnoticed"
		nfail=$((nfail + 1))
	fi
done

if [ "$ndev" -eq 0 ]; then
	echo "FAIL: no dumps compared in $data"
	exit 1
fi
echo "$ndev device(s) with PASID/PRI/ATS compared, $nfail failure(s)"
[ "$nfail" -eq 0 ]
