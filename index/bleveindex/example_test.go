package bleveindex_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/index"
	"github.com/fednews/fednews/index/bleveindex"
	"github.com/fednews/fednews/index/indextest"
)

// A traditional query finds a simplified article; the snippet marks the
// match in the original text, and the places come from the gazetteer.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "fednews-example")
	defer os.RemoveAll(dir)
	ix, err := bleveindex.Open(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()
	doc := &corpus.Document{ID: 1, Cluster: 1, Title: "万年县工商联优化营商环境", Source: "示例日报",
		Original:  "江西省万年县工商联不断推动全县营商环境优化。",
		Published: time.Date(2023, 3, 1, 9, 0, 0, 0, time.UTC)}
	// Snippets are made from the store's text (fednews passes its
	// corpus.Store); here, the one document's.
	ix.UseTexts(indextest.Texts{doc.ID: doc.Original})
	// Ingest finds the figures, places and organizations once, and the
	// index reads them.
	figs := extract.OfDocument(doc, corpus.Prepare(doc))
	if err := ix.Add(ctx, []bleveindex.Entry{{Doc: doc, Figures: figs}}); err != nil {
		fmt.Println(err)
		return
	}
	resp, err := ix.Search(ctx, index.Request{Query: "營商環境 province:江西", Facets: []string{"county", "org"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Total, resp.Hits[0].Snippet)
	fmt.Println(resp.Facets["county"], resp.Facets["org"])
	// Output:
	// 1 江西省万年县工商联不断推动全县<mark>营商环境</mark>优化。
	// [{万年县 1}] [{万年县工商联 1}]
}
