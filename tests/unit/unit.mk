# Criterion unit tests of the runtime's tables, converters and the loader.
# They link the runtime objects themselves (non-PIE, as in abirun).
UNIT_SRCS := tests/unit/test_tables.c tests/unit/test_convert.c tests/unit/test_elf.c tests/unit/test_net.c
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/unit/%)

$(B)/tests/unit/%: tests/unit/%.c $(RT_OBJS) $(B)/host/loader/elf.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Wno-unused-parameter -no-pie -o $@ $< $(RT_OBJS) $(B)/host/loader/elf.o -lcriterion -lelf -lz

unit-tests: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t --jobs 2; done

TEST_SUITES += unit-tests
.PHONY: unit-tests
