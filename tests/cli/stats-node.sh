#!/bin/sh
# ioasidctl stats end to end: prometheus-node-exporter on a loopback port
# (every default collector off but textfile, pointed at a private
# directory) serves what `stats -o DIR/ioasid.prom` wrote; /metrics fetched
# with curl holds every ioasid_ sample of the file with the same labels
# and value, and the values a scripted history on an emulated host implies
# (derived by hand, as in stats.sh). Our own exporter only: it is never the
# system service and never port 9100, and it is killed on every way out.
. "${top_srcdir:-.}/tests/cli/lib.sh"
exporter=$(command -v prometheus-node-exporter || command -v node_exporter) ||
	{ echo "SKIP: prometheus-node-exporter not installed"; exit 77; }
command -v curl >/dev/null || { echo "SKIP: curl not installed"; exit 77; }
tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

d=$tmp/sim
mkdir "$tmp/textfile"
"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null || { echo "not ok - sim init"; exit 1; }
export IOASIDCTL_SIM="$d"
vm1='/machine.slice/machine-qemu\x2d1\x2dvm1.scope'
"$IOASIDCTL" cgroup set-limit "$vm1" --form misc 3 >/dev/null
"$IOASIDCTL" sim inject-prq "$d" --ioasid 1 --count 7 --unit dmar1 >/dev/null
"$IOASIDCTL" stats -o "$tmp/textfile/ioasid.prom"
check "stats -o into the textfile directory" [ $? -eq 0 ]

# a free loopback port of 19100..19119: the exporter exits when its port
# is taken, so try the next one then; wait until it answers (bounded)
port=19100
while [ "$port" -lt 19120 ]; do
	"$exporter" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$tmp/textfile" \
		>"$tmp/exporter.log" 2>&1 &
	pid=$!
	tries=0
	while [ "$tries" -lt 100 ] && kill -0 "$pid" 2>/dev/null; do
		curl -sf "http://127.0.0.1:$port/metrics" -o "$tmp/scrape" 2>/dev/null && break
		sleep 0.1
		tries=$((tries + 1))
	done
	if kill -0 "$pid" 2>/dev/null && [ -s "$tmp/scrape" ] &&
		grep -q '^node_textfile_scrape_error' "$tmp/scrape"; then
		break
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=""
	port=$((port + 1))
done
[ -n "$pid" ] || { echo "not ok - node exporter did not start:"; cat "$tmp/exporter.log"; exit 1; }
echo "# node exporter pid $pid on 127.0.0.1:$port"

# one sample per line: labels sorted by name, the value as a number where
# it is one (the exporter re-renders 1048576 as 1.048576e+06)
norm() {
	grep '^ioasid_' "$1" | awk '
	function num(v) { return v ~ /^[-+]?[0-9.]+([eE][-+]?[0-9]+)?$/ ? sprintf("%.17g", v + 0) : v }
	{
		s = $0; i = 1; name = ""; n = 0
		while (i <= length(s) && (c = substr(s, i, 1)) != "{" && c != " ") { name = name c; i++ }
		if (c == "{") {
			i++
			while (substr(s, i, 1) != "}") {
				lab = ""
				while ((c = substr(s, i, 1)) != "=") { lab = lab c; i++ }
				i += 2; val = ""
				while ((c = substr(s, i, 1)) != "\"") {
					if (c == "\\") { val = val c; i++; c = substr(s, i, 1) }
					val = val c; i++
				}
				i++
				if (substr(s, i, 1) == ",") i++
				l[++n] = lab "=\"" val "\""
			}
			i++
		}
		for (a = 2; a <= n; a++)	# insertion sort of the labels
			for (b = a; b > 1 && l[b - 1] > l[b]; b--) { t = l[b]; l[b] = l[b - 1]; l[b - 1] = t }
		out = name "{"
		for (a = 1; a <= n; a++) out = out (a > 1 ? "," : "") l[a]
		print out "} " num(substr(s, i + 1))
	}' | sort
}
norm "$tmp/textfile/ioasid.prom" >"$tmp/want"
norm "$tmp/scrape" >"$tmp/got"
check "scrape: the textfile collector read the file without error" \
	grep -q '^node_textfile_scrape_error 0$' "$tmp/scrape"
check "scrape: the file's mtime is exported" grep -q '^node_textfile_mtime_seconds{file=".*ioasid.prom"}' "$tmp/scrape"
check "scrape: ioasid_ samples served ($(wc -l <"$tmp/got"))" [ "$(wc -l <"$tmp/got")" -gt 50 ]
check "scrape: every sample of the file, same labels and value" cmp -s "$tmp/want" "$tmp/got"
has() { grep -qxF "$1" "$tmp/got"; }
check "scrape: dmar1 interrupts 7" has 'ioasid_iommu_page_request_interrupts_total{iommu="dmar1",irq="27"} 7'
check "scrape: capacity 2^20" has 'ioasid_capacity{} 1048576'
check "scrape: vm1 misc max 3 (escaped cgroup label)" \
	has 'ioasid_cgroup_max{cgroup="/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope",controller="misc"} 3'
check "scrape: vm1 ioasids max 64" \
	has 'ioasid_cgroup_max{cgroup="/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope",controller="ioasids"} 64'
check "scrape: machine.slice misc max is +Inf" has 'ioasid_cgroup_max{cgroup="/machine.slice",controller="misc"} +Inf'
check "scrape: set 2 holds 2 (one bound, one idle)" has 'ioasid_set_allocated{set="2"} 2'
check "scrape: no scrape error" [ "$(grep -c '^ioasid_scrape_error{.*} 1$' "$tmp/got")" -eq 0 ]
check "scrape: TYPE counter kept" grep -q '^# TYPE ioasid_iommu_page_request_interrupts_total counter$' "$tmp/scrape"

# a new file replaces the old one between scrapes
"$IOASIDCTL" sim inject-prq "$d" --ioasid 1 --count 5 --unit dmar1 >/dev/null
"$IOASIDCTL" stats -o "$tmp/textfile/ioasid.prom"
curl -sf "http://127.0.0.1:$port/metrics" -o "$tmp/scrape2"
norm "$tmp/scrape2" >"$tmp/got"
check "second scrape: dmar1 interrupts 7 + 5" \
	has 'ioasid_iommu_page_request_interrupts_total{iommu="dmar1",irq="27"} 12'
check "second scrape: no temporary file seen" \
	[ "$(grep -c '^node_textfile_mtime_seconds' "$tmp/scrape2")" -eq 1 ]
echo "# sample scrape:"
grep -E '^ioasid_(iommu_info|iommu_page_request_interrupts_total|capacity|set_ioasids\{set="2"|cgroup_max|scrape_error\{source="cgroup")' "$tmp/scrape2" | sed 's/^/# /'
finish
