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
		{"the nearest before wins", "2023年营收5亿元，2024年营收6亿元。", "6亿元", "2024", "2024"},
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
