# ksn — see README.md. `make run` opens the TUI; `make test` runs every test.
GO      ?= go
BIN     ?= ksn
PKGS    := ./...

.PHONY: all run build test bench vet fmt demo fuzz screenshots clean

all: build

## run: open the TUI (main window) in this terminal
run:
	$(GO) run -ldflags "$(LDFLAGS)" . $(ARGS)

## build: build the ksn binary, its version from git describe (ksn --version)
# The commit and its date are also given with -X: Go stamps them itself
# (vcs.revision), but not where GOFLAGS has -buildvcs=false or the checkout
# is a git worktree.
VERSION ?= $(shell git describe --tags --dirty 2>/dev/null || echo 0.1.0-dev)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
DATE    ?= $(shell git log -1 --format=%cI 2>/dev/null)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.commitDate=$(DATE)
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

## test: go vet, a gofmt check, and every test under the race detector
test: vet
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) test -race -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

## bench: every benchmark, with memory figures, as a table
bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS) | tee bench.out | awk -f .ci/benchtable.awk

## demo: the TUI against a built-in KSN service (SCENARIO=valid|denylisted|restricted|expired|offline)
SCENARIO ?= valid
demo:
	$(GO) run . --demo=$(SCENARIO)

## fuzz: each fuzz target for FUZZTIME (default 10s)
FUZZTIME ?= 10s
FUZZ_MODEL    := FuzzParse FuzzParseLicense FuzzParsePolicy FuzzConsentHistory FuzzConsentAppend FuzzStoreLoad
FUZZ_NETCHECK := FuzzAnswer FuzzRetryAfter FuzzEndpoint
fuzz:
	@set -e; for f in $(FUZZ_MODEL); do echo "== model $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) ./model; done
	@set -e; for f in $(FUZZ_NETCHECK); do echo "== netcheck $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) ./netcheck; done
	$(GO) test -run '^$$' -fuzz '^FuzzText$$' -fuzztime $(FUZZTIME) ./safe
	$(GO) test -run '^$$' -fuzz '^FuzzCLIOutputIsSafe$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run '^$$' -fuzz '^FuzzViewIsSafe$$' -fuzztime $(FUZZTIME) ./ui

## screenshots: the README's pictures, docs/*.svg, drawn by freeze from the real screens at 80×24
FREEZE := $(GO) tool -modfile=tools/go.mod freeze
screenshots:
	@set -e; shots=$$(mktemp -d); trap 'rm -rf "$$shots"' EXIT; \
	KSN_SCREENS=$$shots $(GO) test -count=1 -run '^TestScreens$$' ./ui . >/dev/null; \
	mkdir -p docs; \
	for f in $$shots/*.ansi; do \
		name=$$(basename $$f .ansi); \
		$(FREEZE) --language ansi --window --wrap 80 --font.family monospace --output docs/$$name.svg < $$f >/dev/null; \
		echo "docs/$$name.svg"; \
	done

fmt:
	gofmt -w .

clean:
	rm -f $(BIN)
