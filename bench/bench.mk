# Benchmarks (included by the top Makefile): `make bench`.
#
# Builds the bench programs, then bench/run.sh runs everything with native
# and abirun runs interleaved and prints the table and `ratio NAME VALUE`
# lines; $(B)/bench/results.json holds the same.  See bench/README.md.
#
#   $(BENCH_BIN)/{linux,freebsd}/micro   syscall loops (bench/c/micro.c)
#   $(BENCH_BIN)/{linux,freebsd}/nop     the start-up program
#   $(BENCH_BIN)/runner                  fork/exec/wait4: wall time, rusage
#   $(BENCH_BIN)/trapcost                native pieces of the trap path
#   $(BENCH_BIN)/dispatch                abirun's trap_sigsys called directly
#                                        (linked with the runtime objects)
# The Go programs and the npm packages are built/fetched by run.sh, which
# reports a figure as n/a instead of failing when they cannot be.

BENCH_OUT := $(B)/bench
BENCH_BIN := $(BENCH_OUT)/bin

BENCH_TARGET_linux   := x86_64-linux-gnu
BENCH_TARGET_freebsd := x86_64-unknown-freebsd13
BENCH_GUEST_CFLAGS   := -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -fno-builtin -nostdinc \
                        -fno-stack-protector -fno-pic -fno-asynchronous-unwind-tables
BENCH_GUEST_LDFLAGS  := -nostdlib -static -fuse-ld=lld
BENCH_HOST_CFLAGS    := -std=gnu11 -O2 -Wall -Wextra -Werror -static -no-pie

define bench_guest_rule
$(BENCH_BIN)/$(1)/%: bench/c/%.c bench/c/os.h
	@mkdir -p $$(@D)
	$$(CLANG) --target=$$(BENCH_TARGET_$(1)) $$(BENCH_GUEST_CFLAGS) $$(BENCH_GUEST_LDFLAGS) -o $$@ $$<
endef
$(eval $(call bench_guest_rule,linux))
$(eval $(call bench_guest_rule,freebsd))

$(BENCH_BIN)/runner: bench/host/runner.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_HOST_CFLAGS) -o $@ $<

$(BENCH_BIN)/trapcost: bench/host/trapcost.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_HOST_CFLAGS) -o $@ $<

# Runtime code: the same flags as the runtime objects it links with.
$(BENCH_OUT)/obj/dispatch.o: bench/host/dispatch.c $(B)/abirun
	@mkdir -p $(@D)
	$(CC) $(RT_CFLAGS) -c $< -o $@

$(BENCH_BIN)/dispatch: $(BENCH_OUT)/obj/dispatch.o $(RT_OBJS)
	@mkdir -p $(@D)
	$(CC) -static -no-pie -o $@ $(BENCH_OUT)/obj/dispatch.o $(RT_OBJS)

BENCH_PROGS := $(foreach os,linux freebsd,$(BENCH_BIN)/$(os)/micro $(BENCH_BIN)/$(os)/nop) \
               $(BENCH_BIN)/runner $(BENCH_BIN)/trapcost

# perf and valgrind profile the trap path; they are optional, so a failed
# install only thins the report.
BENCH_TOOLS := linux-perf:perf valgrind:valgrind

bench-tools:
	@for pt in $(BENCH_TOOLS); do \
		pkg=$${pt%%:*}; tool=$${pt#*:}; \
		command -v $$tool >/dev/null 2>&1 && continue; \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "bench: installing $$pkg"; \
			{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $$pkg; } </dev/null >/dev/null 2>&1 \
				|| echo "bench: could not install $$pkg; the trap profile will lack it" >&2; \
		else echo "bench: $$tool missing (install $$pkg as root); the trap profile will lack it" >&2; fi; \
	done

# The dispatch harness uses runtime internals (trap_sigsys, struct
# rt_thread); if they change so that it no longer builds, the bench still
# runs and the breakdown says what it lacks.
bench: $(B)/abirun $(BENCH_PROGS) bench-tools
	@$(MAKE) --no-print-directory $(BENCH_BIN)/dispatch >$(BENCH_OUT)/dispatch-build.log 2>&1 || \
		{ rm -f $(BENCH_BIN)/dispatch; \
		  echo "bench: the dispatch harness did not build (see $(BENCH_OUT)/dispatch-build.log)" >&2; }
	GO="$(GO)" NPM="$(or $(NPM),npm)" NODE="$(or $(NODE),node)" sh bench/run.sh $(B)

.PHONY: bench-tools
