package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fednews/fednews/corpus"
)

// Writers, documents per writer and the follower's page size of the
// concurrency case.
const (
	writers      = 2
	perWriter    = 25
	followerPage = 7
)

// testConcurrent has two handles write at once (as two ingest processes
// would) while a third follows the feed as the index does. Every
// document's final version must reach the follower, and no page may go
// back in sequence: a change committed below a sequence the follower had
// already seen would be missed and fail the final comparison. Some
// documents are near copies of the other writer's, published earlier, so
// stories are renumbered across writers too.
func testConcurrent(t *testing.T, e Engine) {
	ctx := context.Background()
	loc := e.New(t)
	follower := openAt(t, e, loc)
	handles := make([]corpus.Contract, writers)
	for i := range handles {
		handles[i] = openAt(t, e, loc)
	}

	done := make(chan struct{})
	seen := map[int64]int64{}
	var followErr error
	var followed sync.WaitGroup
	followed.Add(1)
	go func() {
		defer followed.Done()
		var last int64
		finished := false
		for {
			docs, err := follower.Changed(ctx, last, followerPage)
			if err != nil {
				followErr = err
				return
			}
			for _, d := range docs {
				if d.Seq <= last {
					followErr = fmt.Errorf("feed went back from %d to %d", last, d.Seq)
					return
				}
				seen[d.ID], last = d.Seq, d.Seq
			}
			if len(docs) > 0 {
				continue
			}
			if finished {
				return
			}
			select {
			case <-done:
				finished = true // one more pass after the writers' last commit
			case <-time.After(time.Millisecond):
			}
		}
	}()

	var wrote sync.WaitGroup
	for w, h := range handles {
		wrote.Add(1)
		go func() {
			defer wrote.Done()
			for i := range perWriter {
				text := Text(uint64(1000*w+i), 200)
				day := 10 + i
				if i%5 == 0 && w == 1 {
					// A near copy of writer 0's document i, published earlier.
					text, day = nearCopy(Text(uint64(i), 200)), i
				}
				d := Doc(fmt.Sprintf("https://w%d.example/%d", w, i), text, day)
				if _, err := h.Put(ctx, d, []corpus.Figure{{Kind: corpus.KindCount, Text: "1", Start: 0, End: 1, Value: ptr(1)}}); err != nil {
					t.Errorf("writer %d, document %d: %v", w, i, err)
					return
				}
			}
		}()
	}
	wrote.Wait()
	close(done)
	followed.Wait()
	if followErr != nil {
		t.Fatal(followErr)
	}

	final := feed(t, follower, 0, 0)
	if len(final) != writers*perWriter {
		t.Fatalf("%d documents stored, want %d", len(final), writers*perWriter)
	}
	for _, d := range final {
		if seen[d.ID] != d.Seq {
			t.Errorf("document %d: the follower last saw sequence %d, the store has %d", d.ID, seen[d.ID], d.Seq)
		}
	}
	if len(seen) != len(final) {
		t.Errorf("follower saw %d documents, the store has %d", len(seen), len(final))
	}
}
