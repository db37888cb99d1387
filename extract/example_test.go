package extract_test

import (
	"fmt"
	"strconv"
	"time"

	"github.com/fednews/fednews/extract"
	"github.com/fednews/fednews/zh"
)

func ExampleFigures() {
	text := "8月12—15日，商会捐资3.5万元，受益学子15人，会员企业累计贷款总额达1800万元左右。"
	n := zh.Normalize(text, zh.AllSteps)
	opts := extract.Options{Published: time.Date(2022, 12, 30, 0, 0, 0, 0, time.UTC)}
	for _, f := range extract.Figures(text, n, opts) {
		switch f.Kind {
		case "date":
			fmt.Println(f.Kind, f.Text, f.Date, f.DateEnd)
		default:
			fmt.Printf("%s %s %s %s %s subject=%q topic=%s period=%s..%s\n", f.Kind, f.Text, strconv.FormatFloat(*f.Value, 'f', -1, 64),
				f.Unit, f.Qualifier, f.Subject, f.Topic, f.PeriodStart, f.PeriodEnd)
		}
	}
	// Output:
	// date 8月12—15日 2022-08-12 2022-08-15
	// money 3.5万元 35000 CNY exact subject="捐资" topic=donation period=2022-08-12..2022-08-15
	// count 15人 15 人 exact subject="受益学子" topic=other period=2022-08-12..2022-08-15
	// money 1800万元左右 18000000 CNY approx subject="贷款总额" topic=credit period=2022-08-12..2022-08-15
}

func ExampleNumbers() {
	for _, n := range extract.Numbers("一万五千亿、16.4亿和三分之一") {
		fmt.Println(n.Value.RatString())
	}
	// Output:
	// 1500000000000
	// 1640000000
	// 1/3
}
