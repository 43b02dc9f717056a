# One entry point for building and checking the project. `make test` is the test command
# that README names and .ci/run calls.

GO        ?= go
BIN       ?= bin/nango
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X github.com/nango-go/nango/internal/build.Version=$(VERSION)
# npm packages the tests use as fixtures (never as runtime dependencies of the binary):
# zod for scripts that import it, typescript for the optional type-check tests, ajv for the
# differential tests of the record validator, @nangohq/providers 0.59.7 (the nango.yaml era's
# catalog) for the vitest sample's paginating sync tests.
TESTDEPS  := $(CURDIR)/.cache/testdeps
export NANGO_TEST_NODE_MODULES := $(TESTDEPS)/node_modules
export NANGO_TEST_AJV_MODULES := $(TESTDEPS)/node_modules
# zod 4 (the version upstream pins for zero-yaml projects) in a tree of its own, since the
# scripts of nango.yaml projects need zod 3 from TESTDEPS.
TESTDEPS_ZOD4 := $(CURDIR)/.cache/testdeps-zod4
export NANGO_TEST_ZOD4_MODULES := $(TESTDEPS_ZOD4)/node_modules

.PHONY: build test testdeps bench lint fuzz demo clean

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/nango

# Installs the npm fixtures once; tests that need them skip with a reason when npm is absent.
testdeps:
	@if [ -d "$(TESTDEPS)/node_modules/zod" ] && [ -d "$(TESTDEPS)/node_modules/typescript" ] \
		&& [ -d "$(TESTDEPS)/node_modules/ajv-formats" ] && [ -d "$(TESTDEPS)/node_modules/@nangohq/providers" ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
		mkdir -p $(TESTDEPS) && cd $(TESTDEPS) && \
		( [ -f package.json ] || echo '{"private":true}' > package.json ) && \
		npm install --no-audit --no-fund --silent zod@3.24.2 typescript@5.8.3 ajv@8.17.1 ajv-formats@3.0.1 @nangohq/providers@0.59.7 >/dev/null 2>&1 \
		|| echo "testdeps: npm install failed; tests needing zod or tsc will skip"; \
	else echo "testdeps: npm not found; tests needing zod or tsc will skip"; fi
	@if [ -d "$(TESTDEPS_ZOD4)/node_modules/zod" ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
		mkdir -p $(TESTDEPS_ZOD4) && cd $(TESTDEPS_ZOD4) && \
		( [ -f package.json ] || echo '{"private":true}' > package.json ) && \
		npm install --no-audit --no-fund --silent zod@4.3.6 >/dev/null 2>&1 \
		|| echo "testdeps: npm install of zod 4 failed; zero-yaml tests will skip"; \
	else echo "testdeps: npm not found; zero-yaml tests will skip"; fi

# The race detector is on for every package: most of them run goroutines (parallel tests,
# the watcher, fake servers), and a data race in a test fake once went unnoticed. It costs
# about twice the time of a plain run; `make test RACE=` runs without it.
RACE      ?= -race
test: testdeps
	$(GO) vet ./...
	$(GO) test $(RACE) -count=1 ./...

# Go benchmarks, then whole-command timings (and the ratio against the reference CLI when it
# is installed, see .ci/bench.sh).
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...
	bash .ci/bench.sh $(BIN)

# staticcheck is pinned and run from the module proxy (no go.mod entry, nothing to install
# first); the first run downloads and builds it (about 40 s), later runs use the Go cache.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# Runs each fuzz target for FUZZTIME (default 30s); the corpus lives in testdata/fuzz.
FUZZTIME ?= 30s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

demo: build
	rm -rf demo && $(BIN) init demo --example && cd demo && ../$(BIN) test

clean:
	rm -rf bin demo .cache
