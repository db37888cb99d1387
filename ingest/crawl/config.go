package crawl

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/andybalholm/cascadia"
)

// Config is a sources file: how to crawl (politeness and limits, shared by
// every source) and what to crawl (the sources).
type Config struct {
	// UserAgent names the tool and a contact, so that a site owner who sees
	// the crawler in a log knows whom to ask.
	UserAgent string `toml:"user_agent"`
	// Rate is the most requests per second sent to one host; 0 means no
	// limit (benchmarks against a local server). A source's own Rate and a
	// host's robots.txt Crawl-delay can only lower it.
	Rate float64 `toml:"rate"`
	// Concurrency is the most requests in flight to one host.
	Concurrency int `toml:"concurrency"`
	// Workers is the number of pages of one source processed at once
	// (sources are crawled side by side).
	Workers int `toml:"workers"`
	// Recheck is how long a stored, unchanged article is left alone before
	// it is asked for again (with a conditional GET).
	Recheck Duration `toml:"recheck"`
	// Timeout bounds one request, headers and body.
	Timeout Duration `toml:"timeout"`
	// MaxBody is the largest body accepted in bytes, after decompression.
	MaxBody int64 `toml:"max_body"`
	// MaxRedirects is the most redirects followed for one URL.
	MaxRedirects int `toml:"max_redirects"`
	// Retries is how many times a request that failed with a 5xx status or
	// a network error is tried again; Backoff is the wait before the first
	// retry, doubled for each further one.
	Retries int      `toml:"retries"`
	Backoff Duration `toml:"backoff"`
	// MaxCrawlDelay caps a robots.txt Crawl-delay, so that one site asking
	// for an hour between requests cannot stall the nightly run.
	MaxCrawlDelay Duration `toml:"max_crawl_delay"`
	// Upper bounds on one run (issue 13), so that a list page with 100,000
	// links or a host answering 503 for ever cannot hold the nightly run
	// (and its lock) for days. MaxPages bounds the pages requested by all
	// sources together (each source has its own max_pages too);
	// MaxRunTime stops the crawl, and what is left waits for the next run;
	// MaxRetryAfter is the longest Retry-After waited for (a longer one
	// fails the URL at once); after MaxHostFailures consecutive failures
	// (network errors, timeouts, 5xx, 429) a host is given up for the run.
	MaxPages        int      `toml:"max_pages"`
	MaxRunTime      Duration `toml:"max_run_time"`
	MaxRetryAfter   Duration `toml:"max_retry_after"`
	MaxHostFailures int      `toml:"max_host_failures"`

	// Import lists folders whose files are imported on every run.
	Import []string `toml:"import"`
	// Sources are the sites to crawl.
	Sources []Source `toml:"source"`

	// --- the operator's view (issue 17) ---

	// StaleAfter: a source that has brought no new article for this long
	// gets a warning in the summary (a site redesign shows up so); 0 turns
	// the warning off.
	StaleAfter Duration `toml:"stale_after"`

	// Warnings are what ParseConfig found odd but not wrong: unknown keys,
	// each with its line. They are logged when the run starts.
	Warnings []string `toml:"-"`
}

// Source is one site to crawl.
type Source struct {
	// Name identifies the source in logs and summaries; it is also the
	// document source when a page names none.
	Name string `toml:"name"`
	// Start lists the URLs a crawl starts from: usually the first list page.
	Start []string `toml:"start"`
	// Articles are regular expressions over absolute URLs: a link matching
	// one is an article page.
	Articles []string `toml:"articles"`
	// Lists are regular expressions for list and pagination pages: links
	// from them are followed.
	Lists []string `toml:"lists"`
	// MaxDepth is the most links followed from a start URL.
	MaxDepth int `toml:"max_depth"`
	// Rate, when set, lowers the per-host rate for this source's hosts.
	Rate float64 `toml:"rate"`
	// Selectors, when set, say where a site keeps the title, date and body,
	// overriding automatic article extraction for the fields given.
	Selectors Selectors `toml:"selectors"`

	// --- list kinds (issue 17) ---

	// Kind says how the source's list pages name the pages to crawl: one of
	// ListKinds; "auto" (the default) recognizes each page.
	Kind string `toml:"kind"`
	// FollowArticleLinks makes links on article pages followed too; by
	// default only list pages are read for links.
	FollowArticleLinks bool `toml:"follow_article_links"`
	// Recheck, UserAgent: this source's own re-check interval and
	// User-Agent, instead of the file's (robots.txt is still read with the
	// file's User-Agent: it is read once per host).
	Recheck   Duration `toml:"recheck"`
	UserAgent string   `toml:"user_agent"`
	// Exclude are regular expressions over absolute URLs of links never
	// followed, whatever articles and lists say.
	Exclude []string `toml:"exclude"`
	// Since, a TOML date (since = 2024-01-01), leaves articles published
	// before it unstored: the first crawl of a ten-year archive.
	Since time.Time `toml:"since"`

	excludeRe          []*regexp.Regexp
	sourceSel, authSel cascadia.Selector
	lines              map[string]int // key ("selectors.title") → line in the file
	// Where the source's requests may go (issue 13: SSRF). Redirects stay
	// on the hosts of the start URLs and those in AllowHosts (host or
	// host:port); loopback, private and link-local addresses are dialed
	// only for hosts in AllowHosts, or for any host when AllowPrivate is
	// set (a site on the local network, the demo site, tests).
	AllowHosts   []string `toml:"allow_hosts"`
	AllowPrivate bool     `toml:"allow_private"`
	// MaxPages bounds the pages requested for this source in one run;
	// 0 means DefaultSourcePages.
	MaxPages int `toml:"max_pages"`

	articleRe, listRe []*regexp.Regexp
	hosts, named      map[string]bool // start hosts; allow_hosts
}

// Selectors are goquery (CSS) selectors for the parts of an article page.
// Date reads the text of the first element matched (see README for the
// forms); Source and Author the text of the first element matched, less a
// leading label such as 来源：.
type Selectors struct {
	Title  string `toml:"title"`
	Date   string `toml:"date"`
	Body   string `toml:"body"`
	Source string `toml:"source"`
	Author string `toml:"author"`
}

// Duration is a time.Duration written as a string in TOML ("30s", "168h").
type Duration struct{ time.Duration }

// UnmarshalText parses a duration such as "1m30s".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	if v < 0 {
		return fmt.Errorf("negative duration %s", b)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as time.Duration.String does.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Defaults are the values of settings a sources file leaves out.
var Defaults = Config{
	UserAgent:     "fednews/1.0 (+https://github.com/fednews/fednews)",
	Rate:          1,
	Concurrency:   2,
	Workers:       4,
	Recheck:       Duration{7 * 24 * time.Hour},
	Timeout:       Duration{30 * time.Second},
	MaxBody:       10 << 20,
	MaxRedirects:  5,
	Retries:       2,
	Backoff:       Duration{2 * time.Second},
	MaxCrawlDelay: Duration{30 * time.Second},
	StaleAfter:    Duration{30 * 24 * time.Hour},

	MaxPages:        50_000,
	MaxRunTime:      Duration{6 * time.Hour},
	MaxRetryAfter:   Duration{60 * time.Second},
	MaxHostFailures: 10,
}

// DefaultSourcePages is a source's max_pages when it sets none.
const DefaultSourcePages = 10_000

// LoadConfig reads and checks a sources file.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	cfg, err := ParseConfig(string(data))
	if err != nil {
		return nil, fmt.Errorf("sources %s: %w", path, err)
	}
	return cfg, nil
}

// ParseConfig parses and checks the text of a sources file. Errors name the
// line (syntax and type errors) or the setting (unknown keys, bad values).
func ParseConfig(text string) (*Config, error) {
	cfg := Defaults
	md, err := toml.Decode(text, &cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			if pe.LastKey != "" {
				return nil, fmt.Errorf("line %d: %s: %s", pe.Position.Line, pe.LastKey, pe.Message)
			}
			return nil, fmt.Errorf("line %d: %s", pe.Position.Line, pe.Message)
		}
		// Type errors come as plain errors that already name the line
		// and the key.
		return nil, errors.New(strings.TrimPrefix(err.Error(), "toml: "))
	}
	// An unknown key is a warning, not an error: a hopeful setting (one
	// a later version has, or a misspelling) must not lose every source.
	// A misspelt required key still fails Validate below.
	keys := scanKeys(text)
	cfg.Warnings = unknownKeys(keys, md.Undecoded())
	for _, k := range keys {
		if k.source >= 0 && k.source < len(cfg.Sources) {
			s := &cfg.Sources[k.source]
			if s.lines == nil {
				s.lines = map[string]int{}
			}
			s.lines[k.inSource] = k.line
		}
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// Validate checks the settings and compiles the sources' patterns. Run
// calls it; ParseConfig too.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if strings.TrimSpace(c.UserAgent) == "" {
		bad("user_agent: must name the tool and a contact")
	}
	if c.Rate < 0 {
		bad("rate: %v is negative (0 means no limit)", c.Rate)
	}
	// The ranges of the other numbers: validateBounds.
	names := map[string]bool{}
	for i := range c.Sources {
		s := &c.Sources[i]
		where := fmt.Sprintf("source[%d]", i)
		if s.Name == "" {
			bad("%s: name is missing", where)
		} else {
			where = fmt.Sprintf("source %q", s.Name)
		}
		if names[s.Name] {
			bad("%s: the name is used twice", where)
		}
		names[s.Name] = true
		if len(s.Start) == 0 {
			bad("%s: start lists no URL", where)
		}
		for j, raw := range s.Start {
			if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				bad("%s: start[%d] %q is not an http(s) URL", where, j, raw)
			}
		}
		if len(s.Articles) == 0 {
			bad("%s: articles lists no URL pattern", where)
		}
		var err error
		if s.articleRe, err = compileAll(s.Articles); err != nil {
			bad("%s: articles: %w", where, err)
		}
		if s.listRe, err = compileAll(s.Lists); err != nil {
			bad("%s: lists: %w", where, err)
		}
		if s.MaxDepth < 0 {
			bad("%s: max_depth is negative", where)
		}
		if s.Rate < 0 {
			bad("%s: rate is negative", where)
		}
		if s.Kind == "" {
			s.Kind = KindAuto
		}
		if !slices.Contains(ListKinds, s.Kind) {
			bad("%s: kind %q is not one of %s", s.where(where, "kind"), s.Kind, strings.Join(ListKinds, ", "))
		}
		if s.excludeRe, err = compileAll(s.Exclude); err != nil {
			bad("%s: exclude: %w", s.where(where, "exclude"), err)
		}
		for _, sel := range []struct {
			key, css string
			into     *cascadia.Selector
		}{{"title", s.Selectors.Title, nil}, {"date", s.Selectors.Date, nil}, {"body", s.Selectors.Body, nil},
			{"source", s.Selectors.Source, &s.sourceSel}, {"author", s.Selectors.Author, &s.authSel}} {
			if sel.css == "" {
				continue
			}
			c, err := cascadia.Compile(sel.css)
			if err != nil {
				bad("%s: selectors.%s %q is not a CSS selector: %w", s.where(where, "selectors."+sel.key), sel.key, sel.css, err)
				continue
			}
			if sel.into != nil {
				*sel.into = c
			}
		}
		if err := s.buildScope(); err != nil {
			bad("%s: %w", where, err)
		}
		if s.MaxPages < 0 {
			bad("%s: max_pages is negative", where)
		} else if s.MaxPages == 0 {
			s.MaxPages = DefaultSourcePages
		}
	}
	c.validateBounds(bad)
	return errors.Join(errs...)
}

// where names a source's setting in an error, with its line when the
// source came from a file.
func (s *Source) where(src, key string) string {
	if n, ok := s.lines[key]; ok {
		return fmt.Sprintf("line %d: %s", n, src)
	}
	return src
}

func compileAll(patterns []string) ([]*regexp.Regexp, error) {
	out := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("[%d] %q: %w", i, p, err)
		}
		out[i] = re
	}
	return out, nil
}

// kind says what a page is to the crawler.
type kind int

const (
	kindOther   kind = iota // not followed
	kindList                // links are followed
	kindArticle             // stored as a document
)

// classify says whether u is an article page, a list page or neither for
// this source.
func (s *Source) classify(u string) kind {
	k, _ := s.explain(u)
	return k
}

// explain classifies u and names the setting that decided: exclude
// patterns win, then articles (a site's article URLs are the more
// specific), then lists; "nothing" when none matched.
func (s *Source) explain(u string) (kind, string) {
	for _, re := range s.excludeRe {
		if re.MatchString(u) {
			return kindOther, "exclude"
		}
	}
	for _, re := range s.articleRe {
		if re.MatchString(u) {
			return kindArticle, "articles"
		}
	}
	for _, re := range s.listRe {
		if re.MatchString(u) {
			return kindList, "lists"
		}
	}
	return kindOther, "nothing"
}

// keyAt is one key set in a sources file, where the scan found it.
type keyAt struct {
	key      string // as toml.Key.String says it: "source.selectors.title"
	table    bool   // a [table] or [[array]] header
	line     int
	source   int    // index of the [[source]] it is in, -1 outside
	inSource string // key within that source: "selectors.title"
}

// scanKeys finds the line of every key and table header of a sources file,
// tracking the table from the [table] and [[array]] headers. It is a line
// scanner, not a parser: the file has parsed already, and an odd line
// (an inline table, a multi-line array's items) is skipped.
func scanKeys(text string) []keyAt {
	var out []keyAt
	table, source := "", -1
	inArray := false
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.SplitN(line, " #", 2)[0])
		switch {
		case inArray:
			inArray = !strings.HasSuffix(line, "]")
			continue
		case strings.HasPrefix(line, "[[source]]"):
			table, source = "source", source+1
			out = append(out, keyAt{key: table, table: true, line: i + 1, source: source})
			continue
		case strings.HasPrefix(line, "["):
			table = strings.Trim(line, "[] \t")
			if !strings.HasPrefix(table, "source.") {
				source = -1
			}
			out = append(out, keyAt{key: table, table: true, line: i + 1, source: source,
				inSource: strings.TrimPrefix(table, "source.")})
			continue
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		inArray = strings.HasPrefix(value, "[") && !strings.HasSuffix(value, "]")
		k := keyAt{key: strings.Trim(strings.TrimSpace(name), `"'`), line: i + 1, source: source}
		if source >= 0 {
			k.inSource = strings.TrimPrefix(strings.TrimPrefix(table+"."+k.key, "source"), ".")
		}
		if table != "" {
			k.key = table + "." + k.key
		}
		out = append(out, k)
	}
	return out
}

// unknownKeys returns a warning for each key of the file that decoded into
// nothing, naming its line.
func unknownKeys(keys []keyAt, und []toml.Key) []string {
	if len(und) == 0 {
		return nil
	}
	unknown := map[string]bool{}
	for _, k := range und {
		unknown[k.String()] = true
	}
	var out []string
	reported := map[string]bool{}
	for _, k := range keys {
		switch {
		case !unknown[k.key] || unknown[parentKey(k.key)]:
		case k.table:
			out = append(out, fmt.Sprintf("line %d: unknown table [%s] ignored (misspelt?)", k.line, k.key))
		default:
			out = append(out, fmt.Sprintf("line %d: unknown setting %s ignored (misspelt?)", k.line, k.key))
		}
		if unknown[k.key] {
			reported[k.key] = true
		}
	}
	// A key the scan could not place (an inline table, a dotted key) is
	// still reported, without a line.
	for _, k := range und {
		if s := k.String(); !reported[s] && !reported[parentKey(s)] {
			out = append(out, fmt.Sprintf("unknown setting %s ignored (misspelt?)", s))
			reported[s] = true
		}
	}
	return out
}

func parentKey(k string) string {
	if i := strings.LastIndex(k, "."); i >= 0 {
		return k[:i]
	}
	return ""
}
