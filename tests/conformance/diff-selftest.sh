#!/bin/sh
# conf_diff can fail: the model against a copy of itself with a planted bug
# must disagree (tests/conformance/diff.c --self-test). Needs no device.
exec "${top_builddir:-.}/tests/conformance/conf_diff" --self-test
