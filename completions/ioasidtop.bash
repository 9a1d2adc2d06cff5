# bash completion for ioasidtop(8)                       -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Generic on purpose: the options are whatever `ioasidtop --help` lists
# ("-d, --delay=SEC" or "--delay SEC" forms); an option whose argument is
# named DIR completes directories, FILE or ARCHIVE files, and an argument
# written a|b|c its alternatives.

_ioasidtop()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' bin=${COMP_WORDS[0]/#\~/$HOME} help line arg
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	help=$("$bin" --help 2>/dev/null) || [[ -n $help ]] || return 0
	# --opt=VALUE as one word (when '=' is a word break, prev is "=")
	if [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi
	if [[ $prev == -* ]]; then
		# the help line naming prev, and the argument name written after it
		while IFS= read -r line; do
			[[ $line =~ (^|[[:space:],])$prev([= ]([^[:space:]]+))? ]] || continue
			arg=${BASH_REMATCH[3]}
			[[ -n $arg && $arg != -* ]] || arg=
			break
		done <<<"$help"
		case $arg in
		"") ;;
		*DIR*\|* | *FILE* | *ARCHIVE*)
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			return 0
			;;
		*DIR*)
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -d -- "$cur")
			return 0
			;;
		*[a-z]\|[a-z]*)
			mapfile -t COMPREPLY < <(compgen -W "${arg//|/ }" -- "$cur")
			return 0
			;;
		*) return 0 ;;
		esac
	fi
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(grep -oE -- '(^|[[:space:],])--?[[:alnum:]?][[:alnum:]-]*' <<<"$help" |
			tr -d ' ,\t' | sort -u)" -- "$cur")
	fi
	return 0
}

complete -F _ioasidtop ioasidtop
