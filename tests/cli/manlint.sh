#!/bin/sh
# Every man page is mandoc -Tlint clean (warnings count).
command -v mandoc >/dev/null || { echo "SKIP: mandoc not installed"; exit 77; }
rc=0
for m in "${top_srcdir:-.}"/man/*.[1-8]; do
	if mandoc -Tlint -W warning "$m"; then echo "ok - $m"; else echo "not ok - $m"; rc=1; fi
done
exit $rc
