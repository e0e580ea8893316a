# ksn — see README.md. `make run` opens the TUI; `make test` runs every test.
GO      ?= go
BIN     ?= ksn
PKGS    := ./...

.PHONY: all run build test bench vet fmt demo fuzz clean

all: build

## run: open the TUI (main window) in this terminal
run:
	$(GO) run . $(ARGS)

## build: build the ksn binary, its version from git describe (ksn --version)
VERSION ?= $(shell git describe --tags --dirty 2>/dev/null || echo 0.1.0-dev)
build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) .

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

fmt:
	gofmt -w .

clean:
	rm -f $(BIN)
