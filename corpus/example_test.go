package corpus_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/fednews/fednews/corpus"
)

func ExampleStore_Put() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "fednews")
	defer os.RemoveAll(dir)
	store, err := corpus.Open(ctx, dir)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	doc := &corpus.Document{URL: "https://news.example.cn/a/1.html?utm_source=wx", Title: "县工商联召开座谈会",
		Original: "县工商联召开民营企业座谈会，45家企业参加。"}
	res, err := store.Put(ctx, doc, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Status, doc.CanonicalURL)

	// The same text under another URL is the same document.
	again, _ := store.Put(ctx, &corpus.Document{URL: "https://mirror.example.cn/1", Original: doc.Original}, nil)
	fmt.Println(again.Status, again.ID == res.ID)
	// Output:
	// new https://news.example.cn/a/1.html
	// unchanged true
}
