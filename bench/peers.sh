#!/bin/sh
# bench/peers.sh SIZE [OUTDIR]: fednews beside SQLite FTS5 (trigram) and
# PostgreSQL pg_trgm (GIN) on the same generated corpus (bench/corpusgen), in
# one run: import speed, size, and the phrase queries 工商联 (in nearly every
# document, alone and with 4 facets) and 狮子 (two characters, in few); each
# command-line client's start to answer (sqlite3, psql), fednews serve with
# 16 clients, and t2s of 20 MB beside opencc.
# Prints a table with the ratios (peer's cost over fednews'); with OUTDIR,
# keeps the measurements as OUTDIR/results-SIZE.json for bench/scaleplot.
# make bench and make bench-large run it.
# Needs python3 (its sqlite3 has FTS5) and Debian's postgresql with
# pg_trgm; PostgreSQL is started in a temporary directory on a free port
# (as the postgres user when run as root) and stopped at the end.
set -eu
SIZE=${1:-5000}
OUTDIR=${2:-}
GO=${GO:-go}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fednews-peers.XXXXXX")
chmod 755 "$tmp"
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
pgstop() {
	if [ -f "$tmp/pg/postmaster.pid" ]; then $asuser "$PGBIN/pg_ctl" -D "$tmp/pg" -m fast stop >/dev/null 2>&1 || true; fi
}
asuser=
if [ "$(id -u)" = 0 ]; then asuser="runuser -u postgres --"; fi
# A run that fails keeps its directory (the 1M run takes hours): what it
# measured so far is there, and the failure is printed.
cleanup() {
	rc=$?
	pgstop
	if [ "$rc" = 0 ]; then rm -rf "$tmp"; else echo "peers.sh failed (exit $rc): the measurements so far are kept in $tmp; remove it when done" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
load0=$(cut -d' ' -f1-3 /proc/loadavg)
# The newest commit that changed what is measured (not this script, its
# helpers or the docs), and whether the tree differs from it there.
measured=". :(exclude)bench/peers.sh :(exclude)bench/peers.py :(exclude)bench/scaleplot :(exclude)bench/results :(exclude)Makefile :(exclude)*.md"
commit=$(cd "$root" && git log -1 --format=%h -- $measured 2>/dev/null || echo unknown)
if [ -n "$(cd "$root" && git status --porcelain -- $measured 2>/dev/null)" ]; then commit="$commit+dirty"; fi

echo "== building"
(cd "$root" && $GO build -o "$tmp/fednews" ./cmd/fednews && $GO build -o "$tmp/gencorpus" ./bench/gencorpus)
"$tmp/gencorpus" -n "$SIZE" > "$tmp/corpus.jsonl"
queries="工商联 狮子"
facetq=工商联
: > "$tmp/queries.txt"; : > "$tmp/facetq.txt"
for q in $queries; do for _ in $(seq 20); do echo "$q" >> "$tmp/queries.txt"; done; done
for _ in $(seq 20); do echo "$facetq" >> "$tmp/facetq.txt"; done

echo "== fednews import, index, search"
/usr/bin/time -f "%e %U %S" -o "$tmp/import.time" sh -c "'$tmp/fednews' import --data='$tmp/data' '$tmp/corpus.jsonl' >/dev/null; grep '^write_bytes' /proc/\$\$/io > '$tmp/import.io'"
# The rebuild's peak RSS (time's %M) counts the segment files it maps in
# its final merge, page cache the kernel takes back under pressure (at
# 100k, 930 of its 1,270 MB); its peak anonymous memory, sampled from
# /proc twice a second, is what it needs of its own.
/usr/bin/time -f "%e %U %S %M" -o "$tmp/index.time" "$tmp/fednews" index --rebuild --data="$tmp/data" >/dev/null &
tpid=$!
ianon=0
while kill -0 "$tpid" 2>/dev/null; do
	for c in $(pgrep -P "$tpid" 2>/dev/null); do
		a=$(awk '/^RssAnon:/{print $2}' "/proc/$c/status" 2>/dev/null || true)
		if [ -n "$a" ] && [ "$a" -gt "$ianon" ]; then ianon=$a; fi
	done
	sleep 0.5
done
wait "$tpid"
"$tmp/fednews" search --data="$tmp/data" --queries="$tmp/queries.txt" --json --limit=10 > "$tmp/search.jsonl"
python3 "$here/peers.py" took "$tmp/search.jsonl" > "$tmp/fednews-queries.json"
"$tmp/fednews" search --data="$tmp/data" --queries="$tmp/facetq.txt" --json --limit=10 \
	--facet=province --facet=year --facet=org --facet=kind --histogram > "$tmp/facets.jsonl"
python3 "$here/peers.py" took "$tmp/facets.jsonl" > "$tmp/fednews-facets.json"
read wall user sys < "$tmp/import.time"
read iwall iuser isys irss < "$tmp/index.time"
store=$(du -sb "$tmp/data/fednews.db" | cut -f1)
index=$(du -sb "$tmp/data/index" | cut -f1)
written=$(cut -d' ' -f2 < "$tmp/import.io")

echo "== SQLite FTS5 trigram"
python3 "$here/peers.py" fts5 "$tmp/corpus.jsonl" "$tmp/fts5.db" $queries > "$tmp/fts5.json"

echo "== PostgreSQL pg_trgm"
python3 "$here/peers.py" csv "$tmp/corpus.jsonl" "$tmp/corpus.csv"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir "$tmp/pg" "$tmp/pgsock"
[ -n "$asuser" ] && chown postgres "$tmp/pg" "$tmp/pgsock" && chmod 644 "$tmp/corpus.csv"
$asuser "$PGBIN/initdb" -D "$tmp/pg" -U bench -A trust --no-sync >/dev/null
$asuser "$PGBIN/pg_ctl" -D "$tmp/pg" -l "$tmp/pg/log" -o "-p $port -k $tmp/pgsock -c listen_addresses=''" -w start >/dev/null
psql="$asuser psql -X -q -h $tmp/pgsock -p $port -U bench -d postgres"
$psql -c "CREATE EXTENSION pg_trgm; CREATE TABLE docs (id serial PRIMARY KEY, title text, body text, source text, author text, published text);"
start=$(date +%s.%N)
$psql -c "\\copy docs(title, body, source, author, published) FROM '$tmp/corpus.csv' WITH (FORMAT csv)"
$psql -c "CREATE INDEX docs_body_trgm ON docs USING gin (body gin_trgm_ops)"
$psql -c "VACUUM ANALYZE docs"
end=$(date +%s.%N)
pgsize=$($psql -At -c "SELECT pg_total_relation_size('docs')")
printf '%s\n' '\timing on' > "$tmp/pg.sql"; labels=
for q in $queries; do
	for kind in limit count; do
		labels="$labels $q/$kind"
		for _ in $(seq 20); do
			if [ $kind = limit ]; then echo "SELECT id FROM docs WHERE body LIKE '%$q%' LIMIT 10;"
			else echo "SELECT count(*) FROM docs WHERE body LIKE '%$q%';"; fi >> "$tmp/pg.sql"
		done
	done
done
labels="$labels $facetq/facets@4"
for _ in $(seq 20); do
	for f in source author "substr(published, 1, 4)" "substr(published, 1, 7)"; do
		echo "SELECT $f, count(*) FROM docs WHERE body LIKE '%$facetq%' GROUP BY 1;"
	done >> "$tmp/pg.sql"
done
$psql -f "$tmp/pg.sql" > "$tmp/pg.out"
python3 "$here/peers.py" psqltimes "$tmp/pg.out" $labels > "$tmp/pg-queries.json"

echo "== start to answer (processes), serve, t2s"
# Each engine's command-line client, start to answer: fednews's ranked top
# 10 with its exact total; the same from the sqlite3 CLI on the FTS5 table
# (count and ranked MATCH) and from psql (count and LIKE).
printf "SELECT count(*) FROM docs WHERE docs MATCH '\"%s\"';\nSELECT rowid FROM docs WHERE docs MATCH '\"%s\"' ORDER BY rank LIMIT 10;\n" "$facetq" "$facetq" > "$tmp/fts5-cli.sql"
printf "SELECT count(*) FROM docs WHERE body LIKE '%%%s%%';\nSELECT id FROM docs WHERE body LIKE '%%%s%%' LIMIT 10;\n" "$facetq" "$facetq" > "$tmp/pg-cli.sql"
set -- fednews "'$tmp/fednews' search --data='$tmp/data' --json --limit=10 $facetq" psql "$psql -f '$tmp/pg-cli.sql'"
if command -v sqlite3 >/dev/null 2>&1; then set -- "$@" sqlite3 "sqlite3 '$tmp/fts5.db' '.read $tmp/fts5-cli.sql'"; fi
python3 "$here/peers.py" procs 5 "$@" > "$tmp/startup.json"
python3 "$here/peers.py" serve "$tmp/fednews" "$tmp/data" 16 20 工商联 民营企业 营商环境 座谈会 民营经济 > "$tmp/serve.json"
if command -v opencc >/dev/null 2>&1; then
	python3 "$here/peers.py" t2sfile "$tmp/corpus.jsonl" opencc 20 "$tmp/traditional.txt"
	python3 "$here/peers.py" procs 3 fednews "'$tmp/fednews' normalize --steps=t2s '$tmp/traditional.txt'" \
		opencc "opencc -c t2s.json -i '$tmp/traditional.txt'" > "$tmp/t2s.json"
else
	echo "opencc is not installed (apt-get install opencc): no t2s row" >&2
	echo '{}' > "$tmp/t2s.json"
fi

python3 - "$tmp" "$SIZE" "$wall" "$user" "$sys" "$iwall" "$store" "$index" "$written" "$start" "$end" "$pgsize" \
	"$commit" "$load0" "$(cut -d' ' -f1-3 /proc/loadavg)" "$irss" "$iuser" "$isys" "$ianon" > "$tmp/results.json" <<'PY'
import json, os, sys, time
(tmp, n, wall, user, sys_, iwall, store, index, written, start, end, pgsize,
 commit, load0, load1, irss, iuser, isys, ianon) = sys.argv[1:]
n = int(n)
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
run = {"commit": commit, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
       "load_start": load0, "load_end": load1, "cpus": os.cpu_count(), "cpu": model}
f = {"docs": n, "import_docs_per_s": round(n / float(wall), 1),
     "import_cpu_ms_per_doc": round(1000 * (float(user) + float(sys_)) / n, 3),
     "index_docs_per_s": round(n / float(iwall), 1),
     "index_cpu_ms_per_doc": round(1000 * (float(iuser) + float(isys)) / n, 3), "index_peak_rss_mb": round(int(irss) / 1e3, 1),
     "index_peak_anon_mb": round(int(ianon) / 1e3, 1),
     "store_mb": round(int(store) / 1e6, 1),
     "index_mb": round(int(index) / 1e6, 1), "written_mb": round(int(written) / 1e6, 1),
     "queries": json.load(open(tmp + "/fednews-queries.json")),
     "facets": json.load(open(tmp + "/fednews-facets.json"))}
proc = {"startup": json.load(open(tmp + "/startup.json")), "serve": json.load(open(tmp + "/serve.json")),
        "t2s": json.load(open(tmp + "/t2s.json"))}
pq = json.load(open(tmp + "/pg-queries.json"))
p = {"docs_per_s": round(n / (float(end) - float(start)), 1), "size_mb": round(int(pgsize) / 1e6, 1),
     "queries": {}}
for label, v in pq.items():
    q, kind = label.split("/")
    p["queries"].setdefault(q, {})[kind] = v
print(json.dumps({"run": run, "fednews": f, "fts5": json.load(open(tmp + "/fts5.json")), "pg": p, "process": proc},
                 ensure_ascii=False))
PY
python3 "$here/peers.py" table "$tmp/results.json"
python3 -c "import json,sys; f=json.load(open(sys.argv[1]))['fednews']; print('\nfednews import wrote %.1f MB for a %.1f MB store (%.2fx); index peak RSS %s KB, anonymous %s KB' % (f['written_mb'], f['store_mb'], f['written_mb']/f['store_mb'], sys.argv[2], sys.argv[3]))" "$tmp/results.json" "$irss" "$ianon"
if [ -n "$OUTDIR" ]; then mkdir -p "$OUTDIR" && cp "$tmp/results.json" "$OUTDIR/results-$SIZE.json" && echo "kept $OUTDIR/results-$SIZE.json"; fi
