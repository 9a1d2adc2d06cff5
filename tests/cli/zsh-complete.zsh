# zsh -f zsh-complete.zsh FPATH_DIR LINE...: drive an interactive zsh on a
# pseudo-terminal (zsh/zpty) with compinit and the completion functions of
# FPATH_DIR, type each LINE followed by TAB and print every match zsh's
# completion system adds (one per line, unquoted), then "--". The matches
# are caught where they all pass, compadd (the idea of zsh's own Test/
# comptest); a run that never answers is ended by the caller's timeout.
# The markers are typed split ("<""m>") so the terminal's echo of the typed
# definitions never matches them: only their output does (a slow echo made
# the reads of every line lag one behind).
zmodload zsh/zpty || exit 77
zpty z zsh -f -i
zpty -w z "PS1='' RPS1='' PROMPT_EOL_MARK=''; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'unsetopt autolist automenu listbeep beep; zstyle ":completion:*" insert-tab false'
zpty -w z 'compadd() { local -a h; if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi; builtin compadd -A h "$@"; (( $#h )) && print -rl -- "<""m>"${^h} >/dev/tty; builtin compadd "$@"; }'
zpty -w z '_t() { zle complete-word; print -r -- "<""end>" >/dev/tty; }; zle -N _t; bindkey "^I" _t; print -r -- "<""ready>"'
zpty -r z l '*<ready>*'
shift
for line in "$@"; do
	zpty -n -w z "$line"$'\t'
	while zpty -r z l; do
		l=${l//$'\r'/}
		l=${l%$'\n'}
		[[ $l == *'<end>'* ]] && break
		[[ $l == *'<m>'* ]] && print -r -- "${l#*<m>}"
	done
	print -r -- --
	zpty -n -w z $'\C-u'
done
zpty -d z
