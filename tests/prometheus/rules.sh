#!/bin/sh
# The shipped Prometheus rules (dist/prometheus/ioasid-rules.yml):
# - promtool check rules;
# - every metric a rule names is one ioasidctl stats writes: the names in
#   the rules' expressions and annotation queries, against the union of
#   the names in every stats output made here and the list of
#   ioasidctl-stats(8) (and that list documents every name written);
#   the check itself must catch a planted rule naming ioasid_no_such and up;
# - promtool test rules (tests/prometheus/alerts.yml) on series made by
#   stats2series.sh from real `ioasidctl stats` output: emulated hosts
#   driven into each alert's condition (capacity, a set's quota, a cgroup
#   limit, page-request storms, a firmware change), the real kernels of
#   tests/data/vm (a kernel's mode change, a unit that lost CAP_SYS_ADMIN),
#   staleness; and every alert silent on every captured kernel and on an
#   idle emulated host.
. "${top_srcdir:-.}/tests/cli/lib.sh"
command -v promtool >/dev/null ||
	{ echo "SKIP: promtool not installed (Debian package prometheus)"; exit 77; }
top=${top_srcdir:-.}
rules=$(cd "$top/dist/prometheus" && pwd)/ioasid-rules.yml
s2s=$top/tests/prometheus/stats2series.sh
vmdata=${IOASID_STATS_VM_DATA:-$top/tests/data/vm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ctl() { "$IOASIDCTL" "$@" >/dev/null 2>"$tmp/ctl.err" || { echo "# failed: ioasidctl $*"; cat "$tmp/ctl.err"; return 1; }; }
# stats into FILE (all of them are kept for the name check)
stats() { f=$1; shift; "$IOASIDCTL" "$@" stats >"$tmp/prom/$f" 2>/dev/null; }
# rep N WORD: WORD N times (steps that serve the same file, rewritten)
rep() { i=0; while [ "$i" -lt "$1" ]; do printf '%s ' "$2"; i=$((i + 1)); done; }
mkdir "$tmp/prom" "$tmp/series"
P=$tmp/prom

check "promtool check rules" promtool check rules "$rules"

# ---- scenarios: real stats output, step by step ----
fail=0
# capacity-low: available cut to 65536 by a reservation after step 0
d=$tmp/low
ctl sim init "$d" --vms 2 || fail=1
stats low-0 --sim "$d"
avail=$(cat "$d/current/sys/kernel/ioasid/capacity/available")
ctl --sim "$d" capacity reserve $((avail - 65536)) || fail=1
stats low-1 --sim "$d"
check "capacity-low: available 65536 in the rendered file" \
	[ "$(cat "$d/current/sys/kernel/ioasid/capacity/available")" = 65536 ]
sh "$s2s" $P/low-0 $(rep 20 $P/low-1) >"$tmp/series/capacity-low" || fail=1

# capacity-exhausted: capacity reserve 0 reserves everything available
d=$tmp/exh
ctl sim init "$d" --vms 2 || fail=1
stats exh-0 --sim "$d"
ctl --sim "$d" capacity reserve 0 || fail=1
stats exh-1 --sim "$d"
sh "$s2s" $P/exh-0 $(rep 10 $P/exh-1) >"$tmp/series/capacity-exhausted" || fail=1

# capacity-trend: available 200000, then a null set with quota 1024
# every 5 minutes for 6 hours
d=$tmp/trend
ctl sim init "$d" --vms 2 || fail=1
avail=$(cat "$d/current/sys/kernel/ioasid/capacity/available")
ctl --sim "$d" capacity reserve $((avail - 200000)) || fail=1
steps=""
i=0
while [ "$i" -le 72 ]; do
	[ "$i" -eq 0 ] || ctl --sim "$d" set create --type null --quota 1024 || fail=1
	stats "trend-$i" --sim "$d"
	steps="$steps $P/trend-$i"
	i=$((i + 1))
done
sh "$s2s" -i 300 $steps >"$tmp/series/capacity-trend" || fail=1

# set-quota: set 4 (null, quota 100) to 50, 95, 100 (+1 refused); vm2's
# set 3 quota cut to the 2 it holds
d=$tmp/set
ctl sim init "$d" --vms 2 || fail=1
ctl --sim "$d" set create --type null --quota 100 || fail=1
ctl --sim "$d" alloc --set 4 --count 50 || fail=1
stats set-0 --sim "$d"
ctl --sim "$d" alloc --set 4 --count 45 || fail=1
ctl --sim "$d" set quota 3 2 || fail=1
stats set-1 --sim "$d"
ctl --sim "$d" alloc --set 4 --count 5 || fail=1
"$IOASIDCTL" --sim "$d" alloc --set 4 --count 1 >/dev/null 2>&1
check "set-quota: the 101st allocation of set 4 is refused" [ $? -ne 0 ]
stats set-2 --sim "$d"
sh "$s2s" $(rep 3 $P/set-0) $(rep 15 $P/set-1) $(rep 11 $P/set-2) >"$tmp/series/set-quota" || fail=1

# cgroup-limit: vm1 (pid 4001, holding 2) limited to 3 in the misc form,
# allocates 1 (at the limit), then 1 more, refused
d=$tmp/cg
vm1='/machine.slice/machine-qemu\x2d1\x2dvm1.scope'
ctl sim init "$d" --vms 2 || fail=1
ctl --sim "$d" cgroup set-limit "$vm1" --form misc 3 || fail=1
ctl --sim "$d" alloc --vm 4001 --count 1 || fail=1
stats cg-0 --sim "$d"
"$IOASIDCTL" --sim "$d" alloc --vm 4001 --count 1 >/dev/null 2>&1
check "cgroup-limit: vm1's fourth IOASID is refused" [ $? -ne 0 ]
stats cg-1 --sim "$d"
check "cgroup-limit: misc.events says ioasid.max 1" \
	grep -qx 'ioasid.max 1' "$d/current/sys/fs/cgroup$vm1/misc.events"
sh "$s2s" $(rep 5 $P/cg-0) $(rep 15 $P/cg-1) >"$tmp/series/cgroup-limit" || fail=1

# prq-storm: 600000 page requests on dmar1 every minute
d=$tmp/prq
ctl sim init "$d" --vms 2 || fail=1
stats prq-0 --sim "$d"
steps=$P/prq-0
i=1
while [ "$i" -le 20 ]; do
	ctl sim inject-prq "$d" --ioasid 1 --count 600000 --unit dmar1 || fail=1
	stats "prq-$i" --sim "$d"
	steps="$steps $P/prq-$i"
	i=$((i + 1))
done
sh "$s2s" $steps >"$tmp/series/prq-storm" || fail=1

# answer-firmware: the same emulated machine with the PASID switch on, off
ctl sim init "$tmp/on" --platform spr-dsa --vms 2 || fail=1
ctl sim init "$tmp/off" --platform spr-dsa-pasid-off --vms 2 || fail=1
stats fw-on --sim "$tmp/on"
stats fw-off --sim "$tmp/off"
sh "$s2s" $(rep 10 $P/fw-on) $(rep 20 $P/fw-off) >"$tmp/series/answer-firmware" || fail=1

# the real kernels: answer-kernel(-better) from the guests' dump archives;
# scrape-error from a capture whose PCI config files are cut to 64 bytes
sm=$vmdata/6.12-vtd-sm
lg=$vmdata/6.12-vtd-legacy
if [ -f "$sm/dump.tar.gz" ] && [ -f "$lg/dump.tar.gz" ]; then
	stats k-sm --sysroot "$sm/dump.tar.gz"
	stats k-legacy --sysroot "$lg/dump.tar.gz"
	check "the 6.12 scalable-mode dump answers pasid yes" \
		grep -qx 'ioasid_host_answer{question="pasid",answer="yes"} 1' "$P/k-sm"
	check "the 6.12 legacy-mode dump answers pasid no" \
		grep -qx 'ioasid_host_answer{question="pasid",answer="no"} 1' "$P/k-legacy"
	sh "$s2s" $(rep 10 $P/k-sm) $(rep 20 $P/k-legacy) >"$tmp/series/answer-kernel" || fail=1
	sh "$s2s" $(rep 10 $P/k-legacy) $(rep 20 $P/k-sm) >"$tmp/series/answer-kernel-better" || fail=1
	cp -a "$sm/sysroot" "$tmp/cut"
	n=0
	for c in "$tmp"/cut/sys/bus/pci/devices/*/config; do
		c=$(readlink -f "$c")
		case $c in "$tmp"/cut/*) ;; *) echo "# $c: outside the copy"; fail=1; continue ;; esac
		head -c 64 "$c" >"$c.64" && mv "$c.64" "$c" && n=$((n + 1))
	done
	check "scrape-error: $n config files cut to 64 bytes" [ "$n" -gt 0 ]
	stats err-0 --sysroot "$sm/sysroot"
	stats err-1 --sysroot "$tmp/cut"
	sh "$s2s" $(rep 5 $P/err-0) $(rep 25 $P/err-1) >"$tmp/series/scrape-error" || fail=1
else
	echo "not ok - the 6.12 vm captures ($sm, $lg) are missing"
	fail=1
fi

# stale-absent: rewritten 5 times, then served unchanged, then removed
d=$tmp/stale
ctl sim init "$d" --vms 2 || fail=1
stats stale --sim "$d"
sh "$s2s" $(rep 5 $P/stale) $(rep 16 +) $(rep 25 -) >"$tmp/series/stale-absent" || fail=1
check "every scenario ran" [ "$fail" -eq 0 ]

# ---- quiet: no alert on a captured kernel or an idle emulated host ----
alerts=$(sed -n 's/^ *- alert: *//p' "$rules")
quiet() {	# NAME FILE: 40 fresh steps of FILE, every alert silent at 39m
	{
		printf '  - name: quiet-%s\n    interval: 1m\n    input_series:\n' "$1"
		sh "$s2s" $(rep 40 "$2") || return 1
		printf '    alert_rule_test:\n'
		for a in $alerts; do
			printf '      - eval_time: 39m\n        alertname: %s\n        exp_alerts: []\n' "$a"
		done
	} >>"$tmp/quiet.yml"
}
: >"$tmp/quiet.yml"
nq=0
for run in "$vmdata"/*/; do
	rn=$(basename "$run")
	[ -d "$run/sysroot" ] || continue
	stats "vm-$rn" --sysroot "$run/sysroot" && quiet "$rn" "$P/vm-$rn" && nq=$((nq + 1))
	# the guest's own run on its live kernel (as captured, older builds)
	[ -f "$run/stats.txt" ] && cp "$run/stats.txt" "$P/guest-$rn" && quiet "guest-$rn" "$P/guest-$rn"
done
ctl sim init "$tmp/idle" --vms 4 || fail=1
stats idle --sim "$tmp/idle"
quiet idle "$P/idle"
check "quiet groups: every capture ($nq) and an idle emulated host" [ "$nq" -ge 8 ]

# ---- the test file: the template with its series, and the quiet groups ----
awk -v rules="$rules" -v dir="$tmp/series" '
	{ sub(/@RULES@/, rules) }
	/^ *# series: / {
		f = dir "/" $3
		while ((getline line < f) > 0) print line
		close(f)
		next
	}
	{ print }' "$top/tests/prometheus/alerts.yml" >"$tmp/alerts.yml"
cat "$tmp/quiet.yml" >>"$tmp/alerts.yml"
check "every series placeholder filled" eval '! grep -q "^ *# series: " "$tmp/alerts.yml"'
promtool test rules "$tmp/alerts.yml" >"$tmp/test.out" 2>&1
rc=$?
sed 's/^/# /' "$tmp/test.out"
check "promtool test rules: $(grep -c '^  - name:' "$tmp/alerts.yml") groups" [ "$rc" -eq 0 ]
[ -n "${IOASID_RULES_KEEP:-}" ] && cp "$tmp/alerts.yml" "$IOASID_RULES_KEEP"

# ---- the metric names the rules use ----
# names_used RULES: every metric name in the expressions (identifiers that
# are not functions, keywords, label names or durations) and every
# ioasid_* word elsewhere (annotation queries), one per line
names_used() {
	awk '
	function flush() { if (expr != "") print expr; expr = ""; inblock = 0 }
	/^ *#/ { next }
	inblock && match($0, /^ */) && RLENGTH > ind { expr = expr " " $0; next }
	inblock { flush() }
	/^ *expr: *[>|]-? *$/ { inblock = 1; match($0, /^ */); ind = RLENGTH; expr = ""; next }
	/^ *expr: / { sub(/^ *expr: */, ""); print; next }
	END { flush() }' "$1" | sed -E '
		s/"([^"\\]|\\.)*"//g
		s/\{[^}]*\}//g
		s/\[[^]]*\]//g
		s/\<(by|without|on|ignoring|group_left|group_right) *\([^)]*\)//g
		s/\<[a-zA-Z_][a-zA-Z0-9_]* *\(/(/g
		s/\<(and|or|unless|bool|offset)\>//g' |
		grep -oE '(^|[^a-zA-Z0-9_:.])[a-zA-Z_:][a-zA-Z0-9_:]*' | sed -E 's/^[^a-zA-Z_:]//'
	grep -v '^ *#' "$1" | grep -v '^ *- record:' | grep -oE '\<ioasid_[a-z0-9_:]+'
}
# names_known: written by stats here, documented, or recorded by the rules
names_known() {
	cat "$P"/* | sed -n 's/^\(ioasid_[a-zA-Z0-9_]*\)[{ ].*/\1/p'
	sed -n 's/^\.It Sy \(ioasid_[a-z0-9_]*\).*/\1/p' "$top/man/ioasidctl-stats.8"
	sed -n 's/^ *- record: *//p' "$1"
}
unknown_names() {	# RULES: the names used that nobody writes
	names_used "$1" | sort -u >"$tmp/used"
	names_known "$1" | sort -u >"$tmp/known"
	comm -23 "$tmp/used" "$tmp/known"
}
u=$(unknown_names "$rules")
[ -z "$u" ] || echo "# used by the rules, written by no ioasidctl stats: $u"
check "every metric the rules name is written by ioasidctl stats" [ -z "$u" ]
check "the name check found the rules' metrics ($(wc -l <"$tmp/used") names)" \
	eval 'grep -qx ioasid_capacity_available "$tmp/used" && grep -qx ioasid_host_answer_decided_by "$tmp/used" && grep -qx ioasid_iommu_page_request_interrupts_total "$tmp/used"'
check "no label, function or keyword taken for a metric" \
	eval '! grep -qxE "instance|job|set|cgroup|controller|rate|increase|predict_linear|and|on|unless|time|max_over_time|sum" "$tmp/used"'
cp "$rules" "$tmp/planted.yml"
cat >>"$tmp/planted.yml" <<'PLANT'
      - alert: Planted
        expr: >-
          rate(ioasid_no_such_total{iommu="x"}[5m]) > 0
          and on (instance) up == 1
PLANT
u=$(unknown_names "$tmp/planted.yml" | tr '\n' ' ')
check "the name check catches planted ioasid_no_such_total and up ($u)" \
	[ "$u" = "ioasid_no_such_total up " ]
# and the other way: ioasidctl-stats(8) documents every name written
cat "$P"/* | sed -n 's/^\(ioasid_[a-zA-Z0-9_]*\)[{ ].*/\1/p' | sort -u >"$tmp/written"
sed -n 's/^\.It Sy \(ioasid_[a-z0-9_]*\).*/\1/p' "$top/man/ioasidctl-stats.8" | sort -u >"$tmp/documented"
u=$(comm -23 "$tmp/written" "$tmp/documented" | tr '\n' ' ')
check "ioasidctl-stats(8) documents every metric written ($(wc -l <"$tmp/written") names) $u" [ -z "$u" ]
finish
