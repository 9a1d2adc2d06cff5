#!/bin/sh
# stats2series.sh [-l LABELS] [-i SECONDS] STEP...: the input_series of a
# promtool rules test (promtool test rules; Prometheus's unit testing
# documentation) made from real `ioasidctl stats` output, one STEP per
# evaluation interval, as Prometheus would have scraped them through
# node_exporter's textfile collector:
#   FILE  the collector serves FILE, written by `ioasidctl stats -o` at
#         this step (ioasid_scrape_timestamp_seconds becomes this step's
#         time, promtool's clock starting at 0);
#   +     it serves the previous step's file again, unchanged (a timer that
#         stopped: the timestamp stays);
#   -     it serves no file (the file was removed): no sample, "_".
# A series that a step no longer has gets "stale" there, the staleness
# marker Prometheus writes when a series leaves a successful scrape.
# LABELS (default instance="host1",job="node") are added to every series,
# as Prometheus adds its target labels; -i is the interval (default 60).
# Output: the YAML list items of input_series, indented for a test group
# (see tests/prometheus/*.yml), one series per name and label set seen in
# any step, with "_" where a step lacks it. Series in FILE are parsed as
# the text format 0.0.4 writes them: `name{labels} value` or `name value`
# (comments skipped; ioasidctl stats writes no timestamps).
set -eu
labels='instance="host1",job="node"'
interval=60
while getopts l:i: o; do
	case $o in
	l) labels=$OPTARG ;;
	i) interval=$OPTARG ;;
	*) echo "usage: stats2series.sh [-l LABELS] [-i SECONDS] STEP..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "stats2series.sh: no step" >&2; exit 2; }
step=0
prev=""
for arg in "$@"; do
	case $arg in
	-) echo "STEP $step absent" ;;
	+)
		[ -n "$prev" ] || { echo "stats2series.sh: step $step: '+' with nothing before" >&2; exit 2; }
		echo "STEP $step again"
		;;
	*)
		[ -r "$arg" ] || { echo "stats2series.sh: $arg: cannot read" >&2; exit 2; }
		echo "STEP $step file"
		grep -v '^#' "$arg" | grep -v '^$' || true
		prev=$arg
		;;
	esac
	step=$((step + 1))
done | awk -v labels="$labels" -v interval="$interval" '
function key_of(line,    sp, head) {
	# the value is the last field: label values may hold spaces
	sp = match(line, / [^ ]+$/)
	head = substr(line, 1, sp - 1)
	val = substr(line, sp + 1)
	if (index(head, "{"))
		return substr(head, 1, index(head, "{")) labels "," substr(head, index(head, "{") + 1)
	return head "{" labels "}"
}
$1 == "STEP" {
	n = $2 + 1
	mode = $3
	if (mode == "file") { delete cur; written = $2 * interval }
	if (mode == "absent") delete cur
	# "again": cur, the samples of the previous file, stays
	for (k in cur) v[k, $2] = cur[k]
	next
}
{
	k = key_of($0)
	if (k ~ /^ioasid_scrape_timestamp_seconds\{/) val = written
	if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
	cur[k] = val
	v[k, n - 1] = val
}
END {
	for (i = 1; i <= nk; i++) {
		k = order[i]
		s = ""
		for (t = 0; t < n; t++)
			s = s (t ? " " : "") ((k, t) in v ? v[k, t] : t && ((k, t - 1) in v) ? "stale" : "_")
		gsub(/\x27/, "\x27\x27", k)	# YAML single quotes: doubled
		printf "      - series: \x27%s\x27\n        values: \x27%s\x27\n", k, s
	}
}'
