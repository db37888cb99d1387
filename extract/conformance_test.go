package extract

// The conformance harness runs the Microsoft Recognizers-Text Chinese specs
// (../shared/peers/recognizers-text) through this package and prints a pass
// rate per file; CONFORMANCE.md explains the mapping and every divergence.
//
//	make conformance                     # the table
//	CONFORMANCE_FAILS=1 make conformance # plus every failing case
//	CONFORMANCE_UPDATE=1 go test -run TestConformance ./extract/  # raise the ratchet

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/internal/shared"
	"github.com/fednews/fednews/zh"
)

// rtCase is one case of a Recognizers-Text spec file.
type rtCase struct {
	Input                string
	NotSupported         string
	NotSupportedByDesign string
	Context              struct{ ReferenceDateTime string }
	Results              []rtResult
}

type rtResult struct {
	Text       string
	TypeName   string
	Start, End int // End is inclusive
	Resolution map[string]any
}

// skippedOnDotnet: the reference (.NET) runner skips these cases, and so do we.
func (c rtCase) skippedOnDotnet() bool {
	return strings.Contains(c.NotSupported, "dotnet") || strings.Contains(c.NotSupportedByDesign, "dotnet")
}

// conformanceFile is one spec file and how its cases map to our records.
type conformanceFile struct {
	name   string // ratchet key
	file   string
	target float64 // the target pass rate
	// keep selects the cases counted (DateTimeModel: the date cases).
	keep func(rtCase) bool
	// run returns our results for one input, in their shape.
	run func(c rtCase) []rtResult
	// same compares one expected result with ours.
	same func(want, got rtResult) bool
}

var conformanceFiles = []conformanceFile{
	{name: "NumberModel", file: "Number_Chinese_NumberModel.json", target: 0.95, run: runNumbers, same: sameValue},
	{name: "PercentModel", file: "Number_Chinese_PercentModel.json", target: 0.95, run: runKind(corpus.KindPercent), same: sameValue},
	{name: "CurrencyModel", file: "NumberWithUnit_Chinese_CurrencyModel.json", target: 0.90, run: runKind(corpus.KindMoney), same: sameCurrency},
	{name: "NumberRangeModel", file: "Number_Chinese_NumberRangeModel.json", target: 0.90, run: runRanges, same: sameRange},
	{name: "DateTimeModel (date cases)", file: "DateTime_Chinese_DateTimeModel.json", target: 0.85, keep: isDateCase, run: runDates, same: sameDate},
}

func TestConformance(t *testing.T) {
	dir := shared.Path(t, "peers/recognizers-text")
	ratchetPath := filepath.Join("testdata", "conformance.json")
	ratchet := map[string]float64{}
	if data, err := os.ReadFile(ratchetPath); err == nil {
		if err := json.Unmarshal(data, &ratchet); err != nil {
			t.Fatalf("%s: %v", ratchetPath, err)
		}
	}
	rates := map[string]float64{}
	var table strings.Builder
	fmt.Fprintf(&table, "| suite | cases | passed | rate | target | recorded |\n|---|---|---|---|---|---|\n")
	for _, cf := range conformanceFiles {
		data, err := os.ReadFile(filepath.Join(dir, cf.file))
		if err != nil {
			t.Fatal(err)
		}
		var cases []rtCase
		if err := json.Unmarshal([]byte(strings.TrimPrefix(string(data), "\ufeff")), &cases); err != nil {
			t.Fatalf("%s: %v", cf.file, err)
		}
		total, passed := 0, 0
		for _, c := range cases {
			if c.skippedOnDotnet() || (cf.keep != nil && !cf.keep(c)) {
				continue
			}
			total++
			got := cf.run(c)
			if caseMatches(cf, c.Results, got) {
				passed++
			} else if os.Getenv("CONFORMANCE_FAILS") != "" {
				t.Logf("FAIL %s %q\n   want %s\n    got %s", cf.name, c.Input, resultsString(c.Results), resultsString(got))
			}
		}
		rate := float64(passed) / float64(total)
		rates[cf.name] = math.Floor(rate*1000) / 1000
		fmt.Fprintf(&table, "| %s | %d | %d | %.1f%% | %.0f%% | %.1f%% |\n", cf.name, total, passed, 100*rate, 100*cf.target, 100*ratchet[cf.name])
		if rate+1e-9 < ratchet[cf.name] {
			t.Errorf("%s: pass rate %.1f%% fell below the recorded %.1f%%", cf.name, 100*rate, 100*ratchet[cf.name])
		}
	}
	t.Logf("Recognizers-Text Chinese conformance:\n%s", table.String())
	if os.Getenv("CONFORMANCE_UPDATE") != "" {
		data, _ := json.MarshalIndent(rates, "", "  ")
		if err := os.WriteFile(ratchetPath, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// caseMatches is the reference runner's all-or-nothing rule: the same
// number of results, each with the same text, span and resolution.
func caseMatches(cf conformanceFile, want, got []rtResult) bool {
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if want[i].Start != got[i].Start || want[i].End != got[i].End ||
			foldText(want[i].Text) != foldText(got[i].Text) || !cf.same(want[i], got[i]) {
			return false
		}
	}
	return true
}

// foldText compares texts as their runner does: width folded (their
// normalization folds some full-width signs, ours all), case-insensitive.
func foldText(s string) string { return strings.ToLower(zh.Normalize(s, zh.StepWidth).Text) }

func resultsString(rs []rtResult) string {
	b, _ := json.Marshal(rs)
	return string(b)
}

// scannerFor returns a scanner over a case's normalized input.
func scannerFor(c rtCase) *scanner {
	return newScanner(zh.Normalize(c.Input, zh.AllSteps), []rune(c.Input))
}

// surface is the input as their Text shows it: width folded, in its own
// script. Width folding and t2s keep one rune per rune in these inputs, so
// offsets into the normalized text are offsets into it.
func surface(c rtCase) []rune { return []rune(zh.Normalize(c.Input, zh.StepWidth).Text) }

func ratString(r *big.Rat) string {
	if r == nil {
		return ""
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// result builds one of our results over rs[start:end).
func result(rs []rune, start, end int, res map[string]any) rtResult {
	return rtResult{Text: string(rs[start:end]), Start: start, End: end - 1, Resolution: res}
}

// runNumbers reads every numeral in the input: NumberModel has no units,
// so it tests the numeral parser through the number finder directly.
func runNumbers(c rtCase) []rtResult {
	rs := surface(c)
	var out []rtResult
	for _, n := range Numbers(zh.Normalize(c.Input, zh.AllSteps).Text) {
		out = append(out, result(rs, n.Start, n.End, map[string]any{"value": ratString(n.Value)}))
	}
	return out
}

// runKind returns our figures of one kind.
func runKind(kind string) func(rtCase) []rtResult {
	return func(c rtCase) []rtResult {
		s := scannerFor(c)
		s.spaces = true
		rs := surface(c)
		var out []rtResult
		for _, m := range s.scan() {
			if m.kind != kind {
				continue
			}
			res := map[string]any{"value": ratString(m.val), "unit": m.unit}
			out = append(out, result(rs, m.start, m.end, res))
		}
		return out
	}
}

// sameValue compares a number or percentage: 85% is our value 85.
func sameValue(want, got rtResult) bool {
	w, _ := want.Resolution["value"].(string)
	return sameNumber(strings.TrimSuffix(w, "%"), got.Resolution["value"].(string))
}

func sameNumber(want, got string) bool {
	w, err1 := strconv.ParseFloat(want, 64)
	g, err2 := strconv.ParseFloat(got, 64)
	if err1 != nil || err2 != nil {
		return want == got
	}
	return w == g || math.Abs(w-g) <= 1e-12*math.Max(math.Abs(w), math.Abs(g))
}

// sameCurrency compares the value and the ISO code.
func sameCurrency(want, got rtResult) bool {
	iso, _ := want.Resolution["isoCurrency"].(string)
	return iso == got.Resolution["unit"] && sameValue(want, got)
}

// runRanges reads numbers with their qualifiers and range ends as
// intervals: over (500,), at_least [500,), under (,500), at_most (,500],
// a range [lo,hi).
func runRanges(c rtCase) []rtResult {
	s := scannerFor(c)
	s.spaces, s.bare = true, true
	rs := surface(c)
	var out []rtResult
	for _, m := range s.scan() {
		if m.kind == corpus.KindDate || m.val == nil {
			continue
		}
		var iv string
		v := ratString(m.val)
		switch {
		case m.max != nil && m.qual == qualOver:
			iv = "(" + v + "," + ratString(m.max) + ")" // 大于10小于20
		case m.max != nil && m.qual == qualAtLeast:
			iv = "[" + v + "," + ratString(m.max) + "]" // 不小于20不大于50
		case m.max != nil:
			iv = "[" + v + "," + ratString(m.max) + ")" // 10到20之间: their stated ranges are half-open
		case m.qual == qualOver:
			iv = "(" + v + ",)"
		case m.qual == qualAtLeast:
			iv = "[" + v + ",)"
		case m.qual == qualUnder:
			iv = "(," + v + ")"
		case m.qual == qualAtMost:
			iv = "(," + v + "]"
		case m.qual == qualExact && m.start < m.numStart:
			iv = "[" + v + "," + v + "]" // 等于1535
		default:
			continue // a plain number is no range
		}
		end := m.end
		if _, e, ok := s.unitAt(m.numEnd); m.kind != "" && ok && e == m.end {
			end = m.numEnd // their ranges leave the measure word out: 五百多(个)
		}
		out = append(out, result(rs, m.start, end, map[string]any{"value": iv}))
	}
	return out
}

// sameRange compares intervals end by end.
func sameRange(want, got rtResult) bool {
	w, _ := want.Resolution["value"].(string)
	g, _ := got.Resolution["value"].(string)
	if len(w) < 3 || len(g) < 3 || w[0] != g[0] || w[len(w)-1] != g[len(g)-1] {
		return false
	}
	wp := strings.Split(w[1:len(w)-1], ",")
	gp := strings.Split(g[1:len(g)-1], ",")
	if len(wp) != 2 || len(gp) != 2 {
		return false
	}
	for i := range wp {
		if (wp[i] == "") != (gp[i] == "") || (wp[i] != "" && !sameNumber(wp[i], gp[i])) {
			return false
		}
	}
	return true
}

// isDateCase selects the DateTimeModel cases whose every result is a date
// or a date range (no times, durations or recurring sets).
func isDateCase(c rtCase) bool {
	if len(c.Results) == 0 {
		return false
	}
	for _, r := range c.Results {
		if r.TypeName != "datetimeV2.date" && r.TypeName != "datetimeV2.daterange" {
			return false
		}
	}
	return true
}

// runDates extracts dates with the case's reference date as publication date.
func runDates(c rtCase) []rtResult {
	rs := surface(c)
	var pub time.Time
	if c.Context.ReferenceDateTime != "" {
		pub, _ = time.Parse("2006-01-02T15:04:05", c.Context.ReferenceDateTime)
	}
	s := scannerFor(c)
	s.spaces = true
	s.setPublished(pub)
	var out []rtResult
	for _, m := range s.scan() {
		if m.kind != corpus.KindDate {
			continue
		}
		out = append(out, result(rs, m.start, m.end, map[string]any{"date": m.date, "date_end": m.dateEnd, "qual": m.qual}))
	}
	return out
}

// modQual maps their Mod to our qualifier.
var modQual = map[string]string{"": qualExact, "since": qualAtLeast, "after": qualOver, "before": qualUnder, "until": qualAtMost}

// sameDate compares a date or range with theirs: a timex with XXXX (no
// year stated) matches ours when one of their resolutions has our year or
// ours has none; range ends compare with the start of our end's period or
// the day after it (they write 三月到五月 as …05-01 and 上半年 as …07-01).
func sameDate(want, got rtResult) bool {
	values, _ := want.Resolution["values"].([]any)
	date, _ := got.Resolution["date"].(string)
	end, _ := got.Resolution["date_end"].(string)
	for _, v := range values {
		vm, _ := v.(map[string]any)
		timex, _ := vm["timex"].(string)
		mod, _ := vm["Mod"].(string)
		if modQual[mod] != got.Resolution["qual"] {
			continue
		}
		if strings.HasPrefix(timex, "(") {
			parts := strings.Split(strings.Trim(timex, "()"), ",")
			if len(parts) < 2 || end == "" {
				continue
			}
			start, _ := vm["start"].(string)
			wantEnd, _ := vm["end"].(string)
			if dateMatches(parts[0], start, periodStart(date)) && (dateMatches(parts[1], wantEnd, periodStart(end)) || dateMatches(parts[1], wantEnd, periodAfter(end))) {
				return true
			}
			continue
		}
		if end != "" {
			// A week (2017-W14) or a weekend: compare the resolved start and end.
			start, _ := vm["start"].(string)
			wantEnd, _ := vm["end"].(string)
			if start != "" && start == periodStart(date) && (wantEnd == periodStart(end) || wantEnd == periodAfter(end)) {
				return true
			}
			continue
		}
		if v, _ := vm["value"].(string); v == date && len(date) == 10 {
			return true // their resolution of a weekday (XXXX-WXX-1) is ours
		}
		if timex == date || timex == strings.Replace(date, "--", "XXXX-", 1) || timex == strings.Replace(date, "---", "XXXX-XX-", 1) {
			return true
		}
		if strings.HasPrefix(timex, "XXXX") && len(date) >= 4 && strings.HasSuffix(date, timex[4:]) {
			// Their past and future candidates: ours must be one of them.
			if s, _ := vm["start"].(string); strings.HasPrefix(s, date[:4]) {
				return true
			}
			if s, _ := vm["value"].(string); strings.HasPrefix(s, date[:4]) {
				return true
			}
		}
	}
	return false
}

// dateMatches compares a timex date (possibly XXXX-MM-DD) and its resolved
// value with ours (YYYY-MM-DD).
func dateMatches(timex, resolved, ours string) bool {
	if ours == "" {
		return false
	}
	if timex == ours || resolved == ours {
		return true
	}
	return strings.HasPrefix(timex, "XXXX") && len(ours) == 10 && timex[4:] == ours[4:] && (resolved == "" || resolved[:4] == ours[:4])
}

// periodStart is the first day of a date at its precision (2022 → 2022-01-01).
func periodStart(d string) string {
	d = strings.Replace(d, "--", "XXXX-", 1)
	switch len(d) {
	case 4:
		return d + "-01-01"
	case 7:
		return d + "-01"
	}
	return d
}

// periodAfter is the day after the period a date names (2022-06 → 2022-07-01).
func periodAfter(d string) string {
	t, err := time.Parse("2006-01-02", periodStart(d))
	if err != nil {
		return ""
	}
	switch len(d) {
	case 4:
		t = t.AddDate(1, 0, 0)
	case 7:
		t = t.AddDate(0, 1, 0)
	default:
		t = t.AddDate(0, 0, 1)
	}
	return t.Format("2006-01-02")
}
