# ksn — see README.md. `make run` opens the TUI; `make test` runs every test.
GO      ?= go
BIN     ?= ksn
PKGS    := ./...

.PHONY: all run build test bench vet cyclo fmt demo fuzz screenshots clean

all: build

## run: open the TUI (main window) in this terminal
run:
	$(GO) run -ldflags "$$KSN_LDFLAGS" . $(ARGS)

## build: build the ksn binary, its version from git describe (ksn --version)
# The commit and its date are also given with -X: Go stamps them itself
# (vcs.revision), but not where GOFLAGS has -buildvcs=false or the checkout
# is a git worktree.
# What git says is kept to the characters a version, a commit and a date
# use (a tag may be named v1$(touch${IFS}x) or hold quotes), and the flags
# reach go only through the environment (KSN_LDFLAGS), never spelled out
# in a shell command line (docs/serve.md "Security").
fromgit  = $(shell $(1) 2>/dev/null | LC_ALL=C tr -cd 'A-Za-z0-9.+~:_-')
VERSION ?= $(or $(call fromgit,git describe --tags --dirty),0.1.0-dev)
COMMIT  ?= $(call fromgit,git rev-parse HEAD)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
DATE    ?= $(call fromgit,git log -1 --format=%cI)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.commitDate=$(DATE)
export KSN_LDFLAGS = $(LDFLAGS)
build:
	$(GO) build -ldflags "$$KSN_LDFLAGS" -o $(BIN) .

## test: go vet, a gofmt check, no function above cyclomatic complexity 20, and every test under the race detector
# -timeout 30m: the root package (the packages, the real tools, ansible)
# takes 5–7 minutes alone and more on a loaded machine; go test's default
# of 10 minutes per package would end it there.
test: vet cyclo
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) test -race -count=1 -timeout 30m $(PKGS)

vet:
	$(GO) vet $(PKGS)

# cyclo: gocyclo (tools/go.mod) over the code that is not a test; it prints
# any function above 20 and fails.
cyclo:
	$(GO) tool -modfile=tools/go.mod gocyclo -over 20 $$(find . -name '*.go' ! -name '*_test.go' ! -path './tools/*' ! -name '*_gen.go')

## bench: every benchmark as a table, then ksn's speed as ratios to its yardsticks (bench/), each beside its target
# -p 1: one package at a time, so no build runs beside a benchmark; the
# yardsticks run in the same go test as ksn (docs/performance.md).
bench:
	@{ $(GO) test -p 1 -run '^$$' -bench . -benchmem $(PKGS); echo "exit $$?"; } | tee bench.out | awk -f .ci/benchtable.awk

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
	rm -rf $(DIST) $(PKGBUILD)

.PHONY: package package-assets package-version release-check release-repeat

## package: dist/ksn_<version>_<arch>.deb and .rpm (nfpm from tools/goreleaser.mod); installs nothing
# <version> is ksn --version's, mapped to what deb and rpm accept
# (docs/install.md): a leading v dropped; git describe's -N-gHASH after a tag
# becomes +N.gHASH and -dirty .dirty or +dirty (both sort after the tag);
# any other - starts a pre-release, ~ (sorts before it): 0.1.0-dev → 0.1.0~dev.
# GOARCH=arm64 cross-builds; <arch> is the format's name for it (amd64 /
# x86_64, arm64 / aarch64). SOURCE_DATE_EPOCH, the commit's time, dates the
# man pages and the files in the packages.
# Who the packages name as maintainer and vendor, set here and only here:
# a release names a real address, make package MAINTAINER='Name <address>'
# (goreleaser takes the same from KSN_MAINTAINER and KSN_VENDOR). They
# reach nfpm through the environment, as the link flags do.
# goreleaser's hook (make package-assets) runs with KSN_MAINTAINER and
# KSN_VENDOR set, and the changelogs it writes name the same maintainer.
envmaintainer := $(KSN_MAINTAINER)
envvendor     := $(KSN_VENDOR)
MAINTAINER ?= $(or $(envmaintainer),ksn maintainers <maintainers@users.noreply.r-seed-f8d1c25c.example>)
VENDOR     ?= $(or $(envvendor),The ksn authors)
export KSN_MAINTAINER = $(MAINTAINER)
export KSN_VENDOR = $(VENDOR)
DIST       ?= dist
PKGBUILD   ?= build
HOSTARCH    = $(shell $(GO) env GOHOSTARCH)
PKGARCH    ?= $(or $(GOARCH),$(HOSTARCH))
PKGVERSION ?= $(shell echo '$(VERSION)' | sed -E -e 's/^v([0-9])/\1/' \
	-e 's/-([0-9]+)-g([0-9a-f]+)/+\1.g\2/' -e '/\+/s/-dirty$$/.dirty/' -e 's/-dirty$$/+dirty/' \
	-e 's/-/~/' -e 's/-/./g' -e 's/[^A-Za-z0-9.+~]/./g')
DEBARCH     = $(or $(DEBARCH_$(PKGARCH)),$(PKGARCH))
RPMARCH     = $(or $(RPMARCH_$(PKGARCH)),$(PKGARCH))
DEBARCH_386 := i386
RPMARCH_386 := i386
RPMARCH_amd64 := x86_64
RPMARCH_arm64 := aarch64
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
# GOOS= GOARCH=: nfpm runs here, whatever the packages are built for.
NFPM       := GOOS= GOARCH= $(GO) tool -modfile=tools/goreleaser.mod nfpm
# ksn as this machine runs it, to write the man pages and completions.
HOSTKSN     = $(if $(filter $(PKGARCH),$(HOSTARCH)),$(PKGBUILD)/ksn,$(PKGBUILD)/host/ksn)

package: package-assets
	@case '$(PKGVERSION)' in [0-9]*) ;; *) echo "make package: version '$(PKGVERSION)' (from '$(VERSION)') must start with a digit; set VERSION=1.2.3" >&2; exit 2;; esac
	@mkdir -p $(DIST)
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) KSN_VERSION='$(PKGVERSION)' KSN_ARCH=$(PKGARCH) KSN_BUILD=$(PKGBUILD) \
		$(NFPM) package --config packaging/nfpm.yaml --packager deb --target $(DIST)/ksn_$(PKGVERSION)_$(DEBARCH).deb
	@# The .rpm's configuration: nfpm.yaml and the rpm's changelog (nfpm
	@# expands no variable in changelog:, and gives the .deb a second one).
	{ cat packaging/nfpm.yaml; printf 'changelog: "%s/changelog.yml"\n' '$(PKGBUILD)'; } > $(PKGBUILD)/nfpm-rpm.yaml
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) KSN_VERSION='$(PKGVERSION)' KSN_ARCH=$(PKGARCH) KSN_BUILD=$(PKGBUILD) \
		$(NFPM) package --config $(PKGBUILD)/nfpm-rpm.yaml --packager rpm --target $(DIST)/ksn_$(PKGVERSION)_$(RPMARCH).rpm

## package-assets: what the packages hold besides packaging/: $(PKGBUILD)/ksn, man/*.1.gz, completions/ksn.{bash,zsh,fish}, copyright (DEP-5, from the binary's modules), changelog.gz (Debian's) and changelog.yml (the rpm's)
package-assets:
	@rm -rf $(PKGBUILD)/man $(PKGBUILD)/completions
	@mkdir -p $(PKGBUILD)/man $(PKGBUILD)/completions
	CGO_ENABLED=0 GOOS=linux GOARCH=$(PKGARCH) $(GO) build -trimpath -ldflags "-s -w $$KSN_LDFLAGS" -o $(PKGBUILD)/ksn .
	$(if $(filter $(PKGARCH),$(HOSTARCH)),,CGO_ENABLED=0 GOOS= GOARCH= $(GO) build -trimpath -ldflags "$$KSN_LDFLAGS" -o $(HOSTKSN) .)
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(HOSTKSN) man $(PKGBUILD)/man
	gzip -9nf $(PKGBUILD)/man/*.1
	GOOS= GOARCH= $(GO) run ./packaging/copyright $(PKGBUILD)/ksn LICENSE > $(PKGBUILD)/copyright
	@# The package's changelog, in Debian's format: this build, its commit,
	@# who made it and when (the commit's time), for dpkg and lintian.
	@{ printf 'ksn (%s) unstable; urgency=medium\n\n' '$(PKGVERSION)'; \
	  printf '  * Built from commit %s.\n  * The changes are the history of the project.\n\n' '$(COMMIT)'; \
	  printf ' -- %s  %s\n' "$$KSN_MAINTAINER" "$$(LC_ALL=C date -u -R -d @$(SOURCE_DATE_EPOCH))"; \
	} | gzip -9n > $(PKGBUILD)/changelog.gz
	@# The same for the .rpm's %changelog, as nfpm reads it (changelog.yml),
	@# named by version-release (nfpm's release is 1).
	@{ printf -- '- semver: "%s-1"\n  date: %s\n' '$(PKGVERSION)' "$$(date -u -d @$(SOURCE_DATE_EPOCH) +%Y-%m-%dT%H:%M:%SZ)"; \
	  printf '  packager: "%s"\n' "$$(printf '%s' "$$KSN_MAINTAINER" | sed 's/[\\"]/\\&/g')"; \
	  printf '  changes:\n    - commit: "%s"\n      note: "Built from commit %s. The changes are the history of the project."\n' '$(COMMIT)' '$(COMMIT)'; \
	} > $(PKGBUILD)/changelog.yml
	@set -e; for sh in bash zsh fish; do echo "$(HOSTKSN) completion $$sh > $(PKGBUILD)/completions/ksn.$$sh"; \
		$(HOSTKSN) completion $$sh > $(PKGBUILD)/completions/ksn.$$sh; done

# package-version: the package version make package gives VERSION (a test reads it)
package-version:
	@echo '$(PKGVERSION)'

## release-repeat: two goreleaser snapshot releases of the last commit, in two fresh clones (different paths, umasks 022 and 077), and a check that their checksums.txt agree (3–5 minutes)
# Fresh clones: goreleaser dates the files by the commit only where the
# repository has a remote (a clone's origin), and a clone holds only what
# is committed.
release-repeat:
	@git diff --quiet HEAD 2>/dev/null || echo "make release-repeat: uncommitted changes are not in the check (it builds the last commit)" >&2
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for run in 022:a 077:b/deeper; do umask=$${run%%:*}; dir=$$tmp/$${run#*:}; \
		git clone -q --no-hardlinks "$$(pwd)" "$$dir"; \
		echo "goreleaser release --snapshot in $$dir (umask $$umask)"; \
		(umask $$umask; cd "$$dir" && $(GO) tool -modfile=tools/goreleaser.mod goreleaser release --snapshot --clean) >"$$tmp/log" 2>&1 || \
			{ cat "$$tmp/log"; exit 1; }; \
	done; \
	cat "$$tmp/a/dist/checksums.txt"; \
	if ! diff "$$tmp/a/dist/checksums.txt" "$$tmp/b/deeper/dist/checksums.txt"; then \
		echo "make release-repeat: two snapshot releases of one commit differ" >&2; exit 1; fi; \
	echo "make release-repeat: the two snapshot releases are the same"

## release-check: goreleaser check of .goreleaser.yaml (goreleaser from tools/goreleaser.mod; its first build takes 2–3 minutes)
release-check:
	$(GO) tool -modfile=tools/goreleaser.mod goreleaser check
