# Test targets, included by the top Makefile.  `make test` runs every suite;
# each prints its own 'N passed, N failed' (or Criterion's) summary line.
TEST_SUITES := status-check
-include tests/unit/unit.mk
-include tests/guest/guest.mk
-include compat-db/compat.mk
-include tests/go/go.mk

test: $(TEST_SUITES)
	@echo "all test suites passed: $(TEST_SUITES)"
