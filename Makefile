# ksn — see README.md. `make run` opens the TUI; `make test` runs every test.
GO      ?= go
BIN     ?= ksn
PKGS    := ./...

.PHONY: all run build test bench vet fmt demo clean

all: build

## run: open the TUI (main window) in this terminal
run:
	$(GO) run . $(ARGS)

## build: build the ksn binary
build:
	$(GO) build -o $(BIN) .

## test: go vet, a gofmt check, and every test under the race detector
test: vet
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) test -race -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

## bench: every benchmark, with memory figures
bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

fmt:
	gofmt -w .

clean:
	rm -f $(BIN)
