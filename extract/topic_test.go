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
		{"开展培训活动5场，帮助农户销售产品30万元。", "30万元", "assistance"}, // help to those in need
		{"开展培训活动5场，帮助企业销售产品30万元。", "30万元", "other"},      // help is not aid by itself
		// 帮助 is aid only with someone in need or their goods after it.
		{"商会帮助企业降低融资成本约80万元。", "约80万元", "credit"},
		{"商会帮助企业节省开支约50万元。", "约50万元", "other"},
		{"组织企业帮助困难群众增收120万元。", "120万元", "assistance"},
		{"帮助销售农副产品65万元。", "65万元", "assistance"},
		{"帮助36户脱贫户发展产业。", "36户", "assistance"},
		// Money with no cue before it reads what it buys after it.
		{"给敬老院送去价值2万元的慰问物资。", "2万元", "assistance"},
		{"为山区学校送去价值8万元的捐赠图书。", "8万元", "donation"},
		{"购买价值5万元的办公设备。", "5万元", "other"},
		{"为60名环卫工人送去价值1.2万元的慰问品。", "60名", "assistance"},
		// Cue words a county report uses for the same topics.
		{"全县民营企业上缴税金8.6亿元。", "8.6亿元", "tax"},
		{"缴纳税款3200万元。", "3200万元", "tax"},
		{"协调银行为企业续贷4500万元。", "4500万元", "credit"},
		{"为企业提供担保2亿元。", "2亿元", "credit"},
		{"民营经济增加值126亿元。", "126亿元", "revenue"},
		{"实现营业额1.8亿元。", "1.8亿元", "revenue"},
		{"招引项目23个，签约金额56亿元。", "56亿元", "investment"},
		{"商会向灾区捐助物资18万元。", "18万元", "donation"},
		{"发放救济金6万元。", "6万元", "assistance"},
		{"全县个体户1.2万户。", "1.2万户", "enterprises"},
		{"召开推介会4场。", "4场", "events"},
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
		// A rare dictionary word spanning verb and noun stays whole.
		{"为中小企业发放贷款3亿元。", "3亿元", "发放贷款"},
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

// TestParseTopicsErrors: a broken topics file says which line is wrong.
func TestParseTopicsErrors(t *testing.T) {
	for _, data := range []string{
		"donation sometimes 捐款",
		"over donation",
		"needs 帮助",
		"donation any 捐款\nneeds 帮助 困难",
	} {
		if _, _, _, err := parseTopics(data); err == nil {
			t.Errorf("%q: no error", data)
		}
	}
	cues, _, _, err := parseTopics("assistance any 帮助 帮扶\nneeds 帮助 困难 群众")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cues {
		if want := c.word == "帮助"; (c.needs != nil) != want {
			t.Errorf("cue %s: %d needs words, want them only on 帮助", c.word, len(c.needs))
		}
	}
}
