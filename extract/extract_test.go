package extract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fednews/fednews/corpus"
	"github.com/fednews/fednews/internal/shared"
	"github.com/fednews/fednews/zh"
)

func figuresOf(text string, pub time.Time) []corpus.Figure {
	return Figures(text, zh.Normalize(text, zh.AllSteps), Options{Published: pub})
}

func fp(v float64) *float64 { return &v }

// want is the part of a record a construct test checks.
type want struct {
	kind, text string
	value      *float64
	max        *float64
	unit, qual string
	date, end  string
	subject    string
}

func checkOne(t *testing.T, in string, pub time.Time, w want) {
	t.Helper()
	figs := figuresOf(in, pub)
	for _, f := range figs {
		if f.Text != w.text {
			continue
		}
		got := want{f.Kind, f.Text, f.Value, f.ValueMax, f.Unit, f.Qualifier, f.Date, f.DateEnd, f.Subject}
		if w.qual == "" {
			w.qual = qualExact
		}
		if !reflect.DeepEqual(fmtWant(got), fmtWant(w)) {
			t.Errorf("%q:\n got %s\nwant %s", in, fmtWant(got), fmtWant(w))
		}
		return
	}
	var texts []string
	for _, f := range figs {
		texts = append(texts, f.Text)
	}
	t.Errorf("%q: no figure %q among %q", in, w.text, texts)
}

func fmtWant(w want) string {
	b, _ := json.Marshal(map[string]any{"kind": w.kind, "text": w.text, "value": w.value, "max": w.max, "unit": w.unit,
		"qual": w.qual, "date": w.date, "end": w.end, "subject": w.subject})
	return string(b)
}

func TestConstructs(t *testing.T) {
	pub := time.Date(2025, 5, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, in string
		w        want
	}{
		// money
		{"money 万元 approx", "会员企业累计贷款总额达1800万元左右。", want{kind: "money", text: "1800万元左右", value: fp(18000000), unit: "CNY", qual: "approx", subject: "贷款总额"}},
		{"money 亿 exact", "全年营收16.4亿元。", want{kind: "money", text: "16.4亿元", value: fp(1640000000), unit: "CNY", subject: "全年营收"}},
		{"money under", "投资近2亿元。", want{kind: "money", text: "近2亿元", value: fp(200000000), unit: "CNY", qual: "under", subject: "投资"}},
		{"money over 余", "捐款捐物60余万元。", want{kind: "money", text: "60余万元", value: fp(600000), unit: "CNY", qual: "over", subject: "捐款捐物"}},
		{"money 多万", "捐赠300多万元", want{kind: "money", text: "300多万元", value: fp(3000000), unit: "CNY", qual: "over", subject: "捐赠"}},
		{"money USD", "出口额1200亿美元", want{kind: "money", text: "1200亿美元", value: fp(120000000000), unit: "USD", subject: "出口额"}},
		{"money HKD", "每股1.95港元", want{kind: "money", text: "1.95港元", value: fp(1.95), unit: "HKD"}},
		{"money EUR chinese", "十五欧元", want{kind: "money", text: "十五欧元", value: fp(15), unit: "EUR"}},
		{"money 元人民币", "融资8亿元人民币。", want{kind: "money", text: "8亿元人民币", value: fp(800000000), unit: "CNY", subject: "融资"}},
		{"money sign", "售价￥300。", want{kind: "money", text: "￥300", value: fp(300), unit: "CNY", subject: "售价"}},
		{"money range 万-万", "奖励1万-5万元。", want{kind: "money", text: "1万-5万元", value: fp(10000), max: fp(50000), unit: "CNY", subject: "奖励"}},
		{"money range 两到三万", "补贴两到三万元", want{kind: "money", text: "两到三万元", value: fp(20000), max: fp(30000), unit: "CNY", subject: "补贴"}},
		{"money mixed 3万4000", "共3万4000元", want{kind: "money", text: "3万4000元", value: fp(34000), unit: "CNY"}},
		{"money comma", "投资1,100万元", want{kind: "money", text: "1,100万元", value: fp(11000000), unit: "CNY", subject: "投资"}},
		{"money financial", "壹仟贰佰元整", want{kind: "money", text: "壹仟贰佰元", value: fp(1200), unit: "CNY"}},
		{"money traditional", "企業捐款290.54億元。", want{kind: "money", text: "290.54億元", value: fp(29054000000), unit: "CNY", subject: "企业捐款"}},
		{"money traditional 萬", "捐物300余萬元", want{kind: "money", text: "300余萬元", value: fp(3000000), unit: "CNY", qual: "over", subject: "捐物"}},
		{"money at_least", "至少500万元", want{kind: "money", text: "至少500万元", value: fp(5000000), unit: "CNY", qual: "at_least"}},
		{"money at_most", "不超过50万元", want{kind: "money", text: "不超过50万元", value: fp(500000), unit: "CNY", qual: "at_most"}},
		{"money over 逾", "逾10亿元", want{kind: "money", text: "逾10亿元", value: fp(1000000000), unit: "CNY", qual: "over"}},
		// counts
		{"count 户 subject after", "帮扶2140户企业", want{kind: "count", text: "2140户", value: fp(2140), unit: "户", subject: "企业"}},
		{"count traditional 戶", "幫扶2140戶企業", want{kind: "count", text: "2140戶", value: fp(2140), unit: "户", subject: "企业"}},
		{"count subject before", "受益学子15人。", want{kind: "count", text: "15人", value: fp(15), unit: "人", subject: "受益学子"}},
		{"count 余人", "参会360余人", want{kind: "count", text: "360余人", value: fp(360), unit: "人", qual: "over"}},
		{"count range 至", "每次选取2至3家企业", want{kind: "count", text: "2至3家", value: fp(2), max: fp(3), unit: "家", subject: "企业"}},
		{"count range 3至5家", "3至5家", want{kind: "count", text: "3至5家", value: fp(3), max: fp(5), unit: "家"}},
		{"count range hyphen", "联系2-3家商会", want{kind: "count", text: "2-3家", value: fp(2), max: fp(3), unit: "家", subject: "商会"}},
		{"count 人次", "服务360余人次", want{kind: "count", text: "360余人次", value: fp(360), unit: "人次", qual: "over"}},
		{"count container 箱", "捐赠了1500箱水饺", want{kind: "count", text: "1500箱", value: fp(1500), unit: "箱", subject: "水饺"}},
		{"count 百余", "百余件羽绒马甲", want{kind: "count", text: "百余件", value: fp(100), unit: "件", qual: "over", subject: "羽绒马甲"}},
		{"count chinese", "开展了二十场活动", want{kind: "count", text: "二十场", value: fp(20), unit: "场", subject: "活动"}},
		{"count 两", "启用两台打药机", want{kind: "count", text: "两台", value: fp(2), unit: "台", subject: "打药机"}},
		{"count estimate", "三四十家企业", want{kind: "count", text: "三四十家", value: fp(30), max: fp(40), unit: "家", qual: "approx", subject: "企业"}},
		{"count 数十", "区区数十家企业", want{kind: "count", text: "数十家", value: fp(10), unit: "家", qual: "over", subject: "企业"}},
		{"money 几十万", "身陷几十万元的债务", want{kind: "money", text: "几十万元", value: fp(100000), unit: "CNY", qual: "over"}},
		{"count 以上", "20家以上", want{kind: "count", text: "20家以上", value: fp(20), unit: "家", qual: "over"}},
		// quantities
		{"quantity 斤", "认购西红柿2万余斤", want{kind: "quantity", text: "2万余斤", value: fp(20000), unit: "斤", qual: "over", subject: "西红柿"}},
		{"quantity 毫升", "献血40600毫升", want{kind: "quantity", text: "40600毫升", value: fp(40600), unit: "毫升"}},
		{"quantity 平方公里", "面积12.5平方公里", want{kind: "quantity", text: "12.5平方公里", value: fp(12.5), unit: "平方公里", subject: "面积"}},
		{"quantity 亩", "流转土地3000亩", want{kind: "quantity", text: "3000亩", value: fp(3000), unit: "亩", subject: "土地"}},
		// percents
		{"percent %", "办结率为86%", want{kind: "percent", text: "86%", value: fp(86), unit: "%", subject: "办结率"}},
		{"percent full width", "增长８５％", want{kind: "percent", text: "８５％", value: fp(85), unit: "%"}},
		{"percent 百分之", "占百分之八十五", want{kind: "percent", text: "百分之八十五", value: fp(85), unit: "%"}},
		{"percent minus", "增长-15%", want{kind: "percent", text: "-15%", value: fp(-15), unit: "%"}},
		{"percent minus sign U+2212", "增长−15%", want{kind: "percent", text: "−15%", value: fp(-15), unit: "%"}},
		{"money minus sign U+2212", "利润−3.5亿元", want{kind: "money", text: "−3.5亿元", value: fp(-350000000), unit: "CNY", subject: "利润"}},
		{"percent range", "增长10%—15%", want{kind: "percent", text: "10%—15%", value: fp(10), max: fp(15), unit: "%"}},
		{"percent 百分点", "提高2.4个百分点", want{kind: "percent", text: "2.4个百分点", value: fp(2.4), unit: "百分点"}},
		{"percent 成", "七成以上企业", want{kind: "percent", text: "七成以上", value: fp(70), unit: "%", qual: "over"}},
		{"percent decimal exact", "占比1.1%", want{kind: "percent", text: "1.1%", value: fp(1.1), unit: "%", subject: "占比"}},
		// durations
		{"duration 年来", "5年来，商会", want{kind: "duration", text: "5年来", value: fp(5), unit: "年"}},
		{"duration 余天", "累计长达90余天", want{kind: "duration", text: "90余天", value: fp(90), unit: "天", qual: "over"}},
		{"duration 每两个月", "每两个月一次轮值", want{kind: "duration", text: "两个月", value: fp(2), unit: "月"}},
		{"duration 个多月", "一个多月期间", want{kind: "duration", text: "一个多月", value: fp(1), unit: "月", qual: "over"}},
		{"duration 小时", "工作8小时", want{kind: "duration", text: "8小时", value: fp(8), unit: "小时"}},
		{"duration 连续两年", "连续两年获评", want{kind: "duration", text: "两年", value: fp(2), unit: "年"}},
		// dates
		{"date full", "2021年7月11日", want{kind: "date", text: "2021年7月11日", date: "2021-07-11"}},
		{"date range 至 day", "2021年7月11日至15日举行", want{kind: "date", text: "2021年7月11日至15日", date: "2021-07-11", end: "2021-07-15"}},
		{"date range dash", "2022年，8月12—15日", want{kind: "date", text: "8月12—15日", date: "2022-08-12", end: "2022-08-15"}},
		{"date month-day preceding year", "2019年召开。3月29日，", want{kind: "date", text: "3月29日", date: "2019-03-29"}},
		{"date month-day published", "3月29日，", want{kind: "date", text: "3月29日", date: "2025-03-29"}},
		{"date 底", "截至4月底，", want{kind: "date", text: "4月底", date: "2025-04-30"}},
		{"date 年底", "2021年12月底，喜报传来", want{kind: "date", text: "2021年12月底", date: "2021-12-31"}},
		{"date year 底", "2022年底", want{kind: "date", text: "2022年底", date: "2022-12-31"}},
		{"date 年底 bare", "2020年开工，年底完成", want{kind: "date", text: "年底", date: "2020-12-31"}},
		{"date 上旬", "2023年8月上旬", want{kind: "date", text: "2023年8月上旬", date: "2023-08-01", end: "2023-08-10"}},
		{"date 下旬", "2023年2月下旬", want{kind: "date", text: "2023年2月下旬", date: "2023-02-21", end: "2023-02-28"}},
		{"date 一季度", "2025年一季度", want{kind: "date", text: "2025年一季度", date: "2025-01", end: "2025-03"}},
		{"date 上半年", "2024年上半年", want{kind: "date", text: "2024年上半年", date: "2024-01", end: "2024-06"}},
		{"date 今年", "今年以来", want{kind: "date", text: "今年", date: "2025"}},
		{"date 明年初", "计划明年初召开", want{kind: "date", text: "明年初", date: "2026-01"}},
		{"date chinese year", "二〇二二年三月", want{kind: "date", text: "二〇二二年三月", date: "2022-03"}},
		{"date header timestamp", "来源:时报\n2021-01-18 01:05:01\n", want{kind: "date", text: "2021-01-18 01:05:01", date: "2021-01-18"}},
		{"date year range", "1995-1997年的收入", want{kind: "date", text: "1995-1997年", date: "1995", end: "1997"}},
		{"date 4·21", "2022年4·21疫情", want{kind: "date", text: "2022年4·21", date: "2022-04-21"}},
		{"date 号", "5月3号开幕", want{kind: "date", text: "5月3号", date: "2025-05-03"}},
		{"date weekday suffix", "2020年10月12日（星期一）召开", want{kind: "date", text: "2020年10月12日（星期一）", date: "2020-10-12"}},
		{"date 或之后", "2019年8月6日或之后", want{kind: "date", text: "2019年8月6日", date: "2019-08-06"}},
		{"date 以前", "2015年以前", want{kind: "date", text: "2015年", date: "2015"}},
		{"date 和之间", "2015年和2018年之间", want{kind: "date", text: "2015年和2018年之间", date: "2015", end: "2018"}},
		{"date month range into next year", "8月至2月", want{kind: "date", text: "8月至2月", date: "2025-08", end: "2026-02"}},
		{"date 08年", "08年奥运会", want{kind: "date", text: "08年", date: "2008"}},
		{"date decade", "九十年代", want{kind: "date", text: "九十年代", date: "1990", end: "1999"}},
		{"date 民国", "民国110年", want{kind: "date", text: "民国110年", date: "2021"}},
		{"date 昨日", "昨日，商会召开", want{kind: "date", text: "昨日", date: "2025-05-19"}},
		{"date 天前", "3天前", want{kind: "date", text: "3天前", date: "2025-05-17"}},
		{"date 本月", "本月10日", want{kind: "date", text: "本月10日", date: "2025-05-10"}},
		{"date 上周", "上周召开", want{kind: "date", text: "上周", date: "2025-05-12", end: "2025-05-18"}},
		{"date 周三", "周三召开", want{kind: "date", text: "周三", date: "2025-05-21"}},
		{"date 下周末", "下周末", want{kind: "date", text: "下周末", date: "2025-05-31", end: "2025-06-01"}},
		{"date 第一周", "2021年的第一周", want{kind: "date", text: "2021年的第一周", date: "2021-01-04", end: "2021-01-10"}},
		{"date 初一", "2015年十月初一", want{kind: "date", text: "2015年十月初一", date: "2015-10-01"}},
		{"date slash month/day", "12/1召开", want{kind: "date", text: "12/1", date: "2025-12-01"}},
		{"date slash month/day 日", "于11/7日召开", want{kind: "date", text: "11/7日", date: "2025-11-07"}},
		{"period estimate stays a duration", "未来三四天", want{kind: "duration", text: "三四天", value: fp(3), max: fp(4), unit: "天", qual: "approx"}},
		{"period range stays a duration", "今后五年到十年", want{kind: "duration", text: "五年到十年", value: fp(5), max: fp(10), unit: "年"}},
		{"count adjacent digits", "走访八九个商会", want{kind: "count", text: "八九个", value: fp(8), max: fp(9), unit: "个", qual: "approx", subject: "商会"}},
		{"percent adjacent digits", "增长四五%", want{kind: "percent", text: "四五%", value: fp(4), max: fp(5), unit: "%", qual: "approx"}},
		{"not a slash date: 07/08年", "要求07/08年双普选", want{kind: "date", text: "08年", date: "2008"}},
		{"前一天 counts from an event", "前一天，客户前来", want{kind: "duration", text: "一天", value: fp(1), unit: "天"}},
		{"前两个月 counts from an event", "前两个月由公司负责", want{kind: "duration", text: "两个月", value: fp(2), unit: "月"}},
		{"比 needs a comparative that ends the phrase", "比十所大学更能", want{kind: "count", text: "十所", value: fp(10), unit: "所", subject: "大学"}},
		{"bound 最少", "最少8人参加", want{kind: "count", text: "最少8人", value: fp(8), unit: "人", qual: "at_least"}},
		{"date 今年前5个月", "今年前5个月", want{kind: "date", text: "今年前5个月", date: "2025-01", end: "2025-05"}},
		{"date 过去十年", "过去十年，民营经济", want{kind: "date", text: "过去十年", date: "2015-05-20", end: "2025-05-19"}},
		{"date 前1周", "前1周", want{kind: "date", text: "前1周", date: "2025-05-13", end: "2025-05-19"}},
		{"date 今后5年", "今后5年", want{kind: "date", text: "今后5年", date: "2025-05-21", end: "2030-05-20"}},
		{"duration 近5年 stays", "近5年，", want{kind: "duration", text: "近5年", value: fp(5), unit: "年", qual: "under"}},
		{"duration 此前3年 stays", "此前3年", want{kind: "duration", text: "3年", value: fp(3), unit: "年"}},
		{"date 第三个月", "2021年的第三个月", want{kind: "date", text: "2021年的第三个月", date: "2021-03"}},
		{"date 最后4个月", "2021年最后4个月", want{kind: "date", text: "2021年最后4个月", date: "2021-09", end: "2021-12"}},
		{"date 前10天", "去年的前10天", want{kind: "date", text: "去年的前10天", date: "2024-01-01", end: "2024-01-10"}},
		{"date 最后3周", "2019年最后3周", want{kind: "date", text: "2019年最后3周", date: "2019-12-09", end: "2019-12-29"}},
		{"date 9月上半月", "2019年9月上半月", want{kind: "date", text: "2019年9月上半月", date: "2019-09-01", end: "2019-09-15"}},
		{"date 下半月", "下半月", want{kind: "date", text: "下半月", date: "2025-05-16", end: "2025-05-31"}},
		{"date 2月29日 in a common year", "2月29日", want{kind: "date", text: "2月29日", date: "--02-29"}},
		// percents and money in other forms
		{"percent 百万分之", "百万分之五", want{kind: "percent", text: "百万分之五", value: fp(0.0005), unit: "%"}},
		{"percent 千分之", "千分之三", want{kind: "percent", text: "千分之三", value: fp(0.3), unit: "%"}},
		{"percent 折", "打九折", want{kind: "percent", text: "九折", value: fp(90), unit: "%"}},
		{"percent 半成", "半成", want{kind: "percent", text: "半成", value: fp(5), unit: "%"}},
		{"money 元角", "五元三毛", want{kind: "money", text: "五元三毛", value: fp(5.3), unit: "CNY"}},
		{"money 块钱", "花了三块钱", want{kind: "money", text: "三块钱", value: fp(3), unit: "CNY"}},
		{"money 日元 not a day", "兑换10日元", want{kind: "money", text: "10日元", value: fp(10), unit: "JPY", subject: "兑换"}},
		{"money yen and sen", "10日元5日本銭", want{kind: "money", text: "10日元5日本銭", value: fp(10.05), unit: "JPY"}},
		{"money 分 only after 元", "5美元3分", want{kind: "money", text: "5美元", value: fp(5), unit: "USD"}},
		{"money US$", "US$20", want{kind: "money", text: "US$20", value: fp(20), unit: "USD"}},
		{"money bare $", "$20", want{kind: "money", text: "$20", value: fp(20), unit: ""}},
		{"count Chinese comma lists", "企业1，100家", want{kind: "count", text: "100家", value: fp(100), unit: "家"}},
		{"count 大于", "大于100家", want{kind: "count", text: "大于100家", value: fp(100), unit: "家", qual: "over"}},
		// two bounds in a row are one range when their ends agree
		{"range both strict", "规模大于10家小于20家的商会", want{kind: "count", text: "大于10家小于20家", value: fp(10), max: fp(20), unit: "家", qual: "over", subject: "规模"}},
		{"range both inclusive upper first", "不超过50万元不少于20万元", want{kind: "money", text: "不超过50万元不少于20万元", value: fp(200000), max: fp(500000), unit: "CNY", qual: "at_least"}},
		{"range 以上，以下", "营收在1000万元以上，5000万元以下的企业", want{kind: "money", text: "1000万元以上，5000万元以下", value: fp(10000000), max: fp(50000000), unit: "CNY", qual: "over"}},
		{"range 最少 最多", "每户最少2人最多5人", want{kind: "count", text: "最少2人最多5人", value: fp(2), max: fp(5), unit: "人", qual: "at_least"}},
		{"range 并且", "大于3%并且小于5%", want{kind: "percent", text: "大于3%并且小于5%", value: fp(3), max: fp(5), unit: "%", qual: "over"}},
		{"range mixed ends stay apart", "大于等于10家并小于20家", want{kind: "count", text: "大于等于10家", value: fp(10), unit: "家", qual: "at_least"}},
		{"range reversed bounds stay apart", "大于50家小于12家", want{kind: "count", text: "小于12家", value: fp(12), unit: "家", qual: "under"}},
		{"bound 比…高", "比5%高", want{kind: "percent", text: "比5%高", value: fp(5), unit: "%", qual: "over"}},
		{"bound 之下", "在5%之下", want{kind: "percent", text: "5%之下", value: fp(5), unit: "%", qual: "under"}},
		{"bound ≥", "≥50家", want{kind: "count", text: "≥50家", value: fp(50), unit: "家", qual: "at_least"}},
		{"bound >=", "人数>=50人", want{kind: "count", text: ">=50人", value: fp(50), unit: "人", qual: "at_least"}},
		{"bound 最高", "奖励最高50万元", want{kind: "money", text: "最高50万元", value: fp(500000), unit: "CNY", qual: "at_most", subject: "奖励"}},
		{"bound 等于", "等于3家", want{kind: "count", text: "等于3家", value: fp(3), unit: "家"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkOne(t, tc.in, pub, tc.w) })
	}
}

func TestMonthDayWithoutYear(t *testing.T) {
	// No year in the text and no publication date: the date has no year.
	checkOne(t, "3月29日，商会成立。", time.Time{}, want{kind: "date", text: "3月29日", date: "--03-29"})
}

func TestPeriodWithoutPublication(t *testing.T) {
	// No publication date: a period counted from now has no dates, so it
	// stays the duration it states.
	checkOne(t, "过去十年，民营经济", time.Time{}, want{kind: "duration", text: "十年", value: fp(10), unit: "年"})
}

func TestNonFigures(t *testing.T) {
	tests := []string{
		"工商联以“六新”打造营商好环境",
		"连续获评全国‘五好’标杆县级工商联",
		"获评全省“四好商会”",
		"获评四好商会",
		"促进“两个健康”主责主业",
		"促进两个健康发展",
		"打造三个高地",
		"调度了解“万企兴万村”工作进展",
		"万企兴万村行动",
		"第十四次会员代表大会",
		"学习二十大会议精神",
		"十九届六中全会",
		"“十五五”规划",
		"十四五规划",
		"双“一号工程”推进大会",
		"一号工程",
		"一是加强引导；二是服务企业",
		"二、强化组织领导",
		"拨打新闻热线0531-66661234或咨询",
		"热线400-800-1234",
		"手机13912345678",
		"登录 https://minsheng.iqilu.com/2020/12/3 查看",
		"采用X5型号和A202107机组",
		"推出5G网络",
		"大家一起努力",
		"一些企业",
		"统一战线",
		"万一出现问题",
		"一体化发展",
		"一批企业",
		"一个好的平台",
		"一家企业",
		"万年县工商联",
		"第一时间组织",
		"第八届工商联",
		"全国工商联十三次全国代表大会",
		"成为示范",
		"折合人民币",
		"近年来",
		"一道参加",
		"给了企业二次生命",
		"《明日之后》上线",
		"《优化营商环境20条》",
		"三块牌匾",
		"半成品",
		"四处奔走",
		"来自五湖四海",
	}
	pub := time.Date(2025, 5, 20, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{"每周三召开例会", "郯城周活动", "超过1/2的企业", "占1/3", "1/3的会员", "1/4左右", "已下降2/3，",
		"葵花油3又2/1碗"} {
		if figs := figuresOf(in, pub); len(figs) > 0 {
			t.Errorf("%q: want no figure, got %q (%s)", in, figs[0].Text, figs[0].Kind)
		}
	}
	for _, in := range tests {
		if figs := figuresOf(in, time.Time{}); len(figs) > 0 {
			t.Errorf("%q: want no figure, got %q (%s)", in, figs[0].Text, figs[0].Kind)
		}
	}
}

// TestSpansMapToOriginal checks spans against an original that
// normalization changes: full-width digits and pinyin annotations.
func TestSpansMapToOriginal(t *testing.T) {
	in := "工商聯(lián)捐款１８００萬元，受益學子15人。"
	figs := figuresOf(in, time.Time{})
	if len(figs) != 2 {
		t.Fatalf("got %d figures, want 2: %+v", len(figs), figs)
	}
	rs := []rune(in)
	for _, f := range figs {
		if got := string(rs[f.Start:f.End]); got != f.Text {
			t.Errorf("span [%d,%d) = %q, text %q", f.Start, f.End, got, f.Text)
		}
		if f.Sentence != in {
			t.Errorf("sentence %q, want the whole input", f.Sentence)
		}
	}
	if figs[0].Text != "１８００萬元" || *figs[0].Value != 18000000 {
		t.Errorf("first figure %q %v", figs[0].Text, *figs[0].Value)
	}
	if figs[1].Subject != "受益学子" {
		t.Errorf("subject %q, want the simplified 受益学子", figs[1].Subject)
	}
}

// TestSeeds compares whole articles with records written by hand. The
// records give their sentence as rune offsets into the seed (the seeds'
// text stays out of the repository); the test slices it from the seed.
func TestSeeds(t *testing.T) {
	tests := []struct {
		seed, golden string
	}{
		{"000_8c12fadcce85e537.txt", "seed000.jsonl"},
		{"003_226f6e4e3dbacc00.txt", "seed003.jsonl"},
	}
	for _, tc := range tests {
		t.Run(tc.seed, func(t *testing.T) {
			src := shared.Path(t, filepath.Join("corpus/seeds", tc.seed))
			data, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			want := readRecords(t, filepath.Join("testdata", tc.golden), []rune(string(data)))
			got := figuresOf(string(data), time.Time{})
			for i := 0; i < len(got) || i < len(want); i++ {
				switch {
				case i >= len(got):
					t.Errorf("missing %s", recordString(want[i]))
				case i >= len(want):
					t.Errorf("unexpected %s", recordString(got[i]))
				case !reflect.DeepEqual(got[i], want[i]):
					t.Errorf("record %d:\n got %s\nwant %s", i, recordString(got[i]), recordString(want[i]))
				}
			}
		})
	}
}

// seedRecord is a hand-written record: a figure whose sentence is given
// by its rune offsets in the seed.
type seedRecord struct {
	corpus.Figure
	SentenceStart int `json:"sentence_start"`
	SentenceEnd   int `json:"sentence_end"`
}

// readRecords reads the records of path and fills in each sentence from
// seed, the text of the article they describe.
func readRecords(t *testing.T, path string, seed []rune) []corpus.Figure {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []corpus.Figure
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r seedRecord
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		if r.Sentence != "" {
			t.Fatalf("%s:%d: a record gives its sentence as sentence_start and sentence_end, not as text", path, line)
		}
		if r.SentenceStart < 0 || r.SentenceStart > r.Start || r.SentenceEnd < r.End || r.SentenceEnd > len(seed) {
			t.Fatalf("%s:%d: sentence [%d,%d) does not hold the figure [%d,%d) of a %d-rune seed",
				path, line, r.SentenceStart, r.SentenceEnd, r.Start, r.End, len(seed))
		}
		r.Sentence = string(seed[r.SentenceStart:r.SentenceEnd])
		out = append(out, r.Figure)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

func recordString(f corpus.Figure) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// FuzzFigures: never a panic, every span inside the original and slicing to
// Text, every value finite.
func FuzzFigures(f *testing.F) {
	for _, s := range []string{
		"会员企业累计贷款总额达1800万元左右。", "8月12—15日", "2021年7月11日至15日", "工商聯(lián)捐款１８００萬元",
		"百分之八十五", "两到三万元", "“六新”", "0531-66661234", "十四五", "5年来", "截至4月底", "三四十万家",
		"1,100.9亿", "9999999999亿亿亿兆元", "负三十二%", "2022年4·21", "2021-01-18 01:05:01",
	} {
		f.Add(s)
	}
	// Load the dictionaries before the first input: with coverage
	// instrumentation that takes longer than the fuzzer lets one input run.
	theLexicon()
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		rs := []rune(s)
		for _, fig := range figuresOf(s, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
			if fig.Start < 0 || fig.End > len(rs) || fig.Start >= fig.End {
				t.Fatalf("%q: span [%d,%d) out of range", s, fig.Start, fig.End)
			}
			if string(rs[fig.Start:fig.End]) != fig.Text {
				t.Fatalf("%q: span [%d,%d) = %q, text %q", s, fig.Start, fig.End, string(rs[fig.Start:fig.End]), fig.Text)
			}
			for _, v := range []*float64{fig.Value, fig.ValueMax} {
				if v != nil && (math.IsInf(*v, 0) || math.IsNaN(*v)) {
					t.Fatalf("%q: value %v not finite", s, *v)
				}
			}
			if (fig.Kind == corpus.KindDate) != (fig.Value == nil) {
				t.Fatalf("%q: kind %s with value %v", s, fig.Kind, fig.Value)
			}
		}
	})
}

// TestHugeValues: a value past float64 is no figure, and long numerals
// stay fast.
func TestHugeValues(t *testing.T) {
	in := "1" + strings.Repeat("万", 100) + "元"
	if figs := figuresOf(in, time.Time{}); len(figs) != 0 {
		t.Errorf("1万万…元 (10^400): got %d figures, want none", len(figs))
	}
	start := time.Now()
	figuresOf(strings.Repeat("九千九百万亿", 2000)+"元", time.Time{})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a 12000-rune numeral took %v", d)
	}
}
