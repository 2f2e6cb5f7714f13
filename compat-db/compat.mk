# compat-db test targets.  Included by the top-level make (tests/tests.mk,
# before its `test:` rule); uses B, CC and HOST_CFLAGS from the top Makefile.
#
#   make compat-tests   criterion unit tests tests/unit/test_compat_*.c
#   make compat-e2e     end-to-end CLI test through build/abirun (tests/compat/e2e.sh)
#   make compat-corpus  run the project's corpus (tests/corpus/manifest) into
#                       $(B)/compat.db, print the report, write $(B)/compat.html

COMPAT_OBJS       := $(patsubst %.c,$(B)/host/%.o,$(wildcard compat-db/*.c))
COMPAT_TEST_SRCS  := $(wildcard tests/unit/test_compat_*.c)
COMPAT_TEST_BINS  := $(COMPAT_TEST_SRCS:tests/unit/%.c=$(B)/tests/unit/%)
# The objects are built -fno-pie for the static image; the test programs
# link dynamically, so they are non-PIE too.
COMPAT_TEST_LIBS  := -no-pie -lcriterion -lelf -lz -lsqlite3 -lm -lpthread

# The version `run` records is ABIRUN_VERSION, compiled into util.o: rebuild
# it whenever `git describe` changes (the stamp is rewritten only then).
COMPAT_VERSION_STAMP := $(B)/host/compat-db/version.stamp
$(COMPAT_VERSION_STAMP): compat-version-force
	@mkdir -p $(@D)
	@echo '$(VERSION)' | cmp -s - $@ 2>/dev/null || echo '$(VERSION)' > $@
$(B)/host/compat-db/util.o: $(COMPAT_VERSION_STAMP)

$(B)/tests/unit/test_compat_%: tests/unit/test_compat_%.c tests/unit/test_compat.h $(COMPAT_OBJS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $< $(COMPAT_OBJS) $(COMPAT_TEST_LIBS)

# Each binary prints criterion's own synthesis line; a failure stops make.
compat-tests: $(COMPAT_TEST_BINS)
	@set -e; for t in $(COMPAT_TEST_BINS); do \
		echo "== $$t"; \
		$$t --jobs=2; \
	done

# The CLI end to end: scan, run (twice, with a broken second run),
# regressions, report, missing, html (+ headless Chromium when installed).
# The guest programs it runs come from tests/guest/guest.mk (demo, enosys).
COMPAT_E2E_GUESTS := $(filter %/freebsd/demo %/freebsd/enosys,$(GUEST_FREEBSD_PROGS))
compat-e2e: $(B)/abirun $(COMPAT_E2E_GUESTS)
	sh tests/compat/e2e.sh $(B)/abirun $(B)/tests/guest/freebsd

TEST_SUITES += compat-tests compat-e2e

# Not a test suite: it needs the npm registry, and the NetBSD entries fail
# until abirun runs NetBSD programs (that is what the report is for).
COMPAT_CORPUS_DB := $(B)/compat.db
compat-corpus: $(B)/abirun $(GUEST_FREEBSD_PROGS)
	-$(B)/abirun compat --db $(COMPAT_CORPUS_DB) run-manifest tests/corpus/manifest
	$(B)/abirun compat --db $(COMPAT_CORPUS_DB) report
	$(B)/abirun compat --db $(COMPAT_CORPUS_DB) missing
	$(B)/abirun compat --db $(COMPAT_CORPUS_DB) html $(B)/compat.html

.PHONY: compat-tests compat-e2e compat-corpus compat-version-force
