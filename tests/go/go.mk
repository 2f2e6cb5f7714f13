# Go test material (included by tests/tests.mk).
#
#   make go-tests       tests/go/NAME/: each program built for linux and for
#                       freebsd; tests/go/run.sh runs the linux build natively
#                       and the freebsd build under abirun and compares
#   make gostd-tests    Go standard-library test suites (go test -c) for linux
#                       and freebsd, pass sets compared (tests/gostd/run.sh)
#   make esbuild-test   @esbuild/freebsd-x64 under abirun vs @esbuild/linux-x64
#                       on tests/corpus/esbuild/project (byte-identical output)
#   make demo-esbuild   the same, shown to a person
#
# Builds need no network: stdlib only, GOPROXY=off, caches under $(B).
# Outputs: $(B)/tests/go/{linux,freebsd}/NAME, $(B)/tests/gostd/{linux,freebsd}/PKG.test,
# $(B)/corpus-cache/esbuild/.

GO_SRC     := tests/go
GO_OUT     := $(B)/tests/go
GO_ENV     := env GOCACHE=$(abspath $(B))/gocache GOPATH=$(abspath $(B))/gopath \
              GOPROXY=off GOFLAGS= GO111MODULE=on GOWORK=off CGO_ENABLED=0 GOARCH=amd64
GO_SOURCES := $(GO_SRC)/go.mod $(wildcard $(GO_SRC)/*/*.go $(GO_SRC)/internal/*/*.go)

# One `go build` per GOOS builds every program (go's own cache makes it incremental).
$(GO_OUT)/%/.built: $(GO_SOURCES)
	@mkdir -p $(@D)
	cd $(GO_SRC) && $(GO_ENV) GOOS=$* $(GO) build -trimpath -o $(abspath $(@D))/ ./...
	@touch $@

go-progs: $(GO_OUT)/linux/.built $(GO_OUT)/freebsd/.built

go-tests: $(B)/abirun go-progs
	sh $(GO_SRC)/run.sh $(B)/abirun $(B)

# The harness checked against itself: the linux build on both sides.
go-tests-native: go-progs
	sh $(GO_SRC)/run.sh --native $(B)/abirun $(B)

# Consecutive runs (the issue's stability bar: ten without a flake).
go-tests-stress: $(B)/abirun go-progs
	@i=1; bad=0; while [ $$i -le $${RUNS:-10} ]; do \
		sh $(GO_SRC)/run.sh $(B)/abirun $(B) > $(GO_OUT)/stress.log 2>&1 || bad=$$((bad + 1)); \
		echo "run $$i: $$(tail -n 1 $(GO_OUT)/stress.log)"; \
		grep -E '^(FAIL|XPASS)' $(GO_OUT)/stress.log; \
		i=$$((i + 1)); done; \
	echo "go-tests-stress: $$bad of $${RUNS:-10} runs failed"; [ $$bad = 0 ]

# Standard-library test suites.  The binaries are rebuilt when a package
# list changes (the standard library itself only changes with the toolchain).
GOSTD_SRC := tests/gostd
GOSTD_OUT := $(B)/tests/gostd
# GOSTD_EXTRA=0: only the issue's package list (tests/gostd/packages), not
# tests/gostd/packages-extra (saves ~2 min of a cold build, ~40 s of running)
GOSTD_EXTRA ?= 1

$(GOSTD_OUT)/%/.built-extra$(GOSTD_EXTRA): $(GOSTD_SRC)/packages $(GOSTD_SRC)/packages-extra $(GOSTD_SRC)/build.sh
	@mkdir -p $(@D)
	GOSTD_EXTRA=$(GOSTD_EXTRA) sh $(GOSTD_SRC)/build.sh $(GO) $(B) $*
	@touch $@

gostd-progs: $(GOSTD_OUT)/linux/.built-extra$(GOSTD_EXTRA) $(GOSTD_OUT)/freebsd/.built-extra$(GOSTD_EXTRA)

gostd-tests: $(B)/abirun gostd-progs
	GO=$(GO) GOSTD_EXTRA=$(GOSTD_EXTRA) sh $(GOSTD_SRC)/run.sh $(B)/abirun $(B)

gostd-tests-native: gostd-progs
	GO=$(GO) GOSTD_EXTRA=$(GOSTD_EXTRA) sh $(GOSTD_SRC)/run.sh --native $(B)/abirun $(B)

# esbuild for FreeBSD vs esbuild for Linux (packages fetched once with npm
# into $(B)/corpus-cache/esbuild, checked against tests/corpus/esbuild/pins).
ESBUILD_SRC := tests/corpus/esbuild

esbuild-test: $(B)/abirun
	NPM=$(or $(NPM),npm) sh $(ESBUILD_SRC)/run.sh $(B)/abirun $(B)

esbuild-test-native:
	NPM=$(or $(NPM),npm) sh $(ESBUILD_SRC)/run.sh --native $(B)/abirun $(B)

demo-esbuild: $(B)/abirun
	@NPM=$(or $(NPM),npm) sh $(ESBUILD_SRC)/demo.sh $(B)/abirun $(B)

TEST_SUITES += go-tests esbuild-test gostd-tests

.PHONY: go-progs go-tests go-tests-native go-tests-stress gostd-progs gostd-tests gostd-tests-native \
        esbuild-test esbuild-test-native demo-esbuild
