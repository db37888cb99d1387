package ingest_test

import (
	"fmt"
	"log"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/fednews/fednews/ingest"
)

func ExampleDecode() {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("全国工商联")
	text, charset, err := ingest.Decode([]byte(gbk), "text/html; charset=gb2312")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(text, charset)
	// Output: 全国工商联 gb18030
}

func ExampleExtractArticle() {
	page := `<html><head><meta charset="utf-8"><title>县商会举办培训_某地新闻网</title></head><body>
<div><a href="/">首页</a> <a href="/news">新闻</a></div>
<h1>县商会举办培训</h1><div>2023年06月01日 09:30 来源：某地日报 记者 张华</div>
<div><p>县商会6月1日举办财务培训，60多名会员企业财务人员参加。</p><p>培训围绕最新税收政策展开。</p></div>
</body></html>`
	a, err := ingest.ExtractArticle([]byte(page), "", ingest.ExtractOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Title)
	fmt.Println(a.Published.Format("2006-01-02 15:04"), a.Source, a.Author)
	fmt.Println(a.Text)
	// Output:
	// 县商会举办培训
	// 2023-06-01 09:30 某地日报 张华
	// 县商会6月1日举办财务培训，60多名会员企业财务人员参加。
	// 培训围绕最新税收政策展开。
}
