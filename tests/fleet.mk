# Deployment: the Prometheus rules checked and unit-tested with promtool on
# real `ioasidctl stats` output (tests/prometheus), the systemd units
# checked with systemd-analyze (tests/systemd). The Debian package test
# (installing the .debs in a debootstrap chroot) takes minutes and runs
# from scripts/test.sh, not here.
TESTS += tests/prometheus/rules.sh tests/systemd/units.sh
EXTRA_DIST += tests/prometheus/rules.sh tests/prometheus/stats2series.sh \
	tests/prometheus/alerts.yml tests/systemd/units.sh
