package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/ingest"
)

func init() { register(newArticleCmd) }

// articleRecord is one line of fednews article's output.
type articleRecord struct {
	File      string `json:"file"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title"`
	Published string `json:"published"` // RFC 3339, "" when the page shows no date
	// PublishedFrom names the evidence the date came from (meta, json-ld,
	// title_block, entry_stamp, labelled, text, url, …).
	PublishedFrom string `json:"published_from"`
	PageType      string `json:"page_type"` // article, list, forum, blog, wiki, other
	Extractor     string `json:"extractor"` // goquery or trafilatura: whose text was chosen
	Author        string `json:"author"`
	Source        string `json:"source"`
	Charset       string `json:"charset"`
	Text          string `json:"text"`
	Error         string `json:"error,omitempty"`
}

func newArticleCmd() *cobra.Command {
	var pageURL, titleSel, dateSel, bodySel string
	cmd := &cobra.Command{
		Use:   "article [--url=URL] [--title-selector=CSS] [--date-selector=CSS] [--body-selector=CSS] FILE...",
		Short: "Show what article extraction finds in saved HTML pages",
		Long: `Article runs the extraction that import and the crawler use on each saved
page and prints one JSON object per page: file, title, published,
published_from (which evidence the date came from), page_type (article, list,
forum, blog, wiki), extractor (goquery or trafilatura, whose text won), author,
source, charset and text (paragraphs separated by "\n"), so you can see why a
page came out as it did. A list page is printed with the error "not an
article". --url gives the address the page was fetched from
(a date in the URL is used when the page shows none). The selectors replace
the heuristics for their part, as a crawler source can.

A page that cannot be read or holds no article is printed with an "error"
field; the exit status is then 1.`,
		Example: `  fednews article saved.html
  fednews article --url=http://www.example.gov.cn/2021/0118/a.html --body-selector='#content' a.html`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetEscapeHTML(false)
			opts := ingest.ExtractOptions{TitleSelector: titleSel, DateSelector: dateSel, BodySelector: bodySel}
			failed := false
			for _, name := range args {
				rec := articleRecord{File: name}
				data, err := readFileLimited(name, nil, maxInputBytes)
				var a ingest.Article
				if err == nil {
					a, err = ingest.ExtractArticle(data, pageURL, opts)
				}
				if err != nil {
					rec.Error = err.Error()
					failed = true
				}
				rec.URL, rec.Title, rec.Author, rec.Source, rec.Charset, rec.Text = a.URL, a.Title, a.Author, a.Source, a.Charset, a.Text
				rec.PublishedFrom, rec.PageType, rec.Extractor = a.PublishedFrom, string(a.PageType), a.Extractor
				if !a.Published.IsZero() {
					rec.Published = a.Published.Format(time.RFC3339)
				}
				if err := enc.Encode(rec); err != nil {
					return fmt.Errorf("write output: %w", err)
				}
			}
			if failed {
				return errSomeFailed
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&pageURL, "url", "", "address the page was fetched from")
	cmd.Flags().StringVar(&titleSel, "title-selector", "", "CSS selector of the headline")
	cmd.Flags().StringVar(&dateSel, "date-selector", "", "CSS selector of the element showing the date")
	cmd.Flags().StringVar(&bodySel, "body-selector", "", "CSS selector of the article text")
	return cmd
}
