package corpus

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fednews/fednews/internal/shared"
	"github.com/fednews/fednews/zh"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func ptr(f float64) *float64 { return &f }

func TestOpenMigratesOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for i := 0; i < 2; i++ {
		s, err := Open(ctx, dir)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var v int
		if err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != len(migrations) {
			t.Errorf("open %d: schema version %d, want %d", i, v, len(migrations))
		}
		var mode string
		if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal_mode = %q, %v; want wal", mode, err)
		}
		s.Close()
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE schema_version SET version = 999`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, dir); err == nil || !strings.Contains(err.Error(), "upgrade fednews") {
		t.Fatalf("Open of a newer schema: err = %v, want a request to upgrade", err)
	}
}

func sampleDoc(url, body string) *Document {
	return &Document{
		URL:       url,
		Source:    "中华工商时报",
		Title:     "标题",
		Author:    "记者 张三",
		Published: time.Date(2021, 1, 18, 1, 5, 1, 0, time.FixedZone("CST", 8*3600)),
		FetchedAt: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
		Charset:   "gb18030",
		Original:  body,
	}
}

func TestPutGetRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	doc := sampleDoc("HTTP://Example.COM:80/a?utm_source=x&b=2&a=1#top", "全省民营企业实现营业收入1.2万亿元，同比增长8.5%。\n第二段。")
	figs := []Figure{
		{Kind: KindPercent, Text: "8.5%", Start: 24, End: 28, Value: ptr(8.5), Unit: "%", Qualifier: "exact"},
		{Kind: KindMoney, Text: "1.2万亿元", Start: 10, End: 16, Value: ptr(1.2e12), ValueMax: ptr(1.3e12), Unit: "CNY", Date: "2021", Subject: "民营企业", Sentence: "全省民营企业实现营业收入1.2万亿元",
			PeriodStart: "2021", PeriodEnd: "2021-06", Topic: "revenue"},
	}
	doc.Extractor = 3
	res, err := s.Put(ctx, doc, figs)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != PutNew || res.ID == 0 || res.Cluster != res.ID || doc.ID != res.ID || doc.Seq != 1 {
		t.Fatalf("Put = %+v, doc id %d seq %d; want new, own cluster, seq 1", res, doc.ID, doc.Seq)
	}
	if doc.CanonicalURL != "http://example.com/a?a=1&b=2" {
		t.Errorf("CanonicalURL = %q", doc.CanonicalURL)
	}
	got, err := s.Get(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Published.Equal(doc.Published) || got.Published.Format("2006-01-02 15:04") != "2021-01-18 01:05" {
		t.Errorf("Published = %v, want %v in its own zone", got.Published, doc.Published)
	}
	got.Published, doc.Published = time.Time{}, time.Time{}
	got.FetchedAt, doc.FetchedAt = got.FetchedAt.UTC(), doc.FetchedAt.UTC()
	if !reflect.DeepEqual(got, doc) {
		t.Errorf("Get =\n%+v\nwant\n%+v", got, doc)
	}
	gotFigs, err := s.Figures(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []Figure{figs[1], figs[0]} // text order
	if !reflect.DeepEqual(gotFigs, want) {
		t.Errorf("Figures =\n%+v\nwant\n%+v", gotFigs, want)
	}
	if _, err := s.Get(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(999) err = %v, want ErrNotFound", err)
	}
	byURL, err := s.GetByURL(ctx, "http://example.com/a?b=2&a=1")
	if err != nil || byURL.ID != res.ID {
		t.Errorf("GetByURL = %v, %v; want document %d", byURL, err, res.ID)
	}
}

func TestPutOutcomes(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	put := func(url, body string) PutResult {
		t.Helper()
		r, err := s.Put(ctx, sampleDoc(url, body), nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a := put("https://a.example/1", "第一篇文章的正文。")
	b := put("https://a.example/2", "第二篇文章的正文。")
	steps := []struct {
		name       string
		url, body  string
		wantStatus PutStatus
		wantID     int64
	}{
		{"same URL, same text", "https://A.example/1#x", "第一篇文章的正文。", PutUnchanged, a.ID},
		{"same text, other layout and URL", "https://b.example/9", "第一篇文章的\n 正文。", PutUnchanged, a.ID},
		{"same URL, changed text", "https://a.example/2", "第二篇文章改过的正文。", PutUpdated, b.ID},
		{"new", "https://a.example/3", "第三篇。", PutNew, b.ID + 1},
	}
	for _, st := range steps {
		r := put(st.url, st.body)
		if r.Status != st.wantStatus || r.ID != st.wantID {
			t.Errorf("%s: Put = %+v, want %s id %d", st.name, r, st.wantStatus, st.wantID)
		}
	}
	// Unchanged puts write nothing: seqs are 1, 2 (a, b), 3 (b updated), 4 (third).
	changed, err := s.Changed(ctx, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []string
	for _, d := range changed {
		seqs = append(seqs, fmt.Sprintf("%d@%d", d.ID, d.Seq))
	}
	if want := fmt.Sprintf("%d@3 %d@4", b.ID, b.ID+1); strings.Join(seqs, " ") != want {
		t.Errorf("Changed(1) = %v, want %s", seqs, want)
	}
	if limited, _ := s.Changed(ctx, 0, 1); len(limited) != 1 || limited[0].ID != a.ID {
		t.Errorf("Changed(0, limit 1) = %v, want document %d only", limited, a.ID)
	}
	if got, _ := s.Get(ctx, b.ID); got.Original != "第二篇文章改过的正文。" {
		t.Errorf("updated text = %q", got.Original)
	}
	if n, err := s.Count(ctx); err != nil || n != 3 {
		t.Errorf("Count = %d, %v; want 3", n, err)
	}
	if m, err := s.MaxSeq(ctx); err != nil || m != 4 {
		t.Errorf("MaxSeq = %d, %v; want 4", m, err)
	}
	var ids []int64
	if err := s.EachDocument(ctx, func(d *Document) error { ids = append(ids, d.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids, []int64{a.ID, b.ID, b.ID + 1}) {
		t.Errorf("EachDocument ids = %v", ids)
	}
	stop := errors.New("stop")
	if err := s.EachDocument(ctx, func(*Document) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("EachDocument did not return fn's error: %v", err)
	}
	if _, err := s.Put(ctx, sampleDoc("https://a.example/empty", " \n "), nil); !errors.Is(err, ErrEmptyDocument) {
		t.Errorf("empty document: err = %v, want ErrEmptyDocument", err)
	}
}

// A figure the schema rejects fails the transaction after the document row
// was written: neither the document nor any figure may remain, and an
// update that fails leaves the previous version intact.
func TestPutIsAtomic(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	good := Figure{Kind: KindCount, Text: "3", Start: 0, End: 1, Value: ptr(3)}
	bad := Figure{Kind: KindCount, Text: "x", Start: 5, End: 2} // End before Start violates a CHECK
	if _, err := s.Put(ctx, sampleDoc("https://a.example/1", "3家企业。"), []Figure{good, bad}); err == nil {
		t.Fatal("Put with an invalid figure succeeded")
	}
	var docs, figs, bands int
	s.db.db.QueryRow(`SELECT COUNT(*) FROM documents`).Scan(&docs)
	s.db.db.QueryRow(`SELECT COUNT(*) FROM figures`).Scan(&figs)
	s.db.db.QueryRow(`SELECT COUNT(*) FROM sketch_bands`).Scan(&bands)
	if docs+figs+bands != 0 {
		t.Errorf("after failed Put: %d documents, %d figures, %d sketch rows; want none", docs, figs, bands)
	}

	r, err := s.Put(ctx, sampleDoc("https://a.example/1", "3家企业。"), []Figure{good})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, sampleDoc("https://a.example/1", "4家企业。"), []Figure{bad}); err == nil {
		t.Fatal("update with an invalid figure succeeded")
	}
	d, _ := s.Get(ctx, r.ID)
	f, _ := s.Figures(ctx, r.ID)
	if d.Original != "3家企业。" || len(f) != 1 || f[0].Text != "3" || d.Seq != 1 {
		t.Errorf("after failed update: text %q seq %d figures %+v; want the first version", d.Original, d.Seq, f)
	}
}

func TestEachFigure(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var ids []int64
	for i := 1; i <= 3; i++ {
		body := fmt.Sprintf("第%d篇：%d家企业，%d个商会。", i, i, i+10)
		figs := []Figure{
			{Kind: KindCount, Text: fmt.Sprint(i + 10), Start: 10, End: 12},
			{Kind: KindCount, Text: fmt.Sprint(i), Start: 5, End: 6},
		}
		r, err := s.Put(ctx, sampleDoc(fmt.Sprintf("https://a.example/%d", i), body), figs)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	collect := func(sel []int64) []string {
		var out []string
		err := s.EachFigure(ctx, sel, func(d *Document, f Figure) error {
			if d.Original != "" || d.Title != "标题" {
				t.Errorf("document passed to EachFigure: title %q, original %q", d.Title, d.Original)
			}
			out = append(out, fmt.Sprintf("%d:%s", d.ID, f.Text))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Fields(strings.Join(out, " "))
	}
	all := collect(nil)
	wantAll := []string{fmt.Sprintf("%d:1", ids[0]), fmt.Sprintf("%d:11", ids[0]), fmt.Sprintf("%d:2", ids[1]),
		fmt.Sprintf("%d:12", ids[1]), fmt.Sprintf("%d:3", ids[2]), fmt.Sprintf("%d:13", ids[2])}
	if !reflect.DeepEqual(all, wantAll) {
		t.Errorf("EachFigure(nil) = %v, want %v", all, wantAll)
	}
	some := collect([]int64{ids[2], ids[0]})
	if want := []string{wantAll[0], wantAll[1], wantAll[4], wantAll[5]}; !reflect.DeepEqual(some, want) {
		t.Errorf("EachFigure(subset) = %v, want %v", some, want)
	}
	if none := collect([]int64{}); len(none) != 0 {
		t.Errorf("EachFigure(empty list) = %v, want nothing", none)
	}
}

func TestCrawlStateAndRuns(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	if _, err := s.CrawlState(ctx, "https://a.example/"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing crawl state: err = %v", err)
	}
	st := CrawlState{URL: "https://a.example/", ETag: `"abc"`, LastModified: "Mon, 18 Jan 2021 01:05:01 GMT",
		LastStatus: 503, LastError: "server busy", LastFetched: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		NextFetch: time.Date(2024, 1, 3, 3, 4, 5, 0, time.UTC), Failures: 2, DocID: 7}
	for i := 0; i < 2; i++ { // the second write updates in place
		if err := s.PutCrawlState(ctx, st); err != nil {
			t.Fatal(err)
		}
		got, err := s.CrawlState(ctx, st.URL)
		if err != nil || !reflect.DeepEqual(got, st) {
			t.Errorf("CrawlState = %+v, %v; want %+v", got, err, st)
		}
		st.Failures, st.LastStatus, st.LastError = 0, 200, ""
	}

	id, err := s.StartRun(ctx)
	if err != nil {
		t.Fatal(err)
	}
	run := Run{ID: id, Counts: map[string]int{"new": 3, "failed": 1}, Errors: []string{"https://x: timeout"}}
	if err := s.FinishRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	runs, err := s.Runs(ctx, 5)
	if err != nil || len(runs) != 1 {
		t.Fatalf("Runs = %v, %v", runs, err)
	}
	if r := runs[0]; r.ID != id || r.Started.IsZero() || r.Finished.Before(r.Started) ||
		!reflect.DeepEqual(r.Counts, run.Counts) || !reflect.DeepEqual(r.Errors, run.Errors) {
		t.Errorf("run = %+v", r)
	}
	if err := s.FinishRun(ctx, Run{ID: 99}); !errors.Is(err, ErrNotFound) {
		t.Errorf("FinishRun of an unknown run: err = %v", err)
	}
}

// Two processes (here: two Stores on one directory) writing at once wait
// for each other instead of failing with "database is locked".
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for w, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				body := fmt.Sprintf("写入者%d的第%d篇文章。", w, i)
				if _, err := s.Put(ctx, sampleDoc(fmt.Sprintf("https://a.example/%d/%d", w, i), body), nil); err != nil {
					errs <- err
				}
				if _, err := s.Count(ctx); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, _ := stores[0].Count(ctx); n != 40 {
		t.Errorf("Count = %d, want 40", n)
	}
	if m, _ := stores[1].MaxSeq(ctx); m != 40 {
		t.Errorf("MaxSeq = %d, want 40 (one sequence number per write)", m)
	}
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTP://WWW.Example.COM:80/News/1.html#comments", "http://www.example.com/News/1.html"},
		{"https://example.com:443", "https://example.com/"},
		{"https://example.com:8443/a", "https://example.com:8443/a"},
		{"https://example.com/a?utm_source=wx&id=3&UTM_Medium=m&spm=1.2&b=1", "https://example.com/a?b=1&id=3"},
		{"https://example.com/a?utm_campaign=x", "https://example.com/a"},
		{"https://example.com/a?", "https://example.com/a"},
		{"  https://example.com/新闻?q=工商联  ", "https://example.com/%E6%96%B0%E9%97%BB?q=%E5%B7%A5%E5%95%86%E8%81%94"},
		{"file:///data/a.txt", "file:///data/a.txt"},
		{"not a url", "not a url"},
		{"", ""},
	}
	for _, tc := range tests {
		got := CanonicalURL(tc.in)
		if got != tc.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := CanonicalURL(got); again != got {
			t.Errorf("CanonicalURL is not idempotent on %q: %q", got, again)
		}
	}
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"HTTP://a.B:80/x?utm_a=1&b=2#f", "https://[::1]:443/", "file:///x", "%zz", "http://a/%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		CanonicalURL(s) // must not panic
	})
}

type seed struct{ name, title, body string }

func readSeeds(t *testing.T) []seed {
	t.Helper()
	dir := shared.Path(t, "corpus/seeds")
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) < 5 {
		t.Fatalf("seeds in %s: %v (%d files)", dir, err, len(paths))
	}
	var out []seed
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		title, body, _ := strings.Cut(string(b), "\n")
		out = append(out, seed{filepath.Base(p)[:3], title, body})
	}
	return out
}

func jaccard(a, b string) float64 {
	x, y := shingleSet(a), shingleSet(b)
	inter := 0
	for h := range x {
		if _, ok := y[h]; ok {
			inter++
		}
	}
	return float64(inter) / float64(len(x)+len(y)-inter)
}

// putSeeds stores every seed under its own URL and returns the stored
// documents by seed name, checking that each started its own cluster.
func putSeeds(t *testing.T, s *Store, seeds []seed) map[string]*Document {
	t.Helper()
	ctx := context.Background()
	out := map[string]*Document{}
	for _, sd := range seeds {
		r, err := s.Put(ctx, &Document{URL: "https://seed.example/" + sd.name, Title: sd.title, Original: sd.body}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != PutNew || r.Cluster != r.ID {
			t.Errorf("seed %s: %+v, want a new document in its own cluster", sd.name, r)
		}
		if out[sd.name], err = s.Get(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestSeedsDoNotCluster(t *testing.T) {
	seeds := readSeeds(t)
	stored := putSeeds(t, openTest(t), seeds)
	norm := map[string]string{}
	for name, d := range stored {
		norm[name] = d.Normalized
	}
	// Estimated similarities stay far below the threshold; 003 and 004, the
	// related articles, share about 8% of their 5-grams.
	for i, a := range seeds {
		for _, b := range seeds[i+1:] {
			est := sketch(norm[a.name]).similarity(sketch(norm[b.name]))
			if est >= nearDuplicate/2 {
				t.Errorf("seeds %s and %s: estimated similarity %.2f, want well below %.2f", a.name, b.name, est, nearDuplicate)
			}
		}
	}
	j := jaccard(norm["003"], norm["004"])
	t.Logf("5-gram Jaccard of seeds 003 and 004: %.3f", j)
	if j < 0.01 || j > 0.15 {
		t.Errorf("exact 5-gram Jaccard of seeds 003 and 004 = %.3f, expected a few percent", j)
	}
}

// toOtherScript converts text between scripts with opencc when it is
// installed, else with a small character table that covers enough of the
// seeds' frequent characters for their n-grams to differ throughout.
func toOtherScript(t *testing.T, text string, toTraditional bool) string {
	t.Helper()
	cfg := "t2s.json"
	if toTraditional {
		cfg = "s2t.json"
	}
	if _, err := exec.LookPath("opencc"); err == nil {
		cmd := exec.Command("opencc", "-c", cfg)
		cmd.Stdin = strings.NewReader(text)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("opencc -c %s: %v", cfg, err)
		}
		return string(out)
	}
	pairs := "会會国國发發经經济濟业業联聯县縣们們为為进進这這对對时時长長产產实實动動体體关關质質务務营營员員组組织織开開调調"
	var from, to []string
	for i, r := range []rune(pairs) {
		if i%2 == 0 {
			from = append(from, string(r))
		} else {
			to = append(to, string(r))
		}
	}
	if !toTraditional {
		from, to = to, from
	}
	var oldnew []string
	for i := range from {
		oldnew = append(oldnew, from[i], to[i])
	}
	return strings.NewReplacer(oldnew...).Replace(text)
}

// editTwoSentences replaces the second and the fourth sentence of text.
func editTwoSentences(text string) string {
	parts := strings.SplitAfter(text, "。")
	parts[1] = "这是改写后的一句话，内容与原文完全不同。"
	parts[3] = "另一句也被编辑改写了，并补充了新的说明。"
	return strings.Join(parts, "")
}

func TestCrossScriptRepostJoinsCluster(t *testing.T) {
	ctx := context.Background()
	seeds := readSeeds(t)
	s := openTest(t)
	stored := putSeeds(t, s, seeds)
	for _, sd := range seeds {
		toTrad := Prepare(&Document{Original: sd.body}).Script != zh.ScriptTraditional
		repost := &Document{
			URL:      "https://repost.example/" + sd.name,
			Title:    "转载：" + toOtherScript(t, sd.title, toTrad) + "（附评论）",
			Original: toOtherScript(t, editTwoSentences(sd.body), toTrad),
		}
		r, err := s.Put(ctx, repost, nil)
		if err != nil {
			t.Fatal(err)
		}
		orig := stored[sd.name]
		t.Logf("seed %s: estimated similarity to its repost %.2f", sd.name, sketch(orig.Normalized).similarity(sketch(repost.Normalized)))
		if r.Status != PutNew || r.Cluster != orig.ID {
			t.Errorf("seed %s reposted in the other script: %+v, want a new document in cluster %d", sd.name, r, orig.ID)
		}
		members, err := s.ClusterMembers(ctx, orig.ID)
		if err != nil || len(members) != 2 || members[0].ID != orig.ID || members[1].ID != r.ID {
			t.Errorf("cluster of seed %s: %d members, %v", sd.name, len(members), err)
		}
	}
}

// The same story published in the other script under another URL has the
// same normalized text; it is kept as its own document in the first copy's
// cluster, while a second copy in the same script is the same document.
func TestSameTextOtherScriptIsKeptInCluster(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	simp := "安徽省工商联组织开展进企业活动，帮助民营经济发展，服务会员企业二百多家。"
	trad := "安徽省工商聯組織開展進企業活動，幫助民營經濟發展，服務會員企業二百多家。"
	a, err := s.Put(ctx, sampleDoc("https://a.example/s", simp), nil)
	if err != nil {
		t.Fatal(err)
	}
	tdoc := sampleDoc("https://hk.example/t", trad)
	b, err := s.Put(ctx, tdoc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tdoc.Script != zh.ScriptTraditional {
		t.Fatalf("traditional copy detected as %s", tdoc.Script)
	}
	if b.Status != PutNew || b.ID == a.ID || b.Cluster != a.Cluster {
		t.Errorf("traditional copy: Put = %+v, want a new document in cluster %d", b, a.Cluster)
	}
	c, err := s.Put(ctx, sampleDoc("https://mirror.example/t", trad), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != PutUnchanged || c.ID != b.ID {
		t.Errorf("second traditional copy: Put = %+v, want unchanged document %d", c, b.ID)
	}
}

// shingleSet returns the distinct 5-gram hashes of text.
func shingleSet(text string) map[uint64]struct{} {
	set := map[uint64]struct{}{}
	for _, h := range shingles(text) {
		set[h] = struct{}{}
	}
	return set
}
