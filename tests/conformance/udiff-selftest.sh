#!/bin/sh
# conf_udiff can fail: the model's device layer against itself with a planted
# bugs (IOASID_ALLOC writes the clamped max back; the GET_IOASID dump ignores
# its STATE filter) must both be found
# (tests/conformance/udiff.c --self-test). Needs no device.
exec "${top_builddir:-.}/tests/conformance/conf_udiff" --self-test
