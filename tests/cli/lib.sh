# Shared helpers for the shell tests: check NAME CMD... counts and reports,
# finish prints the "N passed, N failed" line and sets the exit status.
IOASIDCTL=${IOASIDCTL:-./build/src/cmd/ioasidctl}
npass=0
nfail=0
check() {
	name=$1
	shift
	if "$@"; then
		npass=$((npass + 1))
		echo "ok - $name"
	else
		nfail=$((nfail + 1))
		echo "not ok - $name"
	fi
}
match() { printf '%s\n' "$1" | grep -Eq -- "$2"; }
finish() {
	echo "$npass passed, $nfail failed"
	[ "$nfail" -eq 0 ]
}
