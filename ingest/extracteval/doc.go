// Package extracteval measures ingest.ExtractArticle and ingest.Decode on
// the 39 hand-labelled pages of the shared cwced set, beside go-trafilatura
// on the same pages. It holds only tests: keeping go-trafilatura (a large
// dependency used for nothing else) out of the ingest test binary keeps
// fuzzing ingest fast.
package extracteval
