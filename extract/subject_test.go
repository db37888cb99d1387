package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/internal/shared"
	"github.com/fednews/fednews/zh"
)

// subjectKinds are the kinds whose figures have a subject; dates and
// durations never do.
var subjectKinds = map[string]bool{corpus.KindMoney: true, corpus.KindCount: true, corpus.KindQuantity: true, corpus.KindPercent: true}

// subjectStats counts subjects: of the figures that may have one, how
// many have none, and how many cut a word of gse's segmentation of their
// sentence.
type subjectStats struct{ rows, rowsEmpty, figures, empty, subjects, cut int }

func (s *subjectStats) add(t *testing.T, seg *zh.Segmenter, figs []corpus.Figure) {
	t.Helper()
	for _, f := range figs {
		s.rows++
		if f.Subject == "" {
			s.rowsEmpty++
		}
		if !subjectKinds[f.Kind] {
			continue
		}
		s.figures++
		if f.Subject == "" {
			s.empty++
			continue
		}
		s.subjects++
		norm := func(s string) string { return zh.Normalize(s, zh.AllSteps).Text }
		if sent := norm(f.Sentence); !onWordBoundaries(seg, sent, f.Subject, norm(f.Text)) {
			s.cut++
			t.Logf("cut subject %q (%s) in %q", f.Subject, f.Text, sent)
		}
	}
}

func (s subjectStats) log(t *testing.T, name string) {
	t.Helper()
	t.Logf("%s: %d rows, %d with no subject (%.1f %%, dates and durations included); %d figures that may have a subject: %d empty (%.1f %%); %d subjects, %d cut mid-word",
		name, s.rows, s.rowsEmpty, 100*float64(s.rowsEmpty)/float64(s.rows),
		s.figures, s.empty, 100*float64(s.empty)/float64(s.figures), s.subjects, s.cut)
}

// onWordBoundaries reports whether sub occurs in sent starting and ending
// where gse's words of sent or the figure's text fig do (or does not
// occur: a subject read across the sentence's normalization is not
// checked). The figure is one word whatever gse makes of it (42|家中|小企业).
func onWordBoundaries(seg *zh.Segmenter, sent, sub, fig string) bool {
	if !strings.Contains(sent, sub) {
		return true
	}
	cuts := map[int]bool{0: true, len(sent): true}
	for _, tk := range seg.Precise(sent) {
		cuts[tk.Start], cuts[tk.End] = true, true
	}
	for off := 0; fig != ""; {
		k := strings.Index(sent[off:], fig)
		if k < 0 {
			break
		}
		cuts[off+k], cuts[off+k+len(fig)] = true, true
		off += k + len(fig)
	}
	for off := 0; ; {
		k := strings.Index(sent[off:], sub)
		if k < 0 {
			return false
		}
		if cuts[off+k] && cuts[off+k+len(sub)] {
			return true
		}
		off += k + 1
	}
}

// TestSubjects measures subjects on the labelled reports and the seed
// corpus (run with -v to see the shares): no subject of the labelled
// reports may cut a word, and fewer than a third may be empty.
func TestSubjects(t *testing.T) {
	seg, err := zh.DefaultSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	var labelled subjectStats
	for _, d := range readLabelled(t) {
		pub, _ := time.Parse("2006-01-02", d.Published)
		labelled.add(t, seg, figuresOf(d.Text, pub))
	}
	labelled.log(t, "labelled reports")
	if labelled.cut > 0 {
		t.Errorf("%d subjects of the labelled reports cut a word", labelled.cut)
	}
	if 3*labelled.empty >= labelled.figures {
		t.Errorf("%d of %d subjects of the labelled reports empty, want under a third", labelled.empty, labelled.figures)
	}
	dir := shared.Path(t, "corpus/seeds")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds in %s: %v", dir, err)
	}
	var seeds subjectStats
	for _, fn := range files {
		data, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		seeds.add(t, seg, figuresOf(string(data), time.Time{}))
	}
	seeds.log(t, "seed corpus")
}
