# vm tests fragment (tests/vm/README.md).  Not part of `make check`: it needs
# root, apt access and ~2.5 minutes of QEMU/TCG.  Include from Makefile.am to get
#   make vm-check    stage an install, boot the kernel x config matrix, compare
VM_OUT ?= $(abs_top_builddir)/vm-out
VM_STAGE ?= $(abs_top_builddir)/vm-stage

vm-check: all
	rm -rf '$(VM_STAGE)'
	$(MAKE) $(AM_MAKEFLAGS) install DESTDIR='$(VM_STAGE)'
	$(top_srcdir)/tests/vm/run.sh --stage '$(VM_STAGE)' --out '$(VM_OUT)'
	$(top_srcdir)/tests/vm/check.sh --ioasidctl '$(abs_top_builddir)/src/cmd/ioasidctl' '$(VM_OUT)'

.PHONY: vm-check
