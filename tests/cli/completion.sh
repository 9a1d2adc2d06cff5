#!/bin/sh
# The bash completion (completions/ioasidctl.bash, ioasidtop.bash) offers
# every command and every option the binary has, and the values of an
# emulated host: set ids, cgroup paths, devices, VMs, IOASIDs, IOMMUs.
# Runs bash with the completion file loaded, sets COMP_LINE/COMP_WORDS/
# COMP_CWORD as readline would and calls the function.
# The expected lists come from elsewhere than the completion's own source:
# commands from `ioasidctl --help`, options from the option column of
# each command's popt --help, values from the emulated host's files (ls of its sysfs, cgroup
# and proc trees, as ioasid-abi(7) lays them out) and the docs' enums.
[ -n "${BASH_VERSION-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v jq >/dev/null || { echo "SKIP: jq not installed"; exit 77; }
src=$(cd "${top_srcdir:-.}" && pwd)
IOASIDCTL=$(cd "$(dirname "$IOASIDCTL")" && pwd)/$(basename "$IOASIDCTL")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset IOASIDCTL_SIM
# readline's default word breaks: ':' and '=' split words
COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
. "$src/completions/ioasidctl.bash"
. "$src/completions/ioasidtop.bash"

# comp FUNCTION LINE: complete at the end of LINE into COMPREPLY
comp() {
	COMP_LINE=$2
	COMP_POINT=${#2}
	read -ra COMP_WORDS <<<"$2"
	[[ $2 == *' ' ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	"$1" 2>/dev/null
}
# offers WORD...: every WORD is in COMPREPLY (as the shell would read it back)
offers() {
	local w r v ok
	for w in "$@"; do
		ok=
		for r in "${COMPREPLY[@]}"; do
			eval "v=$r" 2>/dev/null || v=$r
			[[ $v == "$w" ]] && ok=1 && break
		done
		[[ -n $ok ]] || { echo "  missing: $w (offered: ${COMPREPLY[*]:0:12})"; return 1; }
	done
}

# ---- commands: the list ioasidctl --help prints ----
# (names in a 16-column field after two spaces: "  %-16s %s")
mapfile -t cmds < <("$IOASIDCTL" --help | sed -n '/^Commands:/,/^$/s/^  \(.\{16\}\) .*/\1/p' | sed 's/ *$//')
check "ioasidctl --help lists commands (${#cmds[@]})" [ "${#cmds[@]}" -gt 20 ]
mapfile -t table < <("$IOASIDCTL" __complete commands | cut -f1)
check "__complete commands lists what --help lists" [ "$(printf '%s\n' "${cmds[@]}" | sort)" = "$(printf '%s\n' "${table[@]}" | sort)" ]
for cmd in "${cmds[@]}"; do
	group=${cmd%% *}
	comp _ioasidctl "$IOASIDCTL ${group:0:2}"
	check "'${group:0:2}' completes to $group" offers "$group"
	if [[ $cmd == *' '* ]]; then
		name=${cmd#* }
		comp _ioasidctl "$IOASIDCTL $group ${name:0:1}"
		check "'$group ${name:0:1}' completes to $name" offers "$name"
	fi
done
comp _ioasidctl "$IOASIDCTL --s"
check "global options --sim, --sysroot" offers --sim --sysroot

# ---- options: each command's popt --help against its completion ----
total=0
for cmd in "${cmds[@]}"; do
	# shellcheck disable=SC2086
	mapfile -t helpopts < <("$IOASIDCTL" $cmd --help | grep -oE -- '^ {2,6}(-[^ ], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u)
	# shellcheck disable=SC2086
	mapfile -t listed < <("$IOASIDCTL" __complete options $cmd | awk -F'\t' '$1 == "option" && $2 != "-" { print $2 }' | sort -u)
	check "$cmd: __complete options = the options of --help (${#helpopts[@]})" \
		[ "${helpopts[*]}" = "${listed[*]}" ]
	# shellcheck disable=SC2086
	mapfile -t shorts < <("$IOASIDCTL" $cmd --help | grep -oE -- '^  -[A-Za-z?],' | tr -d ' ,')
	missing=()
	for o in "${helpopts[@]}" "${shorts[@]}"; do
		comp _ioasidctl "$IOASIDCTL $cmd ${o:0:$((${#o} - 1))}"
		offers "$o" >/dev/null || missing+=("$o")
		total=$((total + 1))
	done
	check "$cmd: all $((${#helpopts[@]} + ${#shorts[@]})) options complete${missing:+ (missing ${missing[*]})}" \
		[ "${#missing[@]}" -eq 0 ]
done
echo "# $total options of ${#cmds[@]} commands checked"

# ---- values on an emulated host ----
h=$tmp/host
"$IOASIDCTL" sim init "$h" --vms 2 >/dev/null
r=$h/current
mapfile -t sets < <(ls "$r/sys/kernel/ioasid/sets")
mapfile -t scopes < <(cd "$r/sys/fs/cgroup" && find . -name '*.scope' -type d | sed 's|^\.||' | sort)
mapfile -t devs < <(ls "$r/sys/bus/pci/devices")
mapfile -t pids < <(ls "$r/proc" | grep -E '^[0-9]+$')
mapfile -t units < <(ls "$r/sys/class/iommu")
mapfile -t ioasids < <("$IOASIDCTL" --sim "$h" list -J | jq -r '.ioasids[].ioasid')
check "emulated host has sets, VM scopes, devices, VMs, IOMMUs, IOASIDs" \
	[ "${#sets[@]}" -ge 2 -a "${#scopes[@]}" -eq 2 -a "${#devs[@]}" -ge 1 -a "${#pids[@]}" -eq 2 -a \
	"${#units[@]}" -ge 1 -a "${#ioasids[@]}" -ge 1 ]

expect_for() {
	case $1 in
	set) printf '%s\n' "${sets[@]}" ;;
	cgroup) printf '%s\n' "${scopes[@]}" ;;
	device) printf '%s\n' "${devs[@]}" ;;
	pid) printf '%s\n' "${pids[@]}" ;;
	iommu) printf '%s\n' "${units[@]}" ;;
	ioasid) printf '%s\n' "${ioasids[@]}" ;;
	state) printf '%s\n' idle active free_pending ;; # ioasid-abi(7)
	esac
}
# every option and positional argument of every command whose argument
# is a listable value completes with the host's values
nval=0
for cmd in "${cmds[@]}"; do
	# shellcheck disable=SC2086
	while IFS=$'\t' read -r type a b kind _; do
		mapfile -t want < <(expect_for "$kind")
		((${#want[@]})) || continue
		if [[ $type == option ]]; then
			[[ $a != - ]] || continue
			comp _ioasidctl "$IOASIDCTL --sim $h $cmd $a "
			check "$cmd $a offers the host's ${kind}s (${#want[@]})" offers "${want[@]}"
		else
			# earlier positionals filled with a placeholder
			fill=
			for ((k = 1; k < a; k++)); do fill+="x "; done
			comp _ioasidctl "$IOASIDCTL --sim $h $cmd $fill"
			check "$cmd argument $a ($b) offers the host's ${kind}s (${#want[@]})" offers "${want[@]}"
		fi
		nval=$((nval + 1))
	done < <("$IOASIDCTL" __complete options $cmd | grep -E '^(option|arg)')
done
check "value completions checked ($nval)" [ "$nval" -ge 15 ]

# the host named in other ways: --sim=DIR, after the command, IOASIDCTL_SIM
comp _ioasidctl "$IOASIDCTL --sim=$h set show "
check "--sim=DIR selects the host" offers "${sets[@]}"
comp _ioasidctl "$IOASIDCTL set show --sim $h "
check "--sim after the command selects the host" offers "${sets[@]}"
IOASIDCTL_SIM=$h comp _ioasidctl "$IOASIDCTL vm move --pid "
check "IOASIDCTL_SIM selects the host" offers "${pids[@]}"
comp _ioasidctl "$IOASIDCTL set show "
check "without a host no emulated sets are offered" [ "${#COMPREPLY[@]}" -eq 0 ]
# cgroup names carry backslashes (systemd's \x2d): the offered word reads
# back as the path
comp _ioasidctl "$IOASIDCTL --sim $h cgroup show /machine.slice/m"
check "cgroup paths quoted so the shell reads back ${scopes[0]}" offers "${scopes[@]}"
# ':' is a word break: readline replaces only what follows the last ':'
d=${devs[0]}
comp _ioasidctl "$IOASIDCTL --sim $h device why ${d%:*}:"
check "device ${d%:*}: completes after the ':' (${d##*:})" offers "${d##*:}"
comp _ioasidctl "$IOASIDCTL --sim $h list --state=a"
check "--state=a completes the value after '='" offers active
comp _ioasidctl "$IOASIDCTL --sim $h list --state "
check "--state offers idle active free_pending" offers idle active free_pending
comp _ioasidctl "$IOASIDCTL --sim $h cgroup set-limit /machine.slice --form "
check "--form offers ioasids misc" offers ioasids misc
comp _ioasidctl "$IOASIDCTL --sim $h cgroup set-limit /machine.slice --form misc "
check "the limit argument offers max" offers max
comp _ioasidctl "$IOASIDCTL sim init --platform "
check "--platform offers spr-dsa" offers spr-dsa
check "--platform offers kunpeng920 and kunpeng920-debian" offers kunpeng920 kunpeng920-debian
mapfile -t cols < <("$IOASIDCTL" iommu list --list-columns --raw --noheadings | cut -d' ' -f1)
comp _ioasidctl "$IOASIDCTL iommu list -o "
check "-o offers the columns of --list-columns (${#cols[@]})" offers "${cols[@]}"
comp _ioasidctl "$IOASIDCTL iommu list -o ${cols[0]},"
check "-o ${cols[0]}, continues the list" offers "${cols[0]},${cols[1]}"
touch "$tmp/a-dump.tar"
comp _ioasidctl "$IOASIDCTL --sysroot $tmp/a-"
check "--sysroot offers files" offers "$tmp/a-dump.tar"
comp _ioasidctl "$IOASIDCTL sim init $tmp/ho"
check "sim init DIR offers directories" offers "$tmp/host"

# ---- ioasidtop: options from its --help ----
top=${top_builddir:-build}/src/cmd/ioasidtop
if [ -x "$top" ]; then
	top=$(cd "$(dirname "$top")" && pwd)/ioasidtop
	echo "# ioasidtop: the built binary"
else
	# the completion is generic; a stand-in with a popt-style --help
	top=$tmp/bin/ioasidtop
	mkdir -p "$tmp/bin"
	cat >"$top" <<'EOF'
#!/bin/sh
cat <<'E'
Usage: ioasidtop [OPTION...]
  -d, --delay=SEC               refresh every SEC seconds
      --sort=ioasids|prq|name   sort key
      --sysroot=DIR|ARCHIVE     read a captured host
      --sim=DIR                 the emulated host in DIR
  -V, --version                 print the version and exit
  -?, --help                    Show this help message
E
EOF
	chmod +x "$top"
	echo "# ioasidtop: not built here, a stand-in script with a popt --help"
fi
mapfile -t topopts < <("$top" --help | grep -oE -- '^ {2,6}(-[^ ], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u)
missing=()
for o in "${topopts[@]}"; do
	comp _ioasidtop "$top ${o:0:4}"
	offers "$o" >/dev/null || missing+=("$o")
done
check "ioasidtop: all ${#topopts[@]} options complete${missing:+ (missing ${missing[*]})}" \
	[ "${#topopts[@]}" -gt 0 -a "${#missing[@]}" -eq 0 ]
if "$top" --help | grep -q -- '--sim[= ]DIR'; then
	comp _ioasidtop "$top --sim $tmp/ho"
	check "ioasidtop --sim offers directories" offers "$tmp/host"
fi
finish
