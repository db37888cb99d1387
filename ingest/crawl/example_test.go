package crawl_test

import (
	"fmt"

	"github.com/fednews/fednews/ingest/crawl"
)

func ExampleParseConfig() {
	cfg, err := crawl.ParseConfig(`
user_agent = "fednews/1.0 (+https://example.org/fednews; contact: ops@example.org)"
rate = 0.5

[[source]]
name = "wannian"
start = ["https://www.example.gov.cn/gsl/list_1.html"]
articles = ['/gsl/\d{6}/t\d+_\d+\.html$']
lists = ['/gsl/list_\d+\.html$']
max_depth = 4
`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Sources[0].Name, cfg.Rate, cfg.Recheck, cfg.Timeout)

	_, err = crawl.ParseConfig("rate = \"fast\"\n")
	fmt.Println(err)
	// Output:
	// wannian 0.5 168h0m0s 30s
	// line 1 (last key "rate"): incompatible types: TOML value has type string; destination has type float
}
