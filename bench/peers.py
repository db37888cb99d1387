#!/usr/bin/env python3
"""Helpers of bench/peers.sh: load the corpus into SQLite FTS5 (trigram),
convert it for PostgreSQL, summarise query timings, print the table.

  peers.py fts5 CORPUS.jsonl DB QUERIES...   -> JSON metrics on stdout
  peers.py csv CORPUS.jsonl OUT.csv
  peers.py took FEDNEWS-SEARCH.jsonl         -> p50/p95 per query of `fednews search --json`
  peers.py psqltimes PSQL-OUTPUT LABELS...   -> p50/p95 per label from \\timing lines
                                                (LABEL@K: K statements per run, summed)
  peers.py table RESULTS.json                -> the table, peers beside fednews, as ratios
"""
import csv
import json
import os
import re
import sqlite3
import statistics
import sys
import time

REPEAT = 20  # each query is run this many times; p50 and p95 over the runs

# The peers' stand-in for fednews's four facets (province, year, org, kind,
# which only fednews extracts): four value counts over every matching row,
# from the fields every document carries. Same work: count the values of a
# field among all the hits, not only the page's.
FACETS = ["source", "author", "substr(published, 1, 4)", "substr(published, 1, 7)"]


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def summary(ms):
    return {"p50": round(pct(ms, 50), 2), "p95": round(pct(ms, 95), 2)}


def docs(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            yield d["title"], d["text"], d.get("source", ""), d.get("author", ""), d.get("published", "")


def fts5(corpus, db, queries):
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, source UNINDEXED, author UNINDEXED,"
                " published UNINDEXED, tokenize='trigram')")
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    with con:
        for row in docs(corpus):
            con.execute("INSERT INTO docs(title, body, source, author, published) VALUES (?, ?, ?, ?, ?)", row)
            n += 1
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the size below is the whole table, none left in the WAL
    out = {"docs": n, "docs_per_s": round(n / took, 1), "cpu_ms_per_doc": round(1000 * cpu / n, 3),
           "size_mb": round(os.path.getsize(db) / 1e6, 1), "queries": {}}
    for q in queries:
        phrase = '"' + q + '"'
        rows = {}
        for label, sql, arg in [
            ("unranked", "SELECT rowid FROM docs WHERE docs MATCH ? LIMIT 10", phrase),
            ("ranked", "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", phrase),
            ("count", "SELECT count(*) FROM docs WHERE docs MATCH ?", phrase),
            ("like", "SELECT rowid FROM docs WHERE body LIKE ? LIMIT 10", "%" + q + "%"),
            # LIKE on the FTS5 table finds nothing under three characters
            # either (SQLite 3.40); instr() scans every row, exactly.
            ("scancount", "SELECT count(*) FROM docs WHERE instr(body, ?) > 0", q),
        ]:
            ms, got = [], None
            for _ in range(REPEAT):
                t = time.perf_counter()
                got = con.execute(sql, (arg,)).fetchall()
                ms.append(1000 * (time.perf_counter() - t))
            rows[label] = dict(summary(ms), rows=got[0][0] if label in ("count", "scancount") else len(got))
        if len(q) >= 3:  # under three characters MATCH has no rows to count
            ms = []
            for _ in range(REPEAT):
                t = time.perf_counter()
                for f in FACETS:
                    con.execute("SELECT %s, count(*) FROM docs WHERE docs MATCH ? GROUP BY 1" % f, (phrase,)).fetchall()
                ms.append(1000 * (time.perf_counter() - t))
            rows["facets"] = summary(ms)
        out["queries"][q] = rows
    # One character: what MATCH finds against the exact count, no timing.
    out["one_char"] = {}
    for c in sorted({q[0] for q in queries if len(q) < 3}):
        out["one_char"][c] = {
            "match_rows": con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", ('"' + c + '"',)).fetchone()[0],
            "scan_rows": con.execute("SELECT count(*) FROM docs WHERE instr(body, ?) > 0", (c,)).fetchone()[0]}
    print(json.dumps(out, ensure_ascii=False))


def to_csv(corpus, out):
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for row in docs(corpus):
            w.writerow(row)


def took(path):
    by = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            by.setdefault(r["query"], []).append((r["took_ms"], r["total"], r.get("documents")))
    # first: the run that found no hit list cached for the query (fednews
    # keeps one per index snapshot, so the later runs of a query reuse it).
    print(json.dumps({q: dict(summary([t for t, _, _ in v]), first=v[0][0], total=v[0][1], documents=v[0][2])
                      for q, v in by.items()}, ensure_ascii=False))


def psqltimes(path, labels):
    times = [float(m.group(1)) for m in re.finditer(r"^Time: ([0-9.]+) ms", open(path).read(), re.M)]
    # Each label's statements follow the previous label's: REPEAT runs of K.
    out, at = {}, 0
    for l in labels:
        name, _, k = l.partition("@")
        k = int(k or 1)
        if at + REPEAT * k > len(times):
            sys.exit("psqltimes: %s holds %d timings, too few for the labels %s" % (path, len(times), " ".join(labels)))
        out[name] = summary([sum(times[at + i * k:at + (i + 1) * k]) for i in range(REPEAT)])
        at += REPEAT * k
    print(json.dumps(out))


def table(path):
    r = json.load(open(path))
    f, s, p = r["fednews"], r["fts5"], r["pg"]
    def ratio(peer, ours):
        return "%.2f" % (peer / ours) if ours else "-"
    print("\n== fednews beside SQLite FTS5 (trigram) and PostgreSQL pg_trgm (GIN), %d documents, same run" % f["docs"])
    print("ratio = peer's cost over fednews' (above 1: fednews is better)\n")
    print("| measure | fednews | FTS5 trigram | pg_trgm | ratio FTS5 | ratio pg |")
    print("|---|---|---|---|---|---|")
    print("| import docs/s | %s | %s | %s | %s | %s |" % (f["import_docs_per_s"], s["docs_per_s"], p["docs_per_s"],
          ratio(f["import_docs_per_s"], s["docs_per_s"]), ratio(f["import_docs_per_s"], p["docs_per_s"])))
    print("| import CPU ms/doc | %s | %s | - | %s | - |" % (f["import_cpu_ms_per_doc"], s["cpu_ms_per_doc"],
          ratio(s["cpu_ms_per_doc"], f["import_cpu_ms_per_doc"])))
    print("| index docs/s (fednews `index --rebuild`) | %s | (in the load) | (in the load) | | |" % f["index_docs_per_s"])
    print("| size MB (fednews store + index) | %s + %s | %s | %s (table + GIN) | %s | %s |" % (
        f["store_mb"], f["index_mb"], s["size_mb"], p["size_mb"],
        ratio(s["size_mb"], f["index_mb"]), ratio(p["size_mb"], f["index_mb"])))
    for q in f["queries"]:
        fq, sq, pq = f["queries"][q], s["queries"][q], p["queries"][q]
        # Under three characters FTS5's MATCH (and LIKE) finds nothing: the
        # exact peer is a scan with instr(), counted as fednews counts.
        exact = sq["ranked"] if len(q) >= 3 else sq["scancount"]
        print("| %s p50 / p95 ms (fednews: ranked top 10 and exact total, %d stories) | %s / %s | MATCH unranked %s / %s; ranked %s / %s; count %s / %s (%d rows); instr scan count %s / %s (%d rows) | LIKE %s / %s; count %s / %s | %s / %s | %s / %s |" % (
            q, fq["total"], fq["p50"], fq["p95"],
            sq["unranked"]["p50"], sq["unranked"]["p95"], sq["ranked"]["p50"], sq["ranked"]["p95"],
            sq["count"]["p50"], sq["count"]["p95"], sq["count"]["rows"],
            sq["scancount"]["p50"], sq["scancount"]["p95"], sq["scancount"]["rows"],
            pq["limit"]["p50"], pq["limit"]["p95"], pq["count"]["p50"], pq["count"]["p95"],
            ratio(exact["p50"], fq["p50"]), ratio(exact["p95"], fq["p95"]),
            ratio(pq["count"]["p50"], fq["p50"]), ratio(pq["count"]["p95"], fq["p95"])))
    for q, fq in f.get("facets", {}).items():
        sq, pq = s["queries"][q]["facets"], p["queries"][q]["facets"]
        print("| %s + 4 facets p50 / p95 ms (fednews: province, year, org, kind and the month histogram; peers: 4 GROUP BY over every match) | %s / %s | %s / %s | %s / %s | %s / %s | %s / %s |" % (
            q, fq["p50"], fq["p95"], sq["p50"], sq["p95"], pq["p50"], pq["p95"],
            ratio(sq["p50"], fq["p50"]), ratio(sq["p95"], fq["p95"]), ratio(pq["p50"], fq["p50"]), ratio(pq["p95"], fq["p95"])))
    print("\nexactness:")
    for q in f["queries"]:
        sq = s["queries"][q]
        print("- %s: fednews %d stories (%s documents); FTS5 trigram MATCH %d rows, LIKE %d of 10 asked, exact instr() scan %d rows%s" % (
            q, f["queries"][q]["total"], f["queries"][q].get("documents", "?"), sq["count"]["rows"], sq["like"]["rows"], sq["scancount"]["rows"],
            " (trigram index cannot answer under 3 characters: MATCH and LIKE find nothing; the exact answer costs a full scan, LIKE %s / %s ms, instr %s / %s ms)" % (
                sq["like"]["p50"], sq["like"]["p95"], sq["scancount"]["p50"], sq["scancount"]["p95"]) if len(q) < 3 else ""))
    for c, v in s.get("one_char", {}).items():
        print("- %s (one character): FTS5 trigram MATCH %d rows, exact instr() scan %d rows" % (c, v["match_rows"], v["scan_rows"]))
    print("- pg_trgm: exact (LIKE rechecks each candidate); under 3 characters the GIN index has no trigram to use and pg scans every row")
    print("\nratios: FTS5 ranked MATCH (an instr() scan under 3 characters, where MATCH and LIKE find 0 rows)")
    print("and pg's count over fednews;")
    print("fednews counts stories (near-duplicate copies collapsed), the peers count rows.")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"fts5": lambda: fts5(args[0], args[1], args[2:]), "csv": lambda: to_csv(*args), "took": lambda: took(args[0]),
     "psqltimes": lambda: psqltimes(args[0], args[1:]), "table": lambda: table(args[0])}[cmd]()
