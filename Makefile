# abirun — run FreeBSD/NetBSD x86-64 ELF programs on Linux.
#
#   make            build build/abirun (runs ./configure if needed)
#   make demo       install what is missing, build, run a real foreign binary
#   make check      install what is missing, build, run every test
#   make bench      benchmarks against native Linux (not part of check)
#   make status     regenerate the README status table from abi-tables/

-include config.mk

B       := build
ABIS    := freebsd-amd64 linux-amd64
CC      ?= gcc
CLANG   ?= clang
GO      ?= go
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

# abirun is static and non-PIE at a fixed address: the seccomp filter allows
# exactly this text range, and a filter survives execve, so a re-executed
# abirun must land at the same place (docs/design.md).
IMAGE_BASE := 0x60000000

WARN      := -Wall -Wextra -Werror
COMMON    := -std=gnu11 -O2 -g $(WARN) -fno-pie -I. -I$(B)/gen
# Runtime code runs while the guest owns %fs: no glibc, no stack protector,
# no TLS, no implicit library calls except into libc-shim.
RT_CFLAGS := $(COMMON) -ffreestanding -fno-builtin -fno-stack-protector -fno-pic \
             -fno-tree-loop-distribute-patterns -fno-omit-frame-pointer
HOST_CFLAGS := $(COMMON) -D_GNU_SOURCE -DABIRUN_VERSION='"$(VERSION)"'
LDFLAGS   := -static -no-pie -Wl,-Ttext-segment=$(IMAGE_BASE) -Wl,-z,noexecstack
LIBS      := -lelf -lz -lunwind -llzma -lsqlite3 -lm -lpthread

RT_SRCS   := $(wildcard libc-shim/*.c) $(wildcard syscalls/*.c)
RT_ASM    := $(wildcard syscalls/*.S)
GEN_SRCS  := $(ABIS:%=$(B)/gen/abi-%.c) $(B)/gen/linux-names.c
# compat-db joins the build once its make fragment exists.
COMPAT_SRCS := $(if $(wildcard compat-db/compat.mk),$(wildcard compat-db/*.c))
HOST_SRCS := $(wildcard loader/*.c) $(COMPAT_SRCS)

RT_OBJS   := $(RT_SRCS:%.c=$(B)/rt/%.o) $(RT_ASM:%.S=$(B)/rt/%.o) $(GEN_SRCS:$(B)/gen/%.c=$(B)/rt/gen/%.o)
HOST_OBJS := $(HOST_SRCS:%.c=$(B)/host/%.o)

all: $(B)/abirun

# A fresh machine gets its packages here (apt, as root): `make demo` and
# `make check` need nothing installed beforehand.
config.mk: configure
	./configure --install-deps

$(B)/gen/abi-%.c: abi-tables/gen-tables.awk abi-tables/%/abi.conf abi-tables/%/syscalls.tab abi-tables/%/consts.tab abi-tables/%/sysctl.tab
	@mkdir -p $(@D)
	awk -v ABI=$* -f abi-tables/gen-tables.awk abi-tables/$*/abi.conf abi-tables/$*/syscalls.tab \
		abi-tables/$*/consts.tab abi-tables/$*/sysctl.tab > $@.tmp && mv $@.tmp $@

# Linux syscall names for --trace=host, from the kernel headers.
LINUX_UNISTD := $(firstword $(wildcard /usr/include/x86_64-linux-gnu/asm/unistd_64.h /usr/include/asm/unistd_64.h))
$(B)/gen/linux-names.c: $(LINUX_UNISTD)
	@mkdir -p $(@D)
	{ echo '/* Generated from $(LINUX_UNISTD). */'; \
	  echo 'const char *const linux_syscall_names[512] = {'; \
	  awk '/^#define __NR_/{n=$$2; sub("__NR_","",n); printf "\t[%s] = \"%s\",\n", $$3, n}' $<; \
	  echo '};'; echo 'const unsigned linux_syscall_count = 512;'; } > $@

$(B)/rt/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(RT_CFLAGS) -MMD -c $< -o $@
$(B)/rt/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(RT_CFLAGS) -MMD -c $< -o $@
$(B)/rt/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(RT_CFLAGS) -c $< -o $@
$(B)/host/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -c $< -o $@

# The glibc-freedom proof: every symbol the runtime objects use must be
# defined by a runtime object.  A reference to glibc (or to host-phase code)
# from anything reachable from a trap fails the build.
$(B)/runtime-symbols.ok: $(RT_OBJS)
	@nm -u $(RT_OBJS) | awk 'NF==2{print $$2}' | sort -u > $(B)/rt-undef.txt
	@nm --defined-only $(RT_OBJS) | awk 'NF==3{print $$3}' | sort -u > $(B)/rt-def.txt
	@comm -23 $(B)/rt-undef.txt $(B)/rt-def.txt > $(B)/rt-foreign.txt; \
	if [ -s $(B)/rt-foreign.txt ]; then \
		echo "runtime code references symbols outside libc-shim/runtime:"; cat $(B)/rt-foreign.txt; exit 1; \
	fi
	@echo "runtime is glibc-free: $$(wc -l < $(B)/rt-undef.txt) symbols, all defined in runtime objects"
	@touch $@

# --version prints `git describe`: rebuild main.o when it changes.
VERSION_STAMP := $(B)/host/version.stamp
$(VERSION_STAMP): version-force
	@mkdir -p $(@D)
	@echo '$(VERSION)' | cmp -s - $@ 2>/dev/null || echo '$(VERSION)' > $@
$(B)/host/loader/main.o: $(VERSION_STAMP)

$(B)/abirun: $(RT_OBJS) $(HOST_OBJS) $(B)/runtime-symbols.ok
	$(CC) $(LDFLAGS) -o $@ $(RT_OBJS) $(HOST_OBJS) $(LIBS)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
-include tests/tests.mk
-include bench/bench.mk

deps:
	./configure --install-deps

# The README's status table and docs/syscall-status.md come from the tables.
TABLES := $(ABIS:%=abi-tables/%/syscalls.tab)
status:
	@awk -v mode=summary -f abi-tables/status.awk $(TABLES) > $(B)/status.md.tmp
	@awk 'BEGIN{while((getline l < "$(B)/status.md.tmp")>0) t=t l "\n"} \
	     /<!-- status:begin -->/{print; printf "%s", t; skip=1; next} /<!-- status:end -->/{skip=0} !skip' README.md > README.md.tmp && mv README.md.tmp README.md
	@{ echo '# Syscall status'; echo; echo 'Generated by `make status` from `abi-tables/*/syscalls.tab`: every call that is'; \
	   echo 'not fully implemented. Missing calls return ENOSYS and are counted by `--stats`.'; echo; \
	   awk -v mode=list -f abi-tables/status.awk $(TABLES); } > docs/syscall-status.md
	@echo "README.md and docs/syscall-status.md updated"

status-check: $(B)/abirun
	@mkdir -p $(B)/status && cp README.md docs/syscall-status.md $(B)/status/
	@$(MAKE) -s status >/dev/null
	@if cmp -s README.md $(B)/status/README.md && cmp -s docs/syscall-status.md $(B)/status/syscall-status.md; then \
		echo "status-check: 1 passed, 0 failed"; \
	else cp $(B)/status/README.md README.md; cp $(B)/status/syscall-status.md docs/syscall-status.md; \
		echo "README status table is stale: run 'make status'"; echo "status-check: 0 passed, 1 failed"; exit 1; fi

demo: deps
	$(MAKE) all
	$(MAKE) demo-run

# A FreeBSD program of ours, then a real one nobody here wrote (esbuild for
# FreeBSD from npm), each under abirun.
demo-run: $(B)/abirun $(DEMO_GUEST)
	@echo "== $(DEMO_GUEST): $$(readelf -h $(DEMO_GUEST) | awk -F: '/OS\/ABI/{gsub(/^ +/,"",$$2); print $$2}') executable"
	$(B)/abirun --stats $(DEMO_GUEST) hello from abirun
	@if [ -f tests/go/go.mk ]; then $(MAKE) --no-print-directory demo-esbuild; fi

check: deps
	$(MAKE) all
	$(MAKE) test

clean:
	rm -rf $(B)

.PHONY: all deps demo demo-run check test clean bench status status-check version-force
