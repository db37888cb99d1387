package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// datePattern matches the dates Chinese pages print: 2021-01-18 01:05:01,
// 2021年01月18日 10:30, 2021/1/18, 2021.01.18.
var datePattern = regexp.MustCompile(`((?:19|20)\d{2})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})(?:\s*日)?` +
	`(?:\s*(?:T\s*)?(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?`)

// compactDate matches 20210118 in meta values and URLs.
var compactDate = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d{2})(\d{2})(\d{2})(?:[^0-9]|$)`)

// usDate matches the month-first dates of pages made with English-locale
// software: 9/17/2004 5:54:13 AM.
var usDate = regexp.MustCompile(`(?:^|[^0-9/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?`)

// urlDates are the dates that URL paths carry, most specific first:
// /202403/t20240315_123456.html and /20230601/ (compact),
// /art/2024/3/15/art_1.html (datePattern), /2004/0917/ (year, then
// month and day).
var urlDates = []*regexp.Regexp{compactDate, datePattern,
	regexp.MustCompile(`/((?:19|20)\d{2})/(\d{2})(\d{2})(?:/|$)`)}

// labelledDate is a date after a label saying it is the publication date.
var labelledDate = regexp.MustCompile(`(?:发布|发表|时间|日期)[^0-9]{0,8}` + datePattern.String())

// parseDate reads one date in any of the forms above or RFC 3339, in
// China's zone unless it names its own.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.000Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.In(chinaTime), true
		}
	}
	if m := datePattern.FindStringSubmatch(s); m != nil {
		return dateFromParts(m[1:])
	}
	if m := usDate.FindStringSubmatch(s); m != nil {
		hour := m[4]
		if h, _ := strconv.Atoi(hour); m[7] != "" && h >= 1 && h <= 12 {
			h %= 12
			if m[7] == "P" || m[7] == "p" {
				h += 12
			}
			hour = strconv.Itoa(h)
		}
		return dateFromParts([]string{m[3], m[1], m[2], hour, m[5], m[6]})
	}
	if m := compactDate.FindStringSubmatch(s); m != nil {
		return dateFromParts(m[1:])
	}
	return time.Time{}, false
}

// dateFromParts builds a date from year, month, day and optional hour,
// minute, second strings, rejecting impossible ones (2021-02-30).
func dateFromParts(p []string) (time.Time, bool) {
	v := make([]int, 6)
	for i := range v {
		if i < len(p) && p[i] != "" {
			v[i], _ = strconv.Atoi(p[i])
		}
	}
	t := time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], 0, chinaTime)
	if t.Year() != v[0] || int(t.Month()) != v[1] || t.Day() != v[2] || v[3] > 23 || v[4] > 59 || v[5] > 59 {
		return time.Time{}, false
	}
	return t, true
}

// plausible rejects dates in the future and before the web.
func plausible(t time.Time, now time.Time) bool {
	return t.Year() >= 1990 && !t.After(now.Add(24*time.Hour))
}

// findPublished tries, in order: the caller's selector, meta tags and
// JSON-LD, <time>, the lines around the headline (byTitle: empty when the
// headline was not found among the blocks), the first date labelled as a
// publication date anywhere (发布时间, 发表于 …), the other short lines
// around the text (lines, see metaLines), and the page URL. It returns the
// date, when the date came from a line of the page that line, and which
// evidence it was (Article.PublishedFrom).
func findPublished(doc *goquery.Document, meta pageMeta, byTitle, lines, blocks []block, pageURL string, opts ExtractOptions) (time.Time, string, string) {
	var cands []metaDate
	if opts.DateSelector != "" {
		cands = append(cands, metaDate{collapseSpace(doc.Find(opts.DateSelector).First().Text()), "selector"})
	}
	cands = append(cands, meta.dates...)
	doc.Find("time").Each(func(_ int, s *goquery.Selection) {
		cands = append(cands, metaDate{s.AttrOr("datetime", ""), "time"}, metaDate{s.Text(), "time"})
	})
	for _, c := range cands {
		if t, ok := parseDate(c.value); ok && plausible(t, opts.Now) {
			return t, "", c.from
		}
	}
	firstDate := func(lines []block) (time.Time, string) {
		for _, b := range lines {
			if t, ok := parseDate(b.text); ok && plausible(t, opts.Now) {
				return t, b.text
			}
		}
		return time.Time{}, ""
	}
	if t, line := firstDate(byTitle); !t.IsZero() {
		return t, line, "title_block"
	}
	for _, b := range blocks {
		if m := labelledDate.FindString(b.text); m != "" {
			if t, ok := parseDate(m); ok && plausible(t, opts.Now) {
				return t, b.text, "labelled"
			}
		}
	}
	if t, line := firstDate(lines); !t.IsZero() {
		return t, line, "text"
	}
	for _, re := range urlDates {
		if m := re.FindStringSubmatch(pageURL); m != nil {
			if t, ok := dateFromParts(m[1:4]); ok && plausible(t, opts.Now) {
				return t, "", "url"
			}
		}
	}
	return time.Time{}, "", ""
}
