# bash completion for ioasidctl(8)                       -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Nothing here lists a command or an option: the binary answers
#   ioasidctl __complete commands | options [COMMAND] | values KIND
# (see ioasidctl(8), COMPLETION), so a new command or option completes as
# soon as the binary knows it. Host options on the line being completed
# (--sim DIR, --sysroot DIR) choose the host whose sets, cgroups and
# devices are offered; IOASIDCTL_SIM works as for the command itself.

# Undo the shell quoting of the word being completed ("a\ b", 'a b').
_ioasidctl_dequote()
{
	local s=$1 out='' c k
	case $s in
	\'*) s=${s#\'}; printf '%s' "${s%\'}"; return ;;
	\"*) s=${s#\"}; printf '%s' "${s%\"}"; return ;;
	esac
	for ((k = 0; k < ${#s}; k++)); do
		c=${s:k:1}
		if [[ $c == \\ ]]; then
			((k++))
			c=${s:k:1}
		fi
		out+=$c
	done
	printf '%s' "$out"
}

# Add the candidates (one per line on stdin, not a pipe: COMPREPLY must
# be set in this shell) that start with $cur,
# quoted for the shell; with ':' or '=' in COMP_WORDBREAKS readline
# replaces only the part after the last one, so that part is given.
_ioasidctl_offer()
{
	local cur=$1 prefix=${2-} v q want trim=
	want=$(_ioasidctl_dequote "$cur")
	if [[ $cur == *[:=]* && $COMP_WORDBREAKS == *[:=]* ]]; then
		trim=${cur%"${cur##*[:=]}"}
		[[ $COMP_WORDBREAKS == *"${trim: -1}"* ]] || trim=
	fi
	while IFS= read -r v; do
		v=$prefix$v
		[[ -n $v && $v == "$want"* ]] || continue
		# quote only what the shell would take apart (cgroup names carry
		# backslashes: machine-qemu\x2d1...); lists keep their commas
		q=$v
		[[ $v == *[!A-Za-z0-9_./:,+=@%-]* ]] && printf -v q '%q' "$v"
		COMPREPLY+=("${q#"$trim"}")
	done
}

# Complete an argument of the given kind (ioasidctl __complete's KIND).
_ioasidctl_value()
{
	local kind=$1 cur=$2 bin=$3
	shift 3
	local -a host=("${@:1:$1+1}")
	host=("${host[@]:1}")
	shift $(($1 + 1))
	local -a cmd=("$@") v
	case $kind in
	none | value) ;;
	file)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		;;
	dir)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		;;
	enum:*)
		_ioasidctl_offer "$cur" < <(tr '|' '\n' <<<"${kind#enum:}")
		;;
	columns)
		# -o A,B,+C: complete the last name of the list
		local pre=${cur%"${cur##*,}"} last=${cur##*,}
		[[ -z $pre && $last == +* ]] && pre=+ last=${last#+}
		compopt -o nospace 2>/dev/null
		_ioasidctl_offer "$pre$last" "$pre" < <("$bin" "${host[@]}" "${cmd[@]}" --list-columns \
			--raw --noheadings 2>/dev/null | while read -r v _; do printf '%s\n' "$v"; done)
		;;
	*)
		_ioasidctl_offer "$cur" < <("$bin" "${host[@]}" __complete values "$kind" 2>/dev/null)
		;;
	esac
}

# The argument of a global option: --sim DIR, --sysroot DIR|ARCHIVE,
# --pci-dump FILE (the kinds come from the binary too).
_ioasidctl_global_arg()
{
	local bin=$1 opt=$2 cur=$3 w type long short kind
	while IFS=$'\t' read -r type long short kind _; do
		[[ $type == option && ($long == "$opt" || $short == "$opt") ]] || continue
		_ioasidctl_value "$kind" "$cur" "$bin" 0
		return 0
	done < <("$bin" __complete options 2>/dev/null)
	return 1
}

_ioasidctl()
{
	local line words cur bin i w
	COMPREPLY=()
	# the words up to the cursor, split at blanks only: device names and
	# --opt=value stay one word whatever COMP_WORDBREAKS says
	if [[ -n ${COMP_LINE-} ]]; then
		line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}}
		read -ra words <<<"$line"
		[[ $line == *[[:blank:]] ]] && words+=("")
	else
		words=("${COMP_WORDS[@]:0:COMP_CWORD+1}")
	fi
	((${#words[@]} >= 2)) || return 0
	local last=$((${#words[@]} - 1))
	cur=${words[last]}
	bin=${words[0]/#\~/$HOME}
	[[ $bin == */* ]] || bin=$(type -P "$bin") || return 0

	# host options anywhere on the line choose the host of the values
	local -a host=()
	for ((i = 1; i < last; i++)); do
		case ${words[i]} in
		--sim | --sysroot | --pci-dump) host+=("${words[i]}" "$(_ioasidctl_dequote "${words[i + 1]}")") ;;
		--sim=* | --sysroot=* | --pci-dump=*) host+=("${words[i]%%=*}=$(_ioasidctl_dequote "${words[i]#*=}")") ;;
		esac
	done

	# before the command: global options, each of these takes an argument
	i=1
	while ((i < last)) && [[ ${words[i]} == -* ]]; do
		case ${words[i]} in
		--sim | --sysroot | --pci-dump)
			if ((i + 1 == last)); then
				_ioasidctl_global_arg "$bin" "${words[i]}" "$cur"
				return 0
			fi
			((i += 2))
			;;
		*) ((i++)) ;;
		esac
	done
	local -a cmds tbl names=()
	if ((i == last)); then
		if [[ $cur == --*=* ]]; then
			_ioasidctl_global_arg "$bin" "${cur%%=*}" "${cur#*=}"
			[[ $COMP_WORDBREAKS == *=* ]] || COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
		elif [[ $cur == -* ]]; then
			_ioasidctl_offer "$cur" < <("$bin" __complete options 2>/dev/null |
				while IFS=$'\t' read -r _ long short _; do
					[[ $long != - && $long != end ]] && printf '%s\n' "$long"
					[[ $short != - && -n $short ]] && printf '%s\n' "$short"
				done)
		else
			_ioasidctl_offer "$cur" < <("$bin" __complete commands 2>/dev/null | cut -f1 |
				cut -d' ' -f1 | sort -u)
		fi
		return 0
	fi

	# the command: one word ("status") or a group and a name ("set list")
	mapfile -t cmds < <("$bin" __complete commands 2>/dev/null | cut -f1)
	local group=${words[i]} name=
	for w in "${cmds[@]}"; do
		[[ $w == "$group "* ]] && names+=("${w#* }")
	done
	if ((${#names[@]})); then
		if ((i + 1 == last)); then
			_ioasidctl_offer "$cur" < <(printf '%s\n' "${names[@]}")
			return 0
		fi
		name=${words[i + 1]}
		((i += 2))
	else
		((i += 1))
	fi
	local -a cmd=("$group")
	[[ -n $name ]] && cmd+=("$name")
	mapfile -t tbl < <("$bin" __complete options "${cmd[@]}" 2>/dev/null)
	((${#tbl[@]})) || return 0

	# the command's table: option kinds, positional kinds
	local -A kinds=()
	local -a opts=() argkind=() argrep=()
	local type long short kind argname
	for w in "${tbl[@]}"; do
		IFS=$'\t' read -r type long short kind argname _ <<<"$w"
		case $type in
		option)
			[[ $long != - ]] && opts+=("$long") && kinds[$long]=$kind
			[[ $short != - ]] && opts+=("$short") && kinds[$short]=$kind
			;;
		arg)
			# arg INDEX KIND WORD REPEAT
			argkind[long]=$short
			argrep[long]=$argname
			;;
		esac
	done

	# the words between the command and the cursor
	local npos=0
	for (( ; i < last; i++)); do
		w=${words[i]}
		if [[ $w == -?* && $w != --*=* ]]; then
			if [[ ${kinds[$w]-none} != none ]]; then
				if ((i + 1 == last)); then
					_ioasidctl_value "${kinds[$w]}" "$cur" "$bin" ${#host[@]} "${host[@]}" "${cmd[@]}"
					return 0
				fi
				((i++))
			fi
		elif [[ $w != -* ]]; then
			((npos++))
		fi
	done
	if [[ $cur == --*=* ]]; then
		_ioasidctl_value "${kinds[${cur%%=*}]-none}" "${cur#*=}" "$bin" ${#host[@]} "${host[@]}" "${cmd[@]}"
		# without '=' as a word break readline replaces the whole word
		[[ $COMP_WORDBREAKS == *=* ]] || COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
		return 0
	fi
	if [[ $cur == -* ]]; then
		_ioasidctl_offer "$cur" < <(printf '%s\n' "${opts[@]}")
		return 0
	fi
	# the positional argument this word is (the last one repeats with "...")
	local k
	for ((k = npos + 1; k >= 1; k--)); do
		[[ -n ${argkind[k]-} ]] || continue
		if ((k == npos + 1)) || [[ ${argrep[k]} == + ]]; then
			_ioasidctl_value "${argkind[k]}" "$cur" "$bin" ${#host[@]} "${host[@]}" "${cmd[@]}"
		fi
		break
	done
	return 0
}

complete -F _ioasidctl ioasidctl
