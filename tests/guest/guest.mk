# Guest test programs (included by tests/tests.mk).
#
#   tests/guest/*.c               differential tests: built for FreeBSD and for
#                                 Linux; run.sh runs the Linux twin natively and
#                                 the FreeBSD build under abirun and compares
#                                 stdout and exit status byte for byte
#   tests/guest/freebsd-only/*.c  FreeBSD-only tests, checked against
#                                 NAME.expected (+ NAME.status, NAME.stderr)
#   tests/guest/demo/demo.c       the friendly program `make demo` runs
#   tests/guest/crt/              the programs' own _start, syscalls, mini libc
#
# Outputs: $(B)/tests/guest/freebsd/NAME and $(B)/tests/guest/linux/NAME.

GUEST_SRC := tests/guest
GUEST_OUT := $(B)/tests/guest

GUEST_TARGET_freebsd := x86_64-unknown-freebsd13
GUEST_TARGET_linux   := x86_64-linux-gnu

GUEST_CFLAGS  := -std=gnu11 -O1 -g -Wall -Wextra -Werror -ffreestanding -nostdinc \
                 -fno-stack-protector -fno-pic -fno-asynchronous-unwind-tables \
                 -I$(GUEST_SRC)/crt
GUEST_LDFLAGS := -nostdlib -static -fuse-ld=lld

GUEST_DIFF_NAMES := $(patsubst $(GUEST_SRC)/%.c,%,$(wildcard $(GUEST_SRC)/*.c))
GUEST_FBSD_NAMES := $(patsubst $(GUEST_SRC)/freebsd-only/%.c,%,$(wildcard $(GUEST_SRC)/freebsd-only/*.c))
GUEST_CRT_NAMES  := crt/start crt/crt crt/sys

DEMO_GUEST := $(GUEST_OUT)/freebsd/demo

GUEST_FREEBSD_PROGS := $(GUEST_DIFF_NAMES:%=$(GUEST_OUT)/freebsd/%) \
                       $(GUEST_FBSD_NAMES:%=$(GUEST_OUT)/freebsd/%) $(DEMO_GUEST)
GUEST_LINUX_PROGS   := $(GUEST_DIFF_NAMES:%=$(GUEST_OUT)/linux/%)
GUEST_PROGS         := $(GUEST_FREEBSD_PROGS) $(GUEST_LINUX_PROGS)

# Per-OS compile and link rules.  An object is looked up in the
# differential directory first, then freebsd-only/ and demo/ (FreeBSD only).
define guest_os_rules
GUEST_CRT_OBJS_$(1) := $$(GUEST_CRT_NAMES:%=$$(GUEST_OUT)/obj/$(1)/%.o)

$$(GUEST_OUT)/obj/$(1)/%.o: $$(GUEST_SRC)/%.c
	@mkdir -p $$(@D)
	$$(CLANG) --target=$$(GUEST_TARGET_$(1)) $$(GUEST_CFLAGS) -MMD -MP -c $$< -o $$@

$$(GUEST_OUT)/obj/$(1)/%.o: $$(GUEST_SRC)/%.S
	@mkdir -p $$(@D)
	$$(CLANG) --target=$$(GUEST_TARGET_$(1)) $$(GUEST_CFLAGS) -MMD -MP -c $$< -o $$@

$$(GUEST_OUT)/$(1)/%: $$(GUEST_OUT)/obj/$(1)/%.o $$(GUEST_CRT_OBJS_$(1))
	@mkdir -p $$(@D)
	$$(CLANG) --target=$$(GUEST_TARGET_$(1)) $$(GUEST_LDFLAGS) -o $$@ $$< $$(GUEST_CRT_OBJS_$(1))
endef
$(eval $(call guest_os_rules,freebsd))
$(eval $(call guest_os_rules,linux))

$(GUEST_OUT)/obj/freebsd/%.o: $(GUEST_SRC)/freebsd-only/%.c
	@mkdir -p $(@D)
	$(CLANG) --target=$(GUEST_TARGET_freebsd) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(GUEST_OUT)/obj/freebsd/%.o: $(GUEST_SRC)/demo/%.c
	@mkdir -p $(@D)
	$(CLANG) --target=$(GUEST_TARGET_freebsd) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

# keep the objects (otherwise make deletes them as intermediate files)
GUEST_OBJS := $(foreach os,freebsd linux,$(GUEST_CRT_NAMES:%=$(GUEST_OUT)/obj/$(os)/%.o) \
                $(GUEST_DIFF_NAMES:%=$(GUEST_OUT)/obj/$(os)/%.o)) \
              $(GUEST_FBSD_NAMES:%=$(GUEST_OUT)/obj/freebsd/%.o) $(GUEST_OUT)/obj/freebsd/demo.o
.SECONDARY: $(GUEST_OBJS)

guest-progs: $(GUEST_PROGS)

guest-tests: $(B)/abirun $(GUEST_PROGS)
	sh $(GUEST_SRC)/run.sh $(B)/abirun $(B)

# run.sh --trace: one FreeBSD program under `abirun --trace=FILE`
guest-trace-test: $(B)/abirun $(GUEST_PROGS)
	sh $(GUEST_SRC)/run.sh --trace $(B)/abirun $(B)

TEST_SUITES += guest-tests

.PHONY: guest-progs guest-tests guest-trace-test
