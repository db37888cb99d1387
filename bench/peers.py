#!/usr/bin/env python3
"""Helpers of bench/peers.sh: load the corpus into SQLite FTS5 (trigram),
convert it for PostgreSQL, summarise query timings, print the table.

  peers.py fts5 CORPUS.jsonl DB QUERIES...   -> JSON metrics on stdout
  peers.py csv CORPUS.jsonl OUT.csv
  peers.py took FEDNEWS-SEARCH.jsonl         -> p50/p95 per query of `fednews search --json`
  peers.py psqltimes PSQL-OUTPUT LABELS...   -> p50/p95 per label from \\timing lines
                                                (LABEL@K: K statements per run, summed)
  peers.py procs N LABEL CMDLINE [LABEL CMDLINE ...]
                                             -> start-to-answer wall and CPU p50/p95 of N
                                                processes of each command, alternated
  peers.py t2sfile CORPUS.jsonl S2T-BIN MB OUT -> traditional text of the corpus (opencc s2t), MB long
  peers.py serve FEDNEWS DATA CLIENTS REQUESTS QUERIES...
                                             -> time to the first answer, then q/s, p50/p95 and
                                                the server's CPU per request of CLIENTS
                                                concurrent clients of /api/search
  peers.py table RESULTS.json                -> the table, peers beside fednews, as ratios
"""
import csv
import json
import os
import re
import shlex
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

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


def procs(n, args):
    """Runs each command n times, alternated so that the machine's load
    falls on all alike, and reports wall and CPU (user + system, from the
    child's rusage) of each, start to answer. The first run of each is a
    warm-up (page cache) and is left out. args: LABEL CMDLINE pairs."""
    if len(args) % 2:
        sys.exit("procs: want LABEL CMDLINE pairs, got %d arguments" % len(args))
    cmds = {args[i]: shlex.split(args[i + 1]) for i in range(0, len(args), 2)}
    times = {l: ([], []) for l in cmds}
    for i in range(n + 1):
        for l, cmd in cmds.items():
            t = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, status, ru = os.wait4(p.pid, 0)
            wall = 1000 * (time.perf_counter() - t)
            p.returncode = os.waitstatus_to_exitcode(status)
            if p.returncode != 0:
                sys.exit("procs: %s exited %d: %s" % (" ".join(cmd), p.returncode, p.stderr.read().decode(errors="replace")[:500]))
            if i > 0:
                times[l][0].append(wall)
                times[l][1].append(1000 * (ru.ru_utime + ru.ru_stime))
    print(json.dumps({l: {"wall": summary(w), "cpu": summary(c)} for l, (w, c) in times.items()}))


def t2sfile(corpus, s2t, mb, out):
    """A traditional-script text of mb megabytes, in whole lines: the
    corpus's first bodies through opencc's s2t (as many as make mb; the
    corpus is simplified), repeated when the corpus is smaller. The whole
    corpus at 1,000,000 documents was 1.5 GB, over what fednews normalize
    takes as one text, and converting it took minutes."""
    want = int(float(mb) * 1e6)
    bodies, size = [], 0
    for _, body, _, _, _ in docs(corpus):
        bodies.append(body)
        size += len(body.encode()) + 1
        if size >= want:
            break
    text = "\n".join(bodies) + "\n"
    trad = subprocess.run([s2t, "-c", "s2t.json"], input=text.encode(), stdout=subprocess.PIPE, check=True).stdout
    data = (trad * (want // len(trad) + 1))[:want]
    with open(out, "wb") as f:
        f.write(data[:data.rfind(b"\n") + 1])


def serve(binary, data, clients, requests, queries):
    """Starts `fednews serve` on a free port and measures how long it takes
    to answer its first search (ready), then clients threads each send
    requests searches of the queries in turn (4 facets and the month
    histogram, the issue's broad mix); the server's CPU per request from
    /proc/PID/stat. The server is stopped at the end."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    url = "http://127.0.0.1:%d" % port
    def search(q):
        u = url + "/api/search?" + urllib.parse.urlencode(
            [("q", q), ("facet", "province"), ("facet", "year"), ("facet", "org"), ("facet", "kind"), ("histogram", "1")])
        with urllib.request.urlopen(u, timeout=120) as r:
            r.read()
    t0 = time.perf_counter()
    srv = subprocess.Popen([binary, "serve", "--data=" + data, "--addr=127.0.0.1:%d" % port],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if srv.poll() is not None:
                sys.exit("serve: fednews serve exited %d before it answered" % srv.returncode)
            try:
                search(queries[0])
                break
            except OSError:
                if time.perf_counter() - t0 > 120:
                    sys.exit("serve: no answer from %s in 120 s" % url)
                time.sleep(0.02)
        ready = time.perf_counter() - t0
        def cpu():
            f = open("/proc/%d/stat" % srv.pid).read().rsplit(")", 1)[1].split()
            return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
        ms, errors, lock = [], [], threading.Lock()
        def client(k):
            for i in range(requests):
                t = time.perf_counter()
                try:
                    search(queries[(k + i) % len(queries)])
                except OSError as e:  # counted, and the run goes on
                    with lock:
                        errors.append(str(e))
                    continue
                with lock:
                    ms.append(1000 * (time.perf_counter() - t))
        c0, t1 = cpu(), time.perf_counter()
        ts = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        took, used = time.perf_counter() - t1, cpu() - c0
    finally:
        srv.terminate()
        srv.wait()
    print(json.dumps(dict(summary(ms), qps=round(len(ms) / took, 1), errors=len(errors), ready_ms=round(1000 * ready),
                          cpu_ms_per_request=round(1000 * used / max(1, len(ms)), 2), clients=clients,
                          requests=len(ms), queries=queries), ensure_ascii=False))

def facetq_of(f):
    return next(iter(f.get("facets", {})), "")


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
    proc = r.get("process", {})
    st = proc.get("startup", {})
    if "fednews" in st:
        fs, sq, pq = st["fednews"], st.get("sqlite3"), st.get("psql")
        cell = lambda v: "%s / %s (CPU %s / %s)" % (v["wall"]["p50"], v["wall"]["p95"], v["cpu"]["p50"], v["cpu"]["p95"]) if v else "(no sqlite3 CLI)"
        print("| CLI start to answer, %s, ms p50 / p95 (fednews `search`: ranked top 10 + exact total; sqlite3 CLI: count + ranked MATCH; psql: count + LIKE) | %s | %s | %s | %s | %s |" % (
            facetq_of(f), cell(fs), cell(sq), cell(pq),
            ratio(sq["wall"]["p50"], fs["wall"]["p50"]) if sq else "-", ratio(pq["wall"]["p50"], fs["wall"]["p50"]) if pq else "-"))
    sv = proc.get("serve")
    if sv:
        print("| fednews serve, %d clients, broad mix with 4 facets: q/s, p50 / p95 ms, server CPU ms/request, ready ms | %s q/s, %s / %s, %s, ready %s (%d errors) | (no server) | (no server) | | |" % (
            sv["clients"], sv["qps"], sv["p50"], sv["p95"], sv["cpu_ms_per_request"], sv["ready_ms"], sv["errors"]))
    t2 = proc.get("t2s")
    if t2:
        fo, oc = t2["fednews"], t2["opencc"]
        print("| `normalize --steps=t2s` of 20 MB, whole process, wall / CPU ms p50 (peer: `opencc -c t2s.json`) | %s / %s | opencc %s / %s | | wall %s, CPU %s (opencc) | |" % (
            fo["wall"]["p50"], fo["cpu"]["p50"], oc["wall"]["p50"], oc["cpu"]["p50"],
            ratio(oc["wall"]["p50"], fo["wall"]["p50"]), ratio(oc["cpu"]["p50"], fo["cpu"]["p50"])))
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
     "psqltimes": lambda: psqltimes(args[0], args[1:]), "table": lambda: table(args[0]),
     "procs": lambda: procs(int(args[0]), args[1:]), "t2sfile": lambda: t2sfile(*args),
     "serve": lambda: serve(args[0], args[1], int(args[2]), int(args[3]), args[4:])}[cmd]()
