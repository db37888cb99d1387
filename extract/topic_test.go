package extract

import (
	"testing"
	"time"
)

// TestTopics: what a money figure or count measures, from the cue words
// of data/topics.txt.
func TestTopics(t *testing.T) {
	tests := []struct{ in, text, topic string }{
		{"商会累计捐款50万元。", "50万元", "donation"},
		{"为灾区捐赠物资价值30万元。", "30万元", "donation"},
		{"筹集善款12万元。", "12万元", "donation"},
		{"签约项目12个，总投资86亿元。", "86亿元", "investment"},
		{"到位资金3.2亿元。", "3.2亿元", "investment"},
		{"百强企业去年营业收入合计4860亿元。", "4860亿元", "revenue"},
		{"网络零售额达3亿元。", "3亿元", "revenue"},
		{"全县民营企业纳税12亿元。", "12亿元", "tax"},
		{"为企业争取贷款1.5亿元。", "1.5亿元", "credit"},
		{"帮助企业融资8000万元。", "8000万元", "credit"},
		{"提供就业岗位1200个。", "1200个", "jobs"},
		{"发展会员企业120家。", "120家", "members"},
		{"全县会员530多人。", "530多人", "members"},
		{"帮扶2140户企业。", "2140户", "enterprises"},
		{"走访民营企业86家。", "86家", "enterprises"},
		{"组织企业32家参加。", "32家", "enterprises"},
		{"举办活动53场次。", "53场次", "events"},
		{"召开会议6次。", "6次", "events"},
		{"发放帮扶资金20万元。", "20万元", "assistance"},
		{"结对帮扶村36个。", "36个", "assistance"},
		{"购置设备花费80万元。", "80万元", "other"},
		{"受惠家庭133户。", "133户", "other"},     // households, not enterprises
		{"推荐了4名政务服务工作监督员。", "4名", "other"}, // 务工 inside 服务工作 is no cue
		// An activity names the figures of its own clause only.
		{"开展培训活动5场，企业销售产品30万元。", "30万元", "other"},
		{"开展培训活动5场，帮助企业销售产品30万元。", "30万元", "assistance"}, // 帮助 is a purpose
		{"开展走访活动3场，发放慰问金2万元。", "2万元", "assistance"},
		{"举办活动经费共计8万元。", "8万元", "events"},
		// A count takes the purpose after it in its clause.
		{"为45名困难职工送去慰问金。", "45名", "assistance"},
		{"帮助120名高校毕业生实现就业。", "120名", "jobs"},
		{"组织32人走访企业。", "32人", "other"},         // counted cues are no purpose
		{"组织12人参加培训，慰问困难群众。", "12人", "events"}, // not past its clause
		// Before a count, the givers are no topic; the purpose after it is.
		{"32家商会为210名留守儿童捐赠学习用品。", "210名", "donation"},
		{"带动800名群众就近就业。", "800名", "jobs"},
		// Items listed before 等 are kinds of the head.
		{"协调解决用地、融资等难题15个。", "15个", "other"},
		// Money with a subject of its own reads only its clause.
		{"争取贷款2亿元，减免税费300万元。", "300万元", "tax"},
		{"争取贷款2亿元，减免租金300万元。", "300万元", "other"},
		{"争取贷款2亿元，金额居全市第一。", "2亿元", "credit"},
		// A count with no subject takes the last count of its unit.
		{"全县会员企业360家，同比增加40家。", "40家", "members"},
		{"走访企业20家，新增会员企业12家，同比增加3家。", "3家", "members"},
		// over donation assistance
		{"捐赠助学金12万元。", "12万元", "donation"},
		{"发放助学金12万元。", "12万元", "assistance"},
		{"商会成立10周年。", "10周年", ""}, // durations have no topic
		{"增长12%。", "12%", ""},
	}
	for _, tc := range tests {
		found := false
		for _, f := range figuresOf(tc.in, time.Time{}) {
			if f.Text == tc.text {
				found = true
				if f.Topic != tc.topic {
					t.Errorf("%q: %s topic %q, want %q", tc.in, f.Text, f.Topic, tc.topic)
				}
			}
		}
		if !found {
			t.Errorf("%q: no figure %q", tc.in, tc.text)
		}
	}
}

// TestSubjectsOnWordBoundaries: a subject never starts or ends inside a
// word, and a cue verb right before money is its subject.
func TestSubjectsOnWordBoundaries(t *testing.T) {
	tests := []struct{ in, text, subject string }{
		{"百强企业去年营业收入合计4860亿元。", "4860亿元", "百强企业去年营业收入"},
		{"网络零售额达3亿元。", "3亿元", "网络零售额"},
		{"对于年纳税额500万元以上的企业", "500万元以上", "年纳税额"},
		{"累计捐款50万元。", "50万元", "捐款"},
		{"今年以来捐款捐物60余万元。", "60余万元", "捐款捐物"},
		{"实现工业总产值87651万元。", "87651万元", "工业总产值"},
		// A stop rune that starts a word is part of the phrase.
		{"全镇个体工商户会员42户。", "42户", "全镇个体工商户会员"},
		{"在建项目16个。", "16个", "在建项目"},
		// The verb stays when the dictionary has verb and noun as one word.
		{"为会员协调解决问题35个。", "35个", "解决问题"},
		// A compound verb takes cue verbs before it, not nouns.
		{"发动民营企业结对帮扶12个。", "12个", "结对帮扶"},
	}
	for _, tc := range tests {
		checkSubject(t, tc.in, tc.text, tc.subject)
	}
}

func checkSubject(t *testing.T, in, text, subject string) {
	t.Helper()
	for _, f := range figuresOf(in, time.Time{}) {
		if f.Text == text {
			if f.Subject != subject {
				t.Errorf("%q: %s subject %q, want %q", in, f.Text, f.Subject, subject)
			}
			return
		}
	}
	t.Errorf("%q: no figure %q", in, text)
}
