package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
)

// labelledDoc is one text of testdata/county_reports.jsonl: county
// federation reports the team wrote, in both scripts, some with pinyin
// glued in (工商聯(lián)), with every figure a careful reader would record.
type labelledDoc struct {
	ID        string           `json:"id"`
	Published string           `json:"published"`
	Text      string           `json:"text"`
	Figures   []labelledFigure `json:"figures"`
}

// labelledFigure is the part of a record the labels give.
type labelledFigure struct {
	Text        string   `json:"text"`
	Kind        string   `json:"kind"`
	Value       *float64 `json:"value"`
	ValueMax    *float64 `json:"value_max"`
	Unit        string   `json:"unit"`
	Qualifier   string   `json:"qualifier"`
	Date        string   `json:"date"`
	DateEnd     string   `json:"date_end"`
	PeriodStart string   `json:"period_start"`
	PeriodEnd   string   `json:"period_end"`
	Topic       string   `json:"topic"`
}

// figure is the part of a label that decides whether a figure is right
// (the held-out scoring's contract): everything but period and topic,
// which are scored on the figures found.
func (l labelledFigure) figure() labelledFigure {
	l.PeriodStart, l.PeriodEnd, l.Topic = "", "", ""
	return l
}

func labelOf(f corpus.Figure) labelledFigure {
	return labelledFigure{Text: f.Text, Kind: f.Kind, Value: f.Value, ValueMax: f.ValueMax, Unit: f.Unit, Qualifier: f.Qualifier,
		Date: f.Date, DateEnd: f.DateEnd, PeriodStart: f.PeriodStart, PeriodEnd: f.PeriodEnd, Topic: f.Topic}
}

func readLabelled(t *testing.T) []labelledDoc {
	t.Helper()
	fh, err := os.Open("testdata/county_reports.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var docs []labelledDoc
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		var d labelledDoc
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("county_reports.jsonl:%d: %v", line, err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return docs
}

// labelGroup names the documents of a score: the ids of held-out ones
// start with their group ("holdout-", written after the topic rules of
// 8d5464d; "holdout2-", after those of 7a4f640; "holdout3-", after those
// of c3715c5; "holdout4-" and "holdout5-", after those of e464cc1), the
// others are "dev". A group is held out only on its first run: rules
// changed after it make it dev data too.
func labelGroup(id string) string {
	if g, _, ok := strings.Cut(id, "-"); ok && strings.HasPrefix(g, "holdout") {
		return g
	}
	return "dev"
}

// labelScore counts what TestLabelledReports scores.
type labelScore struct {
	found, labels, right                     int
	kindLabels, kindRight                    map[string]int
	periodRight, periods, topicRight, topics int
}

func (s *labelScore) log(t *testing.T, name string, docs int) {
	t.Helper()
	p, r := float64(s.right)/float64(s.found), float64(s.right)/float64(s.labels)
	t.Logf("%s: %d documents, %d labelled figures: P %.3f R %.3f F1 %.3f", name, docs, s.labels, p, r, 2*p*r/(p+r))
	kinds := make([]string, 0, len(s.kindLabels))
	for k := range s.kindLabels {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Logf("  %s recall %-8s %d/%d = %.3f", name, k, s.kindRight[k], s.kindLabels[k], float64(s.kindRight[k])/float64(s.kindLabels[k]))
	}
	t.Logf("  %s period exact match %d/%d = %.3f; topic accuracy %d/%d = %.3f", name, s.periodRight, s.periods,
		float64(s.periodRight)/float64(s.periods), s.topicRight, s.topics, float64(s.topicRight)/float64(s.topics))
}

// TestLabelledReports scores extraction on the team's hand-labelled
// reports: F1 of the figures with recall per kind, then, on the figures
// found, how often the period matches exactly and the topic is right;
// for all documents, then for each held-out group alone.
func TestLabelledReports(t *testing.T) {
	docs := readLabelled(t)
	if len(docs) < 25 {
		t.Fatalf("%d labelled documents, want at least 25", len(docs))
	}
	all := &labelScore{kindLabels: map[string]int{}, kindRight: map[string]int{}}
	groups, groupDocs := map[string]*labelScore{}, map[string]int{}
	for _, d := range docs {
		pub, err := time.Parse("2006-01-02", d.Published)
		if err != nil {
			t.Fatalf("%s: published %q: %v", d.ID, d.Published, err)
		}
		g := labelGroup(d.ID)
		if groups[g] == nil {
			groups[g] = &labelScore{kindLabels: map[string]int{}, kindRight: map[string]int{}}
		}
		groupDocs[g]++
		for _, s := range []*labelScore{all, groups[g]} {
			scoreDoc(t, d, figuresOf(d.Text, pub), s, s == all)
		}
	}
	all.log(t, "all", len(docs))
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	for _, g := range names {
		groups[g].log(t, g, groupDocs[g])
	}
	p, r := float64(all.right)/float64(all.found), float64(all.right)/float64(all.labels)
	pr, tr := float64(all.periodRight)/float64(all.periods), float64(all.topicRight)/float64(all.topics)
	for _, c := range []struct {
		what string
		v    float64
	}{{"F1", 2 * p * r / (p + r)}, {"period exact match", pr}, {"topic accuracy", tr}} {
		if c.v < 0.9 {
			t.Errorf("%s %.3f, want at least 0.9", c.what, c.v)
		}
	}
}

// scoreDoc adds document d's score to s, logging each error when verbose.
func scoreDoc(t *testing.T, d labelledDoc, got []corpus.Figure, s *labelScore, verbose bool) {
	t.Helper()
	logf := func(format string, args ...any) {
		if verbose {
			t.Logf(format, args...)
		}
	}
	s.found += len(got)
	s.labels += len(d.Figures)
	used := make([]bool, len(got))
	for _, l := range d.Figures {
		s.kindLabels[l.Kind]++
		k := matchLabel(got, used, l)
		if k < 0 {
			logf("%s: missed %s %q", d.ID, l.Kind, l.Text)
			continue
		}
		used[k] = true
		s.right++
		s.kindRight[l.Kind]++
		g := labelOf(got[k])
		s.periods++
		if g.PeriodStart == l.PeriodStart && g.PeriodEnd == l.PeriodEnd {
			s.periodRight++
		} else {
			logf("%s: %q period %q..%q, labelled %q..%q", d.ID, l.Text, g.PeriodStart, g.PeriodEnd, l.PeriodStart, l.PeriodEnd)
		}
		if l.Kind == corpus.KindMoney || l.Kind == corpus.KindCount {
			s.topics++
			if g.Topic == l.Topic {
				s.topicRight++
			} else {
				logf("%s: %q topic %q, labelled %q", d.ID, l.Text, g.Topic, l.Topic)
			}
		}
	}
	for k, u := range used {
		if !u {
			logf("%s: extra %s %q %+v", d.ID, got[k].Kind, got[k].Text, labelOf(got[k]))
		}
	}
}

// matchLabel returns the first unused figure of got that the label
// describes, or -1.
func matchLabel(got []corpus.Figure, used []bool, l labelledFigure) int {
	for k, f := range got {
		if !used[k] && reflect.DeepEqual(labelOf(f).figure(), l.figure()) {
			return k
		}
	}
	return -1
}
