# SPDX-License-Identifier: GPL-2.0
#
# pvh-dom0 - wrapper around Kbuild for the out-of-tree modules, plus the
# project's checks and tests.  `make help` lists the targets.

KVER ?= $(shell $(CURDIR)/scripts/kernel-version)
KDIR ?= /usr/src/linux-headers-$(KVER)
BUILD ?= $(or $(PVH_BUILD),$(CURDIR)/build)
export PVH_BUILD := $(BUILD)

KMAKE = $(MAKE) -C $(KDIR) M=$(CURDIR)

# Sparse fails the build only when told to; W=1 warnings are errors here.
CHECK_FLAGS = C=2 CHECK="sparse -Wsparse-error" W=1 KCFLAGS=-Werror

.PHONY: all modules clean check checkpatch kernel-doc install setup \
	unit lab demo test help deb package-test docs bench-blk \
	bench-net bench-dom0

all: modules

modules:
	$(KMAKE) modules

# Not Kbuild's own clean: for M= it deletes every *.o and *.ko below this
# folder, build/ (the lab's kernel modules and root filesystems) included.
clean:
	find $(wildcard arch drivers include tools) -name '*.o' -o -name '*.ko' \
		-o -name '*.mod' -o -name '*.mod.c' -o -name '.*.cmd' \
		-o -name '.*.d' -o -name 'modules.order' | xargs -r rm -f
	rm -f Module.symvers modules.order
	if [ -d tools/testing/unit ]; then $(MAKE) -C tools/testing/unit clean; fi

setup:
	scripts/setup.sh all

# sparse (C=2, every file) and W=1 in one rebuild, then checkpatch and
# kernel-doc over our sources.  dkms-modules --check: the module list DKMS
# and the docs use is what Kbuild built; modparams.py --check: every module
# parameter is described and in the admin guide.
check: checkpatch kernel-doc
	$(MAKE) -s clean
	$(KMAKE) $(CHECK_FLAGS) modules
	scripts/dkms-modules --check
	scripts/modparams.py --check
	$(MAKE) -s clean

checkpatch:
	scripts/check-sources.sh checkpatch

kernel-doc:
	scripts/check-sources.sh kernel-doc $(KDIR)

# Not signed here: Kbuild would look for the key Debian keeps to itself.
# Sign with your enrolled key (DKMS does, with MOK) where lockdown needs it.
# PVH_DOM0_NO_BENCH=1: the lab's benchmark-only modules are not installed.
install:
	$(KMAKE) PVH_DOM0_NO_BENCH=1 modules
	$(KMAKE) PVH_DOM0_NO_BENCH=1 INSTALL_MOD_DIR=updates \
		CONFIG_MODULE_SIG_ALL= modules_install
	depmod -a $(KVER)

unit:
	$(MAKE) -C tools/testing/unit run

lab: modules
	tools/testing/lab/lab run $(if $(SCENARIOS),$(SCENARIOS),--all)

demo: modules
	tools/testing/lab/demo

# The block backend benchmark (Documentation/benchmarks.rst): one lab boot,
# ours vs the in-tree xen-blkback vs dom0-native; prints the figures.
bench-blk: modules
	tools/testing/lab/lab run blk-bench

# The network backend benchmark (Documentation/benchmarks.rst): one lab
# boot, TCP between a guest and dom0 through ours vs the in-tree
# xen-netback; prints the figures.
bench-net: modules
	tools/testing/lab/lab run net-bench

# The dom0 devices' benchmarks (Documentation/benchmarks.rst): one lab boot
# with the in-tree xen-evtchn and xen-gntdev on /dev/xen/evtchn and gntdev,
# and ours beside them as /dev/xen/evtchn-bench and /dev/xen/gntdev-bench.
bench-dom0: modules
	tools/testing/lab/lab run --intree xen-evtchn,xen-gntdev \
		evtchn-bench gntdev-bench

test:
	tools/testing/run-tests

# The Debian package pvh-dom0-dkms, built from a copy of the tree as git
# sees it, into $(BUILD)/package/src/.  package-test also installs it into
# a throwaway Debian 12 root and checks what DKMS did (TAP).
deb:
	tools/testing/package/run --deb-only

package-test:
	tools/testing/package/run

# HTML documentation (Sphinx, Graphviz) into $(BUILD)/docs; warnings are
# errors.  -E: every page is read again, so a warning is never hidden by
# the cache of an earlier build.
docs:
	sphinx-build -E -W --keep-going -q -b html -d $(BUILD)/docs-doctrees \
		Documentation $(BUILD)/docs

help:
	@echo 'make            build every module against $$(KDIR)'
	@echo '                (KVER=$(KVER))'
	@echo 'make check      sparse (C=2), W=1, checkpatch --strict, kernel-doc'
	@echo 'make install    install into /lib/modules/$$(KVER)/updates, depmod'
	@echo 'make unit       userspace unit tests of the protocol parsers'
	@echo 'make lab [SCENARIOS="a b"]   boot the QEMU/Xen lab, run scenarios'
	@echo 'make demo       the lab demo: a PVH dom0 serving a guest'
	@echo 'make bench-blk  benchmark xen-blkback: ours, in-tree, dom0-native'
	@echo 'make bench-net  benchmark xen-netback: ours, in-tree (TCP, guest-dom0)'
	@echo 'make bench-dom0 benchmark xen-evtchn and xen-gntdev: ours, in-tree'
	@echo 'make test       everything: setup, build, check, unit, lab'
	@echo 'make setup      install/cache what the build and the lab need'
	@echo 'make deb        the pvh-dom0-dkms .deb, in $$(BUILD)/package/src'
	@echo 'make package-test  build the .deb, install it in a throwaway root (TAP)'
	@echo 'make docs       HTML documentation into $$(BUILD)/docs'
