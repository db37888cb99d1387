// Package extract finds the figures (money, counts, quantities,
// percentages, durations and dates) a normalized Chinese text states and
// maps each back to its span in the original text.
package extract

import (
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/zh"
)

// Options carries what extraction needs besides the text.
type Options struct {
	// Published resolves dates that state no year; zero when unknown.
	Published time.Time
}

// Figures returns the figures stated in original, whose normalization is n,
// in text order. CONTRACT STUB: the helper building issue 3 replaces this.
func Figures(original string, n zh.Result, opts Options) []corpus.Figure { return nil }
