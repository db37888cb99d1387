package trafextract

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"runtime"
	"sync"
	"time"

	"github.com/fednews/fednews/ingest"
)

// Options configures a Pool. The zero value finds the helper with Locate
// and runs up to GOMAXPROCS of them with the default limits.
type Options struct {
	Path    string        // helper program; "" runs Locate on the first page
	Args    []string      // its arguments
	Env     []string      // added to this process's environment for it
	Size    int           // children at most; 0 means GOMAXPROCS
	Timeout time.Duration // per page; 0 means DefaultTimeout
}

// DefaultTimeout bounds one page in the helper: go-trafilatura takes
// tens of milliseconds on an article and a few seconds on the largest
// pages it is given (2 MB); a page past this is hostile or hit a bug.
const DefaultTimeout = 60 * time.Second

// childEnv limits each helper's memory: GOMEMLIMIT makes its collector
// work harder near 768 MiB, and the helper exits past its own hard limit
// (see cmd/fednews-trafilatura), so a hostile page costs a restart, not
// the machine.
var childEnv = []string{"GOMEMLIMIT=768MiB"}

// Pool runs go-trafilatura in long-lived helper processes, started on the
// first page that needs one, at most Size at a time. A helper that
// crashes, hangs past the timeout or sends something other than an
// answer is killed and started afresh for the next page; the page it had
// gets no second text (ExtractArticle keeps the goquery one) and a
// warning is logged.
type Pool struct {
	opts Options
	sem  chan struct{} // one token per child in use

	mu     sync.Mutex
	path   string // resolved helper program
	idle   []*child
	live   map[*child]bool
	starts int // children started, for tests and logs
}

// New returns a Pool that starts nothing until its first page.
func New(opts Options) *Pool {
	if opts.Size <= 0 {
		opts.Size = runtime.GOMAXPROCS(0)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	return &Pool{opts: opts, sem: make(chan struct{}, opts.Size), path: opts.Path, live: map[*child]bool{}}
}

// Extract is an ingest.SecondExtractor: go-trafilatura's text blocks of
// the decoded page, nil when it found none or its helper failed on this
// page. The error is for a helper that cannot be started at all.
func (p *Pool) Extract(page, pageURL string) ([]ingest.TextBlock, error) {
	p.sem <- struct{}{}
	defer func() { <-p.sem }()
	c, err := p.take()
	if err != nil {
		return nil, err
	}
	resp, err := c.ask(Request{URL: pageURL, HTML: page}, p.opts.Timeout)
	if err != nil {
		p.discard(c)
		slog.Warn("go-trafilatura's helper failed on a page; it is restarted and the page keeps the goquery text",
			"url", pageURL, "err", err, "helper_stderr", c.stderr.String())
		return nil, nil
	}
	p.put(c)
	if resp.Error != "" {
		slog.Debug("go-trafilatura found no text", "url", pageURL, "err", resp.Error)
		return nil, nil
	}
	return resp.Blocks, nil
}

// Close stops every child (an answer under way is lost and its page keeps
// the goquery text). The pool stays usable: the next page starts a child.
func (p *Pool) Close() {
	p.mu.Lock()
	cs := make([]*child, 0, len(p.live))
	for c := range p.live {
		cs = append(cs, c)
	}
	p.live, p.idle = map[*child]bool{}, nil
	p.mu.Unlock()
	for _, c := range cs {
		c.stop()
	}
}

// Starts reports how many children the pool has started.
func (p *Pool) Starts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.starts
}

// take returns an idle child, or starts one.
func (p *Pool) take() (*child, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c, nil
	}
	if p.path == "" {
		path, err := Locate()
		if err != nil {
			p.mu.Unlock()
			return nil, err
		}
		p.path = path
	}
	path := p.path
	p.mu.Unlock()
	c, err := startChild(path, p.opts.Args, p.opts.Env)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.live[c] = true
	p.starts++
	p.mu.Unlock()
	return c, nil
}

// put returns a child that answered to the idle list, unless Close
// stopped it meanwhile.
func (p *Pool) put(c *child) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.live[c] {
		p.idle = append(p.idle, c)
	}
}

func (p *Pool) discard(c *child) {
	p.mu.Lock()
	delete(p.live, c)
	p.mu.Unlock()
	c.stop()
}

// child is one helper process.
type child struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	w      *bufio.Writer
	r      *bufio.Reader
	stderr *tail
	exited chan struct{} // closed when the process has been waited for
	once   sync.Once
}

func startChild(path string, args, env []string) (*child, error) {
	cmd := exec.Command(path, args...)
	cmd.Env = append(append(cmd.Environ(), childEnv...), env...)
	c := &child{cmd: cmd, stderr: &tail{max: 2 << 10}, exited: make(chan struct{})}
	cmd.Stderr = c.stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start go-trafilatura's helper %s: %w (rebuild it with make build, or point FEDNEWS_TRAFILATURA at a working one)", path, err)
	}
	c.in, c.w, c.r = in, bufio.NewWriter(in), bufio.NewReader(out)
	go func() {
		cmd.Wait()
		close(c.exited)
	}()
	return c, nil
}

// ask sends one request and waits for its answer at most timeout; past
// it the child is killed, which ends the exchange under way.
func (c *child) ask(req Request, timeout time.Duration) (Response, error) {
	type result struct {
		resp Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var res result
		if res.err = writeFrame(c.w, req); res.err == nil {
			res.err = readFrame(c.r, &res.resp, maxResponseBytes)
		}
		done <- res
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case res := <-done:
		if res.err != nil {
			return Response{}, c.failure(res.err)
		}
		return res.resp, nil
	case <-timer.C:
		c.kill()
		<-done
		return Response{}, fmt.Errorf("no answer within %s (the page is too hard for it, or it hung)", timeout)
	}
}

// failure describes an exchange that broke (the child crashed, or sent
// something other than an answer) with how the child ended; it is killed
// first, as it is of no more use.
func (c *child) failure(err error) error {
	c.kill()
	<-c.exited
	return fmt.Errorf("helper %v: %w", c.cmd.ProcessState, err)
}

func (c *child) kill() {
	c.once.Do(func() { c.cmd.Process.Kill() })
}

// stop closes the child's input, which ends it between pages, and kills
// it if it does not end within a second (it was mid-page, or hung).
func (c *child) stop() {
	c.in.Close()
	select {
	case <-c.exited:
	case <-time.After(time.Second):
		c.kill()
		<-c.exited
	}
}

// tail keeps the last max bytes written to it: a helper's last words.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
