#!/bin/sh
# conf_udiff can fail: the model's device layer against itself with a planted
# bug (IOASID_ALLOC writes the clamped max back) must disagree
# (tests/conformance/udiff.c --self-test). Needs no device.
exec "${top_builddir:-.}/tests/conformance/conf_udiff" --self-test
