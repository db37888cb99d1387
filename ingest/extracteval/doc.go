// Package extracteval measures ingest.ExtractArticle and ingest.Decode on
// the 39 hand-labelled pages of the shared cwced set, out-of-fold, beside
// go-trafilatura and the goquery extractor alone on the same pages, and
// benchmarks the three. It holds only tests: the shared pages are read at
// test time and never copied into the repository.
package extracteval
