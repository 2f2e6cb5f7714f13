# Test targets, included by the top Makefile.  `make test` runs everything;
# each suite prints its own 'N passed, N failed' line.
TEST_SUITES :=
-include tests/unit/unit.mk
-include tests/guest/guest.mk

test: $(TEST_SUITES)
	@echo "all test suites passed: $(TEST_SUITES)"
