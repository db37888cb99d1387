package zh_test

import (
	"fmt"

	"github.com/fednews/fednews/zh"
)

func ExampleNormalize() {
	original := "安徽省工商聯(lián)（合肥）經(jīng)濟發(fā)展優(yōu)化環(huán)境１８００萬元"
	r := zh.Normalize(original, zh.AllSteps)
	fmt.Println(r.Text)
	fmt.Println(r.Script)
	// The normalized 经济 comes from these runes of the original:
	start, end := r.OrigSpan(10, 12)
	fmt.Println(string([]rune(original)[start:end]))
	// Output:
	// 安徽省工商联(合肥)经济发展优化环境1800万元
	// traditional
	// 經(jīng)濟
}

func ExampleSegmenter_Search() {
	seg, err := zh.DefaultSegmenter()
	if err != nil {
		fmt.Println(err)
		return
	}
	text := "全国工商联优化营商环境，增长290.54亿元"
	for _, tk := range seg.Precise(text) {
		fmt.Print(tk.Text, "|")
	}
	fmt.Println()
	for _, tk := range seg.Search(text)[:4] {
		fmt.Printf("%s@%d[%d:%d] ", tk.Text, tk.Pos, tk.Start, tk.End)
	}
	fmt.Println()
	// Output:
	// 全国工商联|优化|营商环境|，|增长|290.54|亿元|
	// 全国工商联@1[0:15] 全国@1[0:6] 工商联@1[6:15] 工商@1[6:12]
}
