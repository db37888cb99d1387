package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestREADMEExamples runs every `$ fednews …` line of README.md's code
// blocks, in order, in one scratch directory, and compares what it prints
// with the lines shown under it (README "Examples in this README" says
// how to write one). The directory holds the files of testdata/readme (the
// articles and pages the examples name) and sources.example.toml; the
// store is ./fednews-data ($FEDNEWS_DATA), so each example sees what the
// ones before it stored.
func TestREADMEExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("README examples crawl and index the demo site")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := readmeExamples(string(readme))
	if len(examples) < 10 {
		t.Fatalf("found %d examples in README.md: is the parser broken?", len(examples))
	}
	work := t.TempDir()
	if err := os.CopyFS(work, os.DirFS("testdata/readme")); err != nil {
		t.Fatal(err)
	}
	// The demo site's port in the examples is replaced by a free one.
	port := freePort(t)
	sources, err := os.ReadFile("../../sources.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "sources.example.toml"), []byte(strings.ReplaceAll(string(sources), "8081", port)), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	t.Setenv("FEDNEWS_DATA", "fednews-data")
	ctx, cancel := context.WithCancel(context.Background())
	var background []chan error
	defer func() {
		cancel()
		for _, done := range background {
			<-done
		}
	}()
	for _, ex := range examples {
		cmdline := strings.ReplaceAll(ex.command, "127.0.0.1:8081", "127.0.0.1:"+port)
		run, err := parseExample(cmdline)
		if err != nil {
			t.Errorf("README.md:%d: %s\n  cannot run: %v", ex.line, ex.command, err)
			continue
		}
		if run.background {
			done := make(chan error, 1)
			go func() { done <- executeArgs(ctx, run.args, "", nil) }()
			background = append(background, done)
			waitListening(t, "127.0.0.1:"+port)
			continue
		}
		var stdout bytes.Buffer
		status := exitStatus(executeArgs(ctx, run.args, run.stdin, &stdout), &stdout)
		if run.output != "" {
			if err := os.WriteFile(run.output, stdout.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			stdout.Reset()
		}
		got := strings.ReplaceAll(stdout.String(), "\r\n", "\n")
		// The examples show the demo site at its default port.
		got = strings.ReplaceAll(got, "127.0.0.1:"+port, "127.0.0.1:8081")
		if status != ex.status || !matchShown(ex.shown, got) {
			t.Errorf("README.md:%d: $ %s\n  exit status %d, want %d\n  --- shown in README:\n%s\n  --- printed:\n%s",
				ex.line, ex.command, status, ex.status, indent(ex.shown), indent(got))
		}
	}
}

// example is one `$ fednews …` line of README.md and what is shown under it.
type example struct {
	line    int    // in README.md
	command string // without the "$ "
	shown   string // the lines under it, up to the next "$ " line or the block's end
	status  int    // 0, or N from a last shown line "[exit status N]"
}

var statusLine = regexp.MustCompile(`(?m)^\[exit status (\d+)\]\n?\z`)

// readmeExamples returns the examples of the README's fenced code blocks.
func readmeExamples(readme string) []example {
	var out []example
	in := false
	var cur *example
	flush := func() {
		if cur != nil {
			if m := statusLine.FindStringSubmatch(cur.shown); m != nil {
				fmt.Sscan(m[1], &cur.status)
				cur.shown = cur.shown[:len(cur.shown)-len(m[0])]
			}
			cur.shown = strings.TrimSuffix(cur.shown, "\n")
			out = append(out, *cur)
			cur = nil
		}
	}
	for i, line := range strings.Split(readme, "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			flush()
			in = !in
		case !in:
		case strings.HasPrefix(line, "$ "):
			flush()
			if strings.Contains(line, "fednews ") {
				cur = &example{line: i + 1, command: strings.TrimPrefix(line, "$ ")}
			}
		case cur != nil:
			cur.shown += line + "\n"
		}
	}
	return out
}

// run is an example command taken apart: echo 'TEXT' | fednews ARGS
// [> FILE] [&] [# comment].
type run struct {
	args       []string
	stdin      string
	output     string
	background bool
}

func parseExample(cmdline string) (run, error) {
	words, err := shellWords(cmdline)
	if err != nil {
		return run{}, err
	}
	var r run
	if len(words) >= 3 && words[0] == "echo" && words[2] == "|" {
		r.stdin, words = words[1]+"\n", words[3:]
	}
	if len(words) == 0 || words[0] != "fednews" {
		return r, fmt.Errorf("want [echo 'TEXT' |] fednews ARGS [> FILE] [&]")
	}
	for i := 1; i < len(words); i++ {
		switch w := words[i]; {
		case w == "&" && i == len(words)-1:
			r.background = true
		case w == ">" && i+1 < len(words):
			r.output = words[i+1]
			i++
		case w == "|" || w == ">" || w == "&" || w == "<":
			return r, fmt.Errorf("%q is not supported here", w)
		default:
			r.args = append(r.args, w)
		}
	}
	return r, nil
}

// shellWords splits s as sh would, for the quoting examples use: '…',
// "…" without escapes, and an unquoted # starting a comment.
func shellWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, fmt.Errorf("unbalanced %c", c)
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case c == '#' && !inWord:
			return words, nil
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

// matchShown says whether got is what the README shows: the same lines,
// where … stands for any text (within a line, or whole lines when alone on
// one). An example with nothing shown under it is checked for its exit
// status only.
func matchShown(shown, got string) bool {
	if shown == "" {
		return true
	}
	got = strings.TrimSuffix(got, "\n")
	var re strings.Builder
	re.WriteString(`(?s)\A`)
	for i, part := range strings.Split(shown, "…") {
		if i > 0 {
			re.WriteString(`.*?`)
		}
		re.WriteString(regexp.QuoteMeta(part))
	}
	re.WriteString(`\z`)
	return regexp.MustCompile(re.String()).MatchString(got)
}

// executeArgs runs fednews with args as main does, stdout into stdout.
func executeArgs(ctx context.Context, args []string, stdin string, stdout *bytes.Buffer) error {
	root := newRoot()
	if stdout == nil {
		stdout = &bytes.Buffer{}
	}
	root.SetOut(stdout)
	root.SetErr(&bytes.Buffer{})
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	return root.ExecuteContext(ctx)
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// waitListening waits until a background example listens on addr.
func waitListening(t *testing.T, addr string) {
	for range 600 {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond) // polling for readiness: only how long it waits depends on the machine
	}
	t.Fatalf("nothing listens on %s", addr)
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

// The runner's parts, on README text written for this test.
func TestREADMERunnerParts(t *testing.T) {
	readme := "text\n```\n$ echo '工商聯 a' | fednews normalize\n工商联 a\n$ fednews import x/ # comment\nfiles 1\n[exit status 1]\n```\n```sh\n$ make test\n$ fednews search \"a b\" > out.jsonl\n```\n"
	got := readmeExamples(readme)
	want := []example{
		{line: 3, command: "echo '工商聯 a' | fednews normalize", shown: "工商联 a"},
		{line: 5, command: "fednews import x/ # comment", shown: "files 1", status: 1},
		{line: 11, command: `fednews search "a b" > out.jsonl`},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("examples\n got %+v\nwant %+v", got, want)
	}
	for _, tc := range []struct {
		cmd  string
		want run
		err  bool
	}{
		{"echo '工商聯 a' | fednews normalize", run{args: []string{"normalize"}, stdin: "工商聯 a\n"}, false},
		{`fednews search "a b" > out.jsonl`, run{args: []string{"search", "a b"}, output: "out.jsonl"}, false},
		{"fednews demo-site --addr=127.0.0.1:8081 &", run{args: []string{"demo-site", "--addr=127.0.0.1:8081"}, background: true}, false},
		{"fednews ingest   # again", run{args: []string{"ingest"}}, false},
		{"fednews search 'a", run{}, true},
		{"fednews search a | head", run{}, true},
		{"make test", run{}, true},
	} {
		r, err := parseExample(tc.cmd)
		if (err != nil) != tc.err || (!tc.err && fmt.Sprint(r) != fmt.Sprint(tc.want)) {
			t.Errorf("%s: %+v %v, want %+v (error %v)", tc.cmd, r, err, tc.want, tc.err)
		}
	}
	for _, tc := range []struct {
		shown, got string
		ok         bool
	}{
		{"files 5: new 4", "files 5: new 4\n", true},
		{"files 5: new 4", "files 5: new 3\n", false},
		{"ingest run 1: …\n  failed 0", "ingest run 1: 7.005s\n  failed 0\n", true},
		{"a\n…", "a\nb\nc\n", true},
		{"a\n…", "b\n", false},
		{"", "anything", true},
		{"(x)[y]*", "(x)[y]*", true},
	} {
		if got := matchShown(tc.shown, tc.got); got != tc.ok {
			t.Errorf("matchShown(%q, %q) = %v", tc.shown, tc.got, got)
		}
	}
}
