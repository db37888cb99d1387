// Package trafextract registers go-trafilatura as ExtractArticle's second
// extractor (see ingest.RegisterSecondExtractor). Import it for its side
// effect in programs that extract articles:
//
//	import _ "github.com/fednews/fednews/ingest/trafextract"
//
// It is a package of its own because go-trafilatura's date parser builds
// its locale tables at process start (about a second and 50 MB), which
// programs that never extract should not pay.
package trafextract

import (
	"strings"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/fednews/fednews/ingest"
)

func init() { ingest.RegisterSecondExtractor(Extract) }

// Extract runs go-trafilatura on a decoded page with its fallbacks
// (readability, dom-distiller), without comments and without its date
// search (ExtractArticle reads dates itself), and returns the subtree of
// the text it found, or nil.
func Extract(page string) *html.Node {
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil
	}
	res, err := trafilatura.ExtractDocument(root, trafilatura.Options{ExcludeComments: true, EnableFallback: true,
		HtmlDateMode: trafilatura.Disabled})
	if err != nil || res == nil {
		return nil
	}
	return res.ContentNode
}
