#!/bin/sh
# The zsh completion (completions/_ioasidctl, _ioasidtop) on a real zsh:
# both files parse (zsh -n), compinit binds them, and an interactive zsh
# on a pseudo-terminal (tests/cli/zsh-complete.zsh, zsh/zpty) offers every
# command, every option each command's --help lists, and an emulated
# host's sets, cgroups, devices and VMs. Expected lists as in
# completion.sh: --help, popt's help, the emulated host's files.
[ -n "${BASH_VERSION-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v zsh >/dev/null || { echo "SKIP: zsh not installed (scripts/install-deps.sh installs it)"; exit 77; }
zsh -fc 'zmodload zsh/zpty' 2>/dev/null || { echo "SKIP: zsh has no zsh/zpty module"; exit 77; }
src=$(cd "${top_srcdir:-.}" && pwd)
IOASIDCTL=$(cd "$(dirname "$IOASIDCTL")" && pwd)/$(basename "$IOASIDCTL")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset IOASIDCTL_SIM

check "_ioasidctl parses (zsh -n)" zsh -n "$src/completions/_ioasidctl"
check "_ioasidtop parses (zsh -n)" zsh -n "$src/completions/_ioasidtop"
out=$(zsh -fc 'fpath=("$1" $fpath); autoload -U compinit; compinit -u -D; print -r -- $_comps[ioasidctl] $_comps[ioasidtop]' zsh "$src/completions")
check "compinit binds ioasidctl and ioasidtop ($out)" [ "$out" = "_ioasidctl _ioasidtop" ]

# the commands run as "ioasidctl" and "ioasidtop" found on PATH
mkdir -p "$tmp/bin"
ln -s "$IOASIDCTL" "$tmp/bin/ioasidctl"
top=${top_builddir:-build}/src/cmd/ioasidtop
if [ -x "$top" ]; then
	ln -s "$(cd "$(dirname "$top")" && pwd)/ioasidtop" "$tmp/bin/ioasidtop"
else
	cat >"$tmp/bin/ioasidtop" <<'EOF'
#!/bin/sh
cat <<'E'
Usage: ioasidtop [OPTION...]
  -d, --delay=SEC               refresh every SEC seconds
      --sysroot=DIR|ARCHIVE     read a captured host
      --sim=DIR                 the emulated host in DIR
  -?, --help                    Show this help message
E
EOF
	chmod +x "$tmp/bin/ioasidtop"
	echo "# ioasidtop: not built here, a stand-in script with a popt --help"
fi

h=$tmp/host
"$IOASIDCTL" sim init "$h" --vms 2 >/dev/null
r=$h/current
mapfile -t cmds < <("$IOASIDCTL" --help | sed -n '/^Commands:/,/^$/s/^  \(.\{16\}\) .*/\1/p' | sed 's/ *$//')
mapfile -t groups < <(printf '%s\n' "${cmds[@]}" | cut -d' ' -f1 | sort -u)

# one zsh session for every line: LINE<TAB>, the matches, "--"
lines=("ioasidctl " "ioasidctl set " "ioasidctl --s")
for cmd in "${cmds[@]}"; do lines+=("ioasidctl $cmd --"); done
lines+=("ioasidctl --sim $h set show " "ioasidctl --sim $h cgroup show /machine.slice/"
	"ioasidctl --sim $h device why " "ioasidctl --sim $h free --vm "
	"ioasidctl --sim $h cgroup set-limit /machine.slice --form " "ioasidtop --")
PATH=$tmp/bin:$PATH timeout 300 zsh -f "$src/tests/cli/zsh-complete.zsh" "$src/completions" \
	"${lines[@]}" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "the zsh session ran (status $rc)" [ "$rc" -eq 0 ]
# the matches of line N (0-based)
matches() { awk -v n="$1" '$0 == "--" { i++; next } i == n' "$tmp/out"; }
# has N WORD...: line N's matches include every WORD, read back by zsh's
# own quoting rules (a cgroup's "\x2d" is offered as "\\x2d")
has() {
	local n=$1 w m v ok
	shift
	mapfile -t got < <(matches "$n")
	for w in "$@"; do
		ok=
		for m in "${got[@]}"; do
			eval "v=$m" 2>/dev/null || v=$m
			[[ $v == "$w" ]] && ok=1 && break
		done
		[[ -n $ok ]] || { echo "  missing: $w (offered: ${got[*]:0:12})"; return 1; }
	done
}

check "commands: every group (${#groups[@]})" has 0 "${groups[@]}"
mapfile -t setnames < <(printf '%s\n' "${cmds[@]}" | sed -n 's/^set //p')
check "set: ${setnames[*]}" has 1 "${setnames[@]}"
check "global options --sim --sysroot" has 2 --sim --sysroot
n=3
for cmd in "${cmds[@]}"; do
	# shellcheck disable=SC2086
	mapfile -t helpopts < <("$IOASIDCTL" $cmd --help | grep -oE -- '^ {2,6}(-[^ ], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u)
	check "$cmd: all ${#helpopts[@]} options" has $n "${helpopts[@]}"
	n=$((n + 1))
done
mapfile -t sets < <(ls "$r/sys/kernel/ioasid/sets")
check "set show offers the sets (${sets[*]})" has $n "${sets[@]}"
mapfile -t scopes < <(cd "$r/sys/fs/cgroup" && find . -name '*.scope' -type d | sed 's|^\.||' | sort)
check "cgroup show offers the VM scopes" has $((n + 1)) "${scopes[@]}"
mapfile -t devs < <(ls "$r/sys/bus/pci/devices")
check "device why offers the devices (${devs[*]})" has $((n + 2)) "${devs[@]}"
mapfile -t pids < <(ls "$r/proc" | grep -E '^[0-9]+$')
check "free --vm offers the VMs (${pids[*]})" has $((n + 3)) "${pids[@]}"
check "--form offers ioasids misc" has $((n + 4)) ioasids misc
mapfile -t topopts < <(PATH=$tmp/bin:$PATH ioasidtop --help | grep -oE -- '^ {2,6}(-[^ ], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u)
check "ioasidtop: all ${#topopts[@]} options of its --help" has $((n + 5)) "${topopts[@]}"
[ "$nfail" -eq 0 ] || sed 's/^/  zsh: /' "$tmp/err" | head -20
finish
