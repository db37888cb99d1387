# fednews — see README.md. Every target works on a fresh Debian machine with Go.
GO      ?= go
BIN     := bin/fednews
FUZZTIME ?= 60s
BENCHTIME ?= 1x
export FEDNEWS_SHARED ?= $(abspath ../shared)

.PHONY: all build test vet bench fuzz run tables gazetteer clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/fednews

vet:
	$(GO) vet ./...

# The whole suite; stays under 15 minutes on 2 cores. Long runs live in bench and fuzz.
test: vet
	$(GO) test -count=1 -timeout 14m ./...

# Benchmarks print a table at the end; record it in BENCHMARKS.md.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -timeout 60m ./... | tee bench.out
	$(GO) run ./internal/benchtable < bench.out

# Each fuzz target for FUZZTIME (go test -fuzz runs one target at a time).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; done

run:
	@echo "make run: not yet — the end-to-end demo arrives with the serve issue"

clean:
	rm -rf bin bench.out
