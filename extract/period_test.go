package extract

import (
	"testing"
	"time"
)

// TestPeriods: the period of a figure comes from the time expression
// that governs it in its sentence, resolved against the publication date.
func TestPeriods(t *testing.T) {
	pub := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, in, text string
		start, end     string
	}{
		{"截至 gives the end", "截至2016年12月，全县会员530多人。", "530多人", "", "2016-12"},
		{"上半年", "今年上半年实现工业总产值87651万元。", "87651万元", "2025-01", "2025-06"},
		{"去年", "百强企业去年营业收入合计4860亿元。", "4860亿元", "2024", "2024"},
		{"以来 to publication", "2022年以来，商会累计捐款50万元。", "50万元", "2022", "2025-06-30"},
		{"近五年", "近五年，全县民营企业纳税12亿元。", "12亿元", "2021", "2025"},
		{"年来", "5年来，商会帮扶200户困难群众。", "200户", "2021", "2025"},
		{"个月来", "3个月来，走访企业120家。", "120家", "2025-04", "2025-06"},
		{"a date governs its sentence", "2024年3月5日，商会组织30家企业参加招聘会。", "30家", "2024-03-05", "2024-03-05"},
		{"a date governs itself", "截至8月8日，全县会员530多人。", "8月8日", "", "2025-08-08"},
		{"later in the clause", "全县会员530多人（截至2023年底）。", "530多人", "", "2023-12-31"},
		{"none", "商会捐款100万元。", "100万元", "", ""},
		{"not across sentences", "2023年，商会成立。会员企业120家。", "120家", "", ""},
		{"成立于 dates the subject only", "成立于2005年的商会现有会员300人。", "300人", "", ""},
		{"range", "2021年至2023年，累计投资3亿元。", "3亿元", "2021", "2023"},
		{"month range, one 月", "今年1至7月，全县进出口额4.7亿美元。", "4.7亿美元", "2025-01", "2025-07"},
		{"month range with a dash", "2024年1-11月，新增会员企业86家。", "86家", "2024-01", "2024-11"},
		{"the nearest before wins", "2023年营收5亿元，2024年营收6亿元。", "6亿元", "2024", "2024"},
		// A list of dates pairs with a list of as many figures.
		{"listed dates, first", "2015年、2016年分别为1.2亿元、1.5亿元。", "1.2亿元", "2015", "2015"},
		{"listed dates, second", "2015年、2016年分别为1.2亿元、1.5亿元。", "1.5亿元", "2016", "2016"},
		{"和 and a second list", "2015年和2016年，全县民营企业纳税分别为1.2亿元和1.5亿元，分别增长8%和9%。", "9%", "2016", "2016"},
		{"three dates", "2022年、2023年和2024年营收分别为3亿元、4亿元和5亿元。", "4亿元", "2023", "2023"},
		{"months", "今年1月、2月分别新增会员12家、15家。", "15家", "2025-02", "2025-02"},
		{"one figure covers the list", "2015年、2016年，全县新增会员120家。", "120家", "2015", "2016"},
		{"a list of another length covers it", "2023年、2024年分别捐款30万元、40万元、50万元。", "40万元", "2023", "2024"},
		{"a date list governs only its sentence", "2015年、2016年分别为1.2亿元、1.5亿元。会员120家。", "120家", "", ""},
		{"a later date takes over", "2015年、2016年营收1.2亿元、1.5亿元，2017年营收2亿元。", "2亿元", "2017", "2017"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range figuresOf(tc.in, pub) {
				if f.Text == tc.text {
					if f.PeriodStart != tc.start || f.PeriodEnd != tc.end {
						t.Errorf("%q: %s period %q..%q, want %q..%q", tc.in, f.Text, f.PeriodStart, f.PeriodEnd, tc.start, tc.end)
					}
					return
				}
			}
			t.Errorf("%q: no figure %q", tc.in, tc.text)
		})
	}
	// Without a publication date, 以来 has no end and 近五年 no period.
	for _, tc := range []struct{ in, text, start, end string }{
		{"2022年以来，累计捐款50万元。", "50万元", "2022", ""},
		{"近五年，全县民营企业纳税12亿元。", "12亿元", "", ""},
	} {
		for _, f := range figuresOf(tc.in, time.Time{}) {
			if f.Text == tc.text && (f.PeriodStart != tc.start || f.PeriodEnd != tc.end) {
				t.Errorf("%q without publication: period %q..%q, want %q..%q", tc.in, f.PeriodStart, f.PeriodEnd, tc.start, tc.end)
			}
		}
	}
}
