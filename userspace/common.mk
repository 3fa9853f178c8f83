# SPDX-License-Identifier: GPL-2.0
#
# What every user-space build of kernel code here shares: where the kernel
# tree is (SRC, never copied), the shared shim headers (shim/, not
# include/: tools/testing/memblock's linux/kernel.h includes
# <../../include/linux/kernel.h>, which must not find them from
# reserve/include), the rule that rebuilds everything when SRC changes, and
# where 6.1's own code is extracted to for the differential tests; and
# common/, the core the harnesses share.  A Makefile sets OUT
# and SRC_CHECK (files that must exist in SRC), then includes this.

USERSPACE_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
REPO_DIR := $(abspath $(USERSPACE_DIR)/..)
SRC ?= $(REPO_DIR)/work/linux
SHIM_INCLUDE := $(USERSPACE_DIR)/shim
SHIM_HDRS := $(wildcard $(SHIM_INCLUDE)/linux/*.h)
# common/: what the harnesses share (layouts and their generator, the
# seeded generator, the one printk capture, the kernel's globals, the
# cases' failures, rows and blocks), as tools/testing/memblock's
# tests/common.c; the parser's harnesses take only printk_capture.c
COMMON_DIR := $(USERSPACE_DIR)/common
COMMON_HDRS := $(wildcard $(COMMON_DIR)/*.h)
COMMON_OBJ_NAMES := layout.o layout_random.o rng.o cases.o printk_capture.o \
	kernel_globals.o
PARSE_DIR := $(USERSPACE_DIR)/parse
CORPUS := $(PARSE_DIR)/corpus

# 6.1's code is copied out of BASE_REF in SRC's git (default: the tag
# "base"), or out of the pristine 6.1 tree BASE_SRC if that is set.
BASE_REF ?= base
BASE_SRC ?=
BASE61 := $(OUT)/base61
BASE61_FROM = $(if $(BASE_SRC),$(BASE_SRC),$(SRC) $(BASE_REF))

.PHONY: check-src FORCE
check-src:
	@for f in $(SRC_CHECK); do test -e $(SRC)/$$f || \
		{ echo "no $(SRC)/$$f (set SRC=)" >&2; exit 1; }; done

# Rebuild everything when SRC changes, not only when its files are newer.
$(OUT)/src-path: FORCE | check-src
	@mkdir -p $(OUT)
	@echo '$(SRC)' | cmp -s - $@ || echo '$(SRC)' >$@
