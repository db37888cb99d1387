package extract

import (
	"strings"
	"testing"
	"time"
)

// TestTimeContext: 截至, 截止, 以来, 起, 前 and 到…为止 say which period a
// date bounds; they are no qualifier, so the record holds the date alone.
func TestTimeContext(t *testing.T) {
	pub := time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, in string
		w        want
	}{
		{"截至 day", "截至8月8日，全县会员530多人", want{kind: "date", text: "8月8日", date: "2023-08-08"}},
		{"截止 month", "截止2022年6月，已入驻企业12家", want{kind: "date", text: "2022年6月", date: "2022-06"}},
		{"截止到", "截止到2021年底，累计发放贷款", want{kind: "date", text: "2021年底", date: "2021-12-31"}},
		{"以来 year", "2022年以来，商会累计捐款", want{kind: "date", text: "2022年", date: "2022"}},
		{"从…起", "从1999年起，连续举办", want{kind: "date", text: "1999年", date: "1999"}},
		{"自…以来", "自2018年以来，工商联", want{kind: "date", text: "2018年", date: "2018"}},
		{"年来", "2019年来，郯城县", want{kind: "date", text: "2019年", date: "2019"}},
		{"年前", "2015年前，这里", want{kind: "date", text: "2015年", date: "2015"}},
		{"到…为止", "到2020年底为止，全市", want{kind: "date", text: "2020年底", date: "2020-12-31"}},
		{"起 month-day", "自7月1日起施行", want{kind: "date", text: "7月1日", date: "2023-07-01"}},
		{"之后", "2019年8月6日之后，", want{kind: "date", text: "2019年8月6日", date: "2019-08-06"}},
		// 42年前 is a span of years, not a date a reader can check.
		{"年前 is a duration", "42年前，他白手起家", want{kind: "duration", text: "42年", value: fp(42), unit: "年"}},
		{"年前 chinese", "三十年前创办", want{kind: "duration", text: "三十年", value: fp(30), unit: "年"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkOne(t, tc.in, pub, tc.w) })
	}
}

// TestNumeralsInWords: a numeral that is part of a word or a place name
// is no figure, and the figures around it are still read.
func TestNumeralsInWords(t *testing.T) {
	for _, in := range []string{
		"这是全县唯一一家上市企业", "做到一一对应", "统一一批标识", "三河市工商联召开会议", "六安市商会",
		"九江市工商联", "位于八一路的服务中心", "五指山市民营企业", "三台县工商联召开执委会", "五家渠市商会成立",
		"七台河市工商联", "百强企业名单发布", "网络零售额大幅增长", "四川商会", "两会期间", "十分重要",
	} {
		if figs := figuresOf(in, time.Time{}); len(figs) > 0 {
			t.Errorf("%q: want no figure, got %q (%s)", in, figs[0].Text, figs[0].Kind)
		}
	}
	tests := []struct {
		name, in string
		w        want
	}{
		{"after a word", "唯一一家获评的企业有3家", want{kind: "count", text: "3家", value: fp(3), unit: "家", subject: "企业"}},
		{"after a place", "三河市工商联组织30家企业", want{kind: "count", text: "30家", value: fp(30), unit: "家", subject: "企业"}},
		{"place then count", "三台县工商联走访两家企业", want{kind: "count", text: "两家", value: fp(2), unit: "家", subject: "企业"}},
		{"count of machines stays", "购置三台设备", want{kind: "count", text: "三台", value: fp(3), unit: "台", subject: "设备"}},
		{"qualified numeral stays", "近二十家企业参加", want{kind: "count", text: "近二十家", value: fp(20), unit: "家", qual: "under", subject: "企业"}},
		{"统一 then a count", "统一两个标准", want{kind: "count", text: "两个", value: fp(2), unit: "个", subject: "标准"}},
		{"subject keeps 百强", "百强企业去年营业收入合计4860亿元", want{kind: "money", text: "4860亿元", value: fp(4.86e11), unit: "CNY", subject: "百强企业去年营业收入"}},
		{"subject keeps 零售", "网络零售额达3亿元", want{kind: "money", text: "3亿元", value: fp(3e8), unit: "CNY", subject: "网络零售额"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkOne(t, tc.in, time.Time{}, tc.w) })
	}
}

// TestUnitsAndQualifiers: over after a duration, compound measure words
// as written, the measure words of the data file, and working days.
func TestUnitsAndQualifiers(t *testing.T) {
	tests := []struct {
		name, in string
		w        want
	}{
		{"年多", "坚持了6年多", want{kind: "duration", text: "6年多", value: fp(6), unit: "年", qual: "over"}},
		{"天多", "用了两天多时间", want{kind: "duration", text: "两天多", value: fp(2), unit: "天", qual: "over"}},
		{"年 then 多次", "三年多次获评", want{kind: "duration", text: "三年", value: fp(3), unit: "年"}},
		{"个多月", "历时3个多月", want{kind: "duration", text: "3个多月", value: fp(3), unit: "月", qual: "over"}},
		{"场次", "举办活动53场次", want{kind: "count", text: "53场次", value: fp(53), unit: "场次", subject: "举办活动"}}, // gse keeps 举办活动 one word
		{"人次", "培训1200人次", want{kind: "count", text: "1200人次", value: fp(1200), unit: "人次", subject: "培训"}},
		{"户次", "走访300户次", want{kind: "count", text: "300户次", value: fp(300), unit: "户次"}},
		{"架次", "保障航班5架次", want{kind: "count", text: "5架次", value: fp(5), unit: "架次", subject: "航班"}},
		{"宗", "调解470多宗案件", want{kind: "count", text: "470多宗", value: fp(470), unit: "宗", qual: "over", subject: "案件"}},
		{"笔", "发放15笔贷款", want{kind: "count", text: "15笔", value: fp(15), unit: "笔", subject: "贷款"}},
		{"单", "接到订单300单", want{kind: "count", text: "300单", value: fp(300), unit: "单", subject: "订单"}},
		{"批", "分两批次", want{kind: "count", text: "两批次", value: fp(2), unit: "批次"}},
		{"批 bare", "分三批发放", want{kind: "count", text: "三批", value: fp(3), unit: "批"}},
		{"台", "捐赠电脑20台", want{kind: "count", text: "20台", value: fp(20), unit: "台", subject: "电脑"}},
		{"份", "发放问卷500份", want{kind: "count", text: "500份", value: fp(500), unit: "份", subject: "问卷"}},
		{"座", "建成3座冷库", want{kind: "count", text: "3座", value: fp(3), unit: "座", subject: "冷库"}},
		{"辆", "捐赠救护车2辆", want{kind: "count", text: "2辆", value: fp(2), unit: "辆", subject: "救护车"}},
		{"套", "捐赠课桌椅120套", want{kind: "count", text: "120套", value: fp(120), unit: "套", subject: "课桌椅"}},
		{"间", "改造教室8间", want{kind: "count", text: "8间", value: fp(8), unit: "间", subject: "教室"}},
		{"处", "设立服务站12处", want{kind: "count", text: "12处", value: fp(12), unit: "处", subject: "服务站"}},
		{"支", "组建5支志愿服务队", want{kind: "count", text: "5支", value: fp(5), unit: "支", subject: "志愿服务队"}},
		{"例", "救治病人30例", want{kind: "count", text: "30例", value: fp(30), unit: "例", subject: "病人"}},
		{"栋", "新建厂房4栋", want{kind: "count", text: "4栋", value: fp(4), unit: "栋", subject: "厂房"}},
		{"头", "捐赠生猪200头", want{kind: "count", text: "200头", value: fp(200), unit: "头", subject: "生猪"}},
		{"工作日 chinese", "七个工作日内办结", want{kind: "duration", text: "七个工作日", value: fp(7), unit: "工作日"}},
		{"工作日 arabic", "压缩至15个工作日", want{kind: "duration", text: "15个工作日", value: fp(15), unit: "工作日"}},
		{"工作日 bare", "3工作日内", want{kind: "duration", text: "3工作日", value: fp(3), unit: "工作日"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkOne(t, tc.in, time.Time{}, tc.w) })
	}
}

// TestLongLineIsLinear: a 1 MB line of numerals and measure words, with
// no punctuation to end a clause, is read in one pass. A quadratic step
// (every figure looking at every other) would take hours at this size and
// hit go test's timeout; the test does not time anything.
func TestLongLineIsLinear(t *testing.T) {
	for _, unit := range []string{"3家", "三家五个七人十万元", "一二三四五六七八九十百千万亿", "1234567890", "截至2023年底会员100人", "近五年捐款3亿元",
		"2015年、2016年分别为1.2亿元、1.5亿元、", "为86名学生发放助学金", "解决融资、用工等问题48个"} {
		in := strings.Repeat(unit, (1<<20)/len(unit))
		rs := []rune(in)
		figs := figuresOf(in, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		for _, f := range figs {
			if f.Start < 0 || f.End > len(rs) || string(rs[f.Start:f.End]) != f.Text {
				t.Fatalf("%q×: span [%d,%d) does not slice to %q", unit, f.Start, f.End, f.Text)
			}
		}
		t.Logf("%q repeated to %d bytes: %d figures", unit, len(in), len(figs))
	}
}
