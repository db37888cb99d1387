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

// TestLabelledReports scores extraction on the team's hand-labelled
// reports: F1 of the figures with recall per kind, then, on the figures
// found, how often the period matches exactly and the topic is right.
func TestLabelledReports(t *testing.T) {
	docs := readLabelled(t)
	if len(docs) < 25 {
		t.Fatalf("%d labelled documents, want at least 25", len(docs))
	}
	var found, labels, right int
	kindLabels, kindRight := map[string]int{}, map[string]int{}
	periodRight, periods, topicRight, topics := 0, 0, 0, 0
	for _, d := range docs {
		pub, err := time.Parse("2006-01-02", d.Published)
		if err != nil {
			t.Fatalf("%s: published %q: %v", d.ID, d.Published, err)
		}
		got := figuresOf(d.Text, pub)
		found += len(got)
		labels += len(d.Figures)
		used := make([]bool, len(got))
		for _, l := range d.Figures {
			kindLabels[l.Kind]++
			k := matchLabel(got, used, l)
			if k < 0 {
				t.Logf("%s: missed %s %q", d.ID, l.Kind, l.Text)
				continue
			}
			used[k] = true
			right++
			kindRight[l.Kind]++
			g := labelOf(got[k])
			periods++
			if g.PeriodStart == l.PeriodStart && g.PeriodEnd == l.PeriodEnd {
				periodRight++
			} else {
				t.Logf("%s: %q period %q..%q, labelled %q..%q", d.ID, l.Text, g.PeriodStart, g.PeriodEnd, l.PeriodStart, l.PeriodEnd)
			}
			if l.Kind == corpus.KindMoney || l.Kind == corpus.KindCount {
				topics++
				if g.Topic == l.Topic {
					topicRight++
				} else {
					t.Logf("%s: %q topic %q, labelled %q", d.ID, l.Text, g.Topic, l.Topic)
				}
			}
		}
		for k, u := range used {
			if !u {
				t.Logf("%s: extra %s %q", d.ID, got[k].Kind, got[k].Text)
			}
		}
	}
	p, r := float64(right)/float64(found), float64(right)/float64(labels)
	t.Logf("%d documents, %d labelled figures: P %.3f R %.3f F1 %.3f", len(docs), labels, p, r, 2*p*r/(p+r))
	kinds := make([]string, 0, len(kindLabels))
	for k := range kindLabels {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Logf("  recall %-8s %d/%d = %.3f", k, kindRight[k], kindLabels[k], float64(kindRight[k])/float64(kindLabels[k]))
	}
	pr, tr := float64(periodRight)/float64(periods), float64(topicRight)/float64(topics)
	t.Logf("period exact match %d/%d = %.3f; topic accuracy %d/%d = %.3f", periodRight, periods, pr, topicRight, topics, tr)
	if pr < 0.9 {
		t.Errorf("period exact match %.3f, want at least 0.9", pr)
	}
	if tr < 0.9 {
		t.Errorf("topic accuracy %.3f, want at least 0.9", tr)
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
