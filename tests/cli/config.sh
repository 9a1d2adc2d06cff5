#!/bin/sh
# config save / config apply on a fresh `sim init --vms 2`, on captured
# hosts and on the live host. Expected values come from sim init's
# documented initial state (ioasidctl-sim(8); tests/cli/mut.sh): VT-d's
# null set 1 with quota 32768, the VMs' mm sets 2 and 3 with quota 1024
# and two IOASIDs each, ioasids.max 64 in each VM scope, misc.max and
# /machine.slice's limits max, nothing reserved of the 1048576 capacity;
# and from the documents written here. Every saved document is validated
# against the shipped JSON Schema (python3-jsonschema).
. "$(dirname "$0")/lib.sh"
src=${top_srcdir:-.}
schema=$src/share/ioasidctl/config.schema.json
python3 -c 'import jsonschema' 2>/dev/null ||
	{ echo "SKIP: python3-jsonschema not installed (scripts/install-deps.sh)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$tmp/host
"$IOASIDCTL" sim init "$d" --vms 2 >/dev/null || { echo "sim init failed"; exit 1; }
S() { "$IOASIDCTL" --sim "$d" "$@"; }
gen() { readlink "$d/current"; }
valid() {
	python3 - "$schema" "$1" <<'PY'
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
PY
}
# the schema itself is a valid 2020-12 schema
check "the shipped schema is a valid JSON Schema" python3 -c "
import json, jsonschema, sys
jsonschema.Draft202012Validator.check_schema(json.load(open('$schema')))"

# --- save on the emulated host
S config save -o "$tmp/saved.json" 2>"$tmp/err"
check "config save -o: exit 0" [ $? -eq 0 ]
check "  the document validates against the schema" valid "$tmp/saved.json"
check "  mode 0644, no temporary file left" [ "$(stat -c %a "$tmp/saved.json")" = 644 -a "$(ls -A "$tmp" | grep -c '^\.saved')" -eq 0 ]
j=$(tr -d ' \n' <"$tmp/saved.json")
scope1='/machine.slice/machine-qemu\\\\x2d1\\\\x2dvm1.scope'
check "  VM 1's scope: ioasids.max 64 (sim init)" match "$j" "\"cgroup\":\"$scope1\",\"form\":\"ioasids\",\"limit\":64"
check "  VM 1's scope: misc.max max" match "$j" "\"cgroup\":\"$scope1\",\"form\":\"misc\",\"limit\":\"max\""
check "  capacity reserved 0" match "$j" '"capacity":\{"reserved":0\}'
check "  sets 1..3 with quotas 32768, 1024, 1024" match "$j" '"sets":\[\{"set":1,"quota":32768\},\{"set":2,"quota":1024\},\{"set":3,"quota":1024\}\]'

# --- a document to apply: by path and by unit, reservation, a quota
cat >"$tmp/want.json" <<'J'
{
  "schema_version": 1,
  "cgroups": [
    {"cgroup": "/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope", "form": "ioasids", "limit": 128},
    {"unit": "machine-qemu\\x2d2\\x2dvm2.scope", "form": "misc", "limit": 32},
    {"cgroup": "/machine.slice", "form": "misc", "limit": "max"}
  ],
  "capacity": {"reserved": 1000},
  "sets": [{"set": 2, "quota": 2048}, {"set": 3, "quota": 1024}]
}
J
check "the hand-written document validates too" valid "$tmp/want.json"
g0=$(gen)
S config apply "$tmp/want.json" --dry-run -J >"$tmp/out" 2>"$tmp/err"
rc=$?
j=$(tr -d ' \n' <"$tmp/out")
check "apply --dry-run: exit 0" [ $rc -eq 0 ]
check "  publishes nothing ($g0)" [ "$(gen)" = "$g0" ]
check "  plans 64 -> 128 as would-set" match "$j" '"item":"\$.cgroups\[0\]".*"old":64,"new":128,"plan":"change","result":"would-set"'
check "  plans the unit's misc.max max -> 32" match "$j" '"item":"\$.cgroups\[1\]".*"old":"max","new":32,"plan":"change"'
check "  /machine.slice misc max: unchanged" match "$j" '"item":"\$.cgroups\[2\]".*"plan":"unchanged","result":"unchanged"'
check "  set 3 quota 1024: unchanged" match "$j" '"item":"\$.sets\[1\]".*"old":1024,"new":1024,"plan":"unchanged"'

S config apply "$tmp/want.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "apply: exit 0" [ $rc -eq 0 ]
check "  four items set" [ "$(grep -c 'change  *set ' "$tmp/out")" -eq 4 ]
check "  one generation per changed item (4)" [ "$(gen)" = "gen-$((${g0#gen-} + 4))" ]
check "  VM 1's ioasids.max reads 128" match "$(S cgroup show '/machine.slice/machine-qemu\x2d1\x2dvm1.scope' -J | tr -d ' \n')" '"max":128'
check "  set 2's quota reads 2048" match "$(S set show 2 -J | tr -d ' \n')" '"quota":2048'
check "  reserved reads 1000" match "$(S capacity show -J | tr -d ' \n')" '"reserved":1000'

# the second apply: every item unchanged, nothing written (generation and
# every file's mtime in the host directory stay)
g1=$(gen)
find "$d" -printf '%p %T@\n' | sort >"$tmp/before"
sleep 1
S config apply "$tmp/want.json" -J >"$tmp/out" 2>"$tmp/err"
rc=$?
find "$d" -printf '%p %T@\n' | sort >"$tmp/after"
j=$(tr -d ' \n' <"$tmp/out")
check "second apply: exit 0" [ $rc -eq 0 ]
check "  every item unchanged" [ "$(grep -c '"result": "unchanged"' "$tmp/out")" -eq 6 ]
check "  nothing written (generation $g1, no mtime changed)" [ "$(gen)" = "$g1" ] && cmp -s "$tmp/before" "$tmp/after"

S config apply - <"$tmp/want.json" >"$tmp/out" 2>"$tmp/err"
check "apply - (standard input): exit 0, every item unchanged" [ $? -eq 0 ] && [ "$(grep -c 'unchanged unchanged' "$tmp/out")" -eq 6 ]

# --- validation: one error naming the JSON path, nothing written
bad() {
	name=$1 want=$2 path=$3
	printf '%s' "$4" >"$tmp/bad.json"
	g=$(gen)
	S config apply "$tmp/bad.json" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "$name: exit $want" [ $rc -eq "$want" ]
	check "  one stderr line naming $path" [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF "bad.json: $path:" "$tmp/err"
	check "  nothing written" [ "$(gen)" = "$g" ] && [ ! -s "$tmp/out" ]
}
bad "unknown key" 2 '$.cgroups[0].lmit' '{"schema_version":1,"cgroups":[{"cgroup":"/machine.slice","form":"misc","lmit":3}]}'
bad "wrong type" 2 '$.cgroups[0].limit' '{"schema_version":1,"cgroups":[{"cgroup":"/machine.slice","form":"misc","limit":"3"}]}'
bad "negative limit" 2 '$.cgroups[0].limit' '{"schema_version":1,"cgroups":[{"cgroup":"/machine.slice","form":"misc","limit":-1}]}'
bad "fractional quota" 2 '$.sets[0].quota' '{"schema_version":1,"sets":[{"set":2,"quota":1.5}]}'
bad "quota 0" 2 '$.sets[0].quota' '{"schema_version":1,"sets":[{"set":2,"quota":0}]}'
bad "unknown schema_version" 2 '$.schema_version' '{"schema_version":2}'
bad "syntax: trailing comma" 2 'line 1, column' '{"schema_version":1,}'
bad "text after the document" 2 'line 1, column' '{"schema_version":1} {}'
bad "a path with .." 2 '$.cgroups[2].cgroup' '{"schema_version":1,"cgroups":[{"cgroup":"/a","form":"misc","limit":1},{"cgroup":"/b","form":"misc","limit":1},{"cgroup":"/machine.slice/../x","form":"misc","limit":1}]}'
bad "a cgroup that does not exist (the third item)" 3 '$.cgroups[2].cgroup' '{"schema_version":1,"cgroups":[{"cgroup":"/machine.slice","form":"misc","limit":7},{"cgroup":"/machine.slice","form":"ioasids","limit":7},{"cgroup":"/nosuch","form":"misc","limit":1}]}'
bad "a unit that does not exist" 3 '$.cgroups[0].unit' '{"schema_version":1,"cgroups":[{"unit":"nosuch.scope","form":"misc","limit":1}]}'
bad "a set that does not exist" 3 '$.sets[0].set' '{"schema_version":1,"sets":[{"set":99,"quota":5}]}'
bad "a quota below the set's 2 IOASIDs (EINVAL, seed:7908)" 1 '$.sets[0].quota' '{"schema_version":1,"sets":[{"set":2,"quota":1}]}'
bad "a reservation past available (ENOSPC, seed:6421)" 1 '$.capacity.reserved' '{"schema_version":1,"capacity":{"reserved":1048576}}'
bad "ioasids.max past the capacity (ENOSPC, seed:4292)" 1 '$.cgroups[0].limit' '{"schema_version":1,"cgroups":[{"cgroup":"/machine.slice","form":"ioasids","limit":2000000}]}'
bad "the same cgroup twice" 2 '$.cgroups[1]' '{"schema_version":1,"cgroups":[{"cgroup":"/machine.slice","form":"misc","limit":1},{"cgroup":"/machine.slice","form":"misc","limit":2}]}'
bad "a unit and its path: the same cgroup" 2 '$.cgroups[1]' '{"schema_version":1,"cgroups":[{"cgroup":"/machine.slice/machine-qemu\\x2d2\\x2dvm2.scope","form":"misc","limit":1},{"unit":"machine-qemu\\x2d2\\x2dvm2.scope","form":"misc","limit":2}]}'
printf '{"schema_version":1,"sets":[{"set":2,"quota":5}]}\0' >"$tmp/bad.json"
S config apply "$tmp/bad.json" >/dev/null 2>"$tmp/err"
check "a NUL byte: exit 2" [ $? -eq 2 ]
S config apply "$tmp/none.json" >/dev/null 2>"$tmp/err"
check "a missing file: exit 3" [ $? -eq 3 ]

# --- a failure half-way: each check passes alone, together they exceed
# the available capacity. The reservation is written, the quota refused
# (ENOSPC), the result says which.
avail=$(S capacity show -J | tr -d ' \n' | sed 's/.*"available":\([0-9]*\).*/\1/')
res=$((1000 + avail - 500))
printf '{"schema_version":1,"capacity":{"reserved":%d},"sets":[{"set":3,"quota":%d},{"set":1,"quota":32768}]}' \
	"$res" $((1024 + 600)) >"$tmp/half.json"
S config apply "$tmp/half.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "half-way failure: exit 1" [ $rc -eq 1 ]
check "  the reservation set" grep -q '^\$.capacity .* set ' "$tmp/out"
check "  set 3's quota failed (ENOSPC)" grep -q '^\$.sets\[0\] .*failed.*ENOSPC' "$tmp/out"
check "  reserved reads $res (the part written stays)" match "$(S capacity show -J | tr -d ' \n')" "\"reserved\":$res"
check "  set 3's quota still 1024" match "$(S set show 3 -J | tr -d ' \n')" '"quota":1024'
check "  one stderr line naming \$.sets[0]" [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF '$.sets[0]' "$tmp/err"
# the same with -J: one document, the items and the error object
res=$((res + 100))
printf '{"schema_version":1,"capacity":{"reserved":%d},"sets":[{"set":3,"quota":%d}]}' \
	"$res" $((1024 + 500)) >"$tmp/half.json"
S config apply "$tmp/half.json" -J >"$tmp/out" 2>"$tmp/err"
rc=$?
j=$(tr -d ' \n' <"$tmp/out")
check "half-way failure with -J: exit 1, one JSON document" [ $rc -eq 1 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out"
check "  items: the reservation set, the quota failed" \
	match "$j" '"item":"\$.capacity".*"result":"set".*"item":"\$.sets\[0\]".*"result":"failed"'
check "  the error object: \$.sets[0], ENOSPC, exit_status 1" \
	match "$j" '"error":\{"object":"\$.sets\[0\]","errno":"ENOSPC",.*"exit_status":1\}\}$'

# --- a snapshot is read-only; save works on one
v=$src/tests/data/vm/6.12-vtd-sm/sysroot
"$IOASIDCTL" --sysroot "$v" config apply "$tmp/want.json" >/dev/null 2>&1
check "apply on a snapshot: exit 4" [ $? -eq 4 ]
"$IOASIDCTL" --sysroot "$v" config save >"$tmp/snap.json" 2>"$tmp/err"
check "save on the captured 6.12 guest: exit 0" [ $? -eq 0 ]
check "  validates against the schema" valid "$tmp/snap.json"
check "  says why the extension's sections are missing" grep -q 'capacity and sets not saved: .*not supported by this kernel' "$tmp/err"

# --- the live host: no kernel has the extension, so those items are
# unsupported, each saying why (exit 4), and nothing is written
"$IOASIDCTL" config save >"$tmp/live.json" 2>"$tmp/err"
check "save on the live host: exit 0" [ $? -eq 0 ]
check "  validates against the schema" valid "$tmp/live.json"
printf '{"schema_version":1,"capacity":{"reserved":3},"sets":[{"set":1,"quota":5}]}' >"$tmp/ext.json"
env -u IOASIDCTL_SIM "$IOASIDCTL" config apply "$tmp/ext.json" >"$tmp/out" 2>"$tmp/err"
check "apply of extension items on the live host: exit 4" [ $? -eq 4 ]
check "  each item unsupported with the reason" [ "$(grep -c 'unsupported unsupported .*/sys/kernel/ioasid' "$tmp/out")" -eq 2 ]
finish
