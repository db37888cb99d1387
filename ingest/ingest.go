// Package ingest gets documents in: charset decoding, article extraction
// from pages, and file import. The crawler and the nightly run live in
// ingest/crawl.
package ingest
