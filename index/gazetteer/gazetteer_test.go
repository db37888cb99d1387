package gazetteer

import (
	"slices"
	"strings"
	"testing"
)

func gaz(t *testing.T) *Gazetteer {
	t.Helper()
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestFind(t *testing.T) {
	g := gaz(t)
	for _, c := range []struct {
		text string
		want Places
	}{
		{"近年来，江西省万年县工商联按照", Places{[]string{"江西省"}, []string{"上饶市"}, []string{"万年县"}}},
		{"江西万年：工商联以“六新”打造", Places{[]string{"江西省"}, []string{"上饶市"}, []string{"万年县"}}},
		{"山东省临沂市郯城县工商联", Places{[]string{"山东省"}, []string{"临沂市"}, []string{"郯城县"}}},
		{"郯城县工商联2018年组建", Places{[]string{"山东省"}, []string{"临沂市"}, []string{"郯城县"}}},
		{"长沙市长沙县工商联助推", Places{[]string{"湖南省"}, []string{"长沙市"}, []string{"长沙县"}}},
		{"长沙县工商联", Places{[]string{"湖南省"}, []string{"长沙市"}, []string{"长沙县"}}},
		{"北京市海淀区", Places{[]string{"北京市"}, []string{"北京市"}, []string{"海淀区"}}},
		{"福建省福州市鼓楼区", Places{[]string{"福建省"}, []string{"福州市"}, []string{"鼓楼区"}}},
		// Ambiguous without context: 鼓楼区 is in four cities.
		{"鼓楼区工商联", Places{}},
		// Two-character county names need context: 和县 here is "and county".
		{"省、市和县三级联动", Places{}},
		// A county's short form alone is a word, not a place: 万年 (ten thousand years).
		{"万年不变", Places{}},
		// 孙中山 is not 中山市.
		{"孙中山先生", Places{}},
		{"内蒙古自治区和延边朝鲜族自治州", Places{[]string{"内蒙古自治区", "吉林省"}, []string{"延边朝鲜族自治州"}, nil}},
	} {
		if got := g.Find(c.text); !placesEqual(got, c.want) {
			t.Errorf("Find(%q) = %+v, want %+v", c.text, got, c.want)
		}
	}
}

func placesEqual(a, b Places) bool {
	return slices.Equal(a.Provinces, b.Provinces) && slices.Equal(a.Cities, b.Cities) && slices.Equal(a.Counties, b.Counties)
}

func TestOrgs(t *testing.T) {
	g := gaz(t)
	// o is "name|surface|kind"; surface "" means the name as written.
	o := func(spec string) Org {
		f := strings.Split(spec, "|")
		for len(f) < 3 {
			f = append(f, "")
		}
		if f[1] == "" {
			f[1] = f[0]
		}
		return Org{Name: f[0], Surface: f[1], Kind: f[2]}
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"近年来，江西省万年县工商联按照", []string{"万年县工商联"}},
		{"3月29日，深圳市万年商会召开", []string{"深圳市万年商会||万年商会"}},
		{"2日，万年县女企业家商会开展", []string{"万年县女企业家商会||女企业家商会"}},
		{"今年以来,安徽省工商联深入贯彻", []string{"安徽省工商联"}},
		{"负责人为全国工商联十三次全国代表大会", []string{"全国工商联"}},
		{"山东省临沂市郯城县工商联", []string{"郯城县工商联"}},
		{"中华全国工商业联合会", []string{"全国工商联|中华全国工商业联合会"}}, // the alias table's canonical name
		{"4月26日，深圳跨境电商商会举行", []string{"深圳市跨境电子商务商会|深圳跨境电商商会|跨境电子商务商会"}},
		{"广东省深圳市跨境电子商务商会", []string{"深圳市跨境电子商务商会||跨境电子商务商会"}},
		// One chamber, three spellings: one name, each kind once.
		{"深圳跨境电商商会与深圳市跨境电子商务商会即深圳市跨境电商商会", []string{"深圳市跨境电子商务商会|深圳跨境电商商会|跨境电子商务商会"}},
		{"临沂市郯城商会", []string{"临沂市郯城商会"}},
		{"香港中华总商会组团访问大湾区", []string{"香港中华总商会||中华总商会"}},
		{"香港中華廠商聯合會", nil}, // traditional script: names are read in normalized text
		{"香港中华厂商联合会会长", []string{"香港中华厂商联合会||中华厂商联合会"}},
		{"澳门中华总商会", []string{"澳门中华总商会||中华总商会"}},
		{"台湾区电机电子工业同业公会发布", []string{"台湾区电机电子工业同业公会||区电机电子工业同业公会"}},
		{"上海郯城商会", []string{"上海郯城商会||郯城商会"}},
		{"泉州市现有市级商会62家", nil},
		{"安徽工商联召开", []string{"安徽省工商联|安徽工商联"}},
		{"上海工商联与上海郯城商会", []string{"上海市工商联|上海工商联", "上海郯城商会||郯城商会"}},
		{"全县现有县级商会18家", nil},
		{"温州市第六次海外温州商会大会", []string{"海外温州商会"}},
		{"长沙县民营经济促进会", []string{"长沙县民营经济促进会||民营经济促进会"}},
		{"泉州市异地商会联合会", []string{"泉州市异地商会联合会||异地商会联合会"}},
		{"与长沙县残疾人联合会共建", []string{"长沙县残疾人联合会||残疾人联合会"}},
		{"东莞台商协会举办联谊会", []string{"东莞市台商协会|东莞台商协会|台商协会"}},
		// The place must be a word of the name (word boundaries from the
		// segmenter and place_words.txt).
		{"新乡贤商会成立大会", []string{"新乡贤商会"}},                   // no 新乡市贤商会
		{"郯城县新乡贤商会召开会议", []string{"郯城县新乡贤商会||新乡贤商会"}},      // 新乡 inside the kind
		{"临沂商城商会换届", []string{"临沂商城商会"}},                   // not 临沂市商城商会
		{"浙江义乌小商品城商会会长", []string{"浙江义乌小商品城商会||义乌小商品城商会"}}, // the market, not 义乌市
		{"全新乡镇商会模式", nil},                                  // 新乡 starts inside 全新
		{"潮州商会会长", []string{"潮州市商会|潮州商会"}},                 // place then suffix
		{"泉州晋江商会", []string{"泉州市晋江商会|泉州晋江商会"}},             // a short county name keeps its city
		// No place: a sentence, not a name.
		{"党中央决策部署，打造商会组织", nil},
		{"获评全省‘四好商会’", nil},
		// A function word between place and suffix: not a name.
		{"江西省领导和商会代表", nil},
		// A count or a verb between place and suffix: not a name.
		{"龙口市、东海县和尚志市五地工商联", nil},
		{"推动济南、北京两地郯城商会", nil},
		{"山东郯城县擦亮商会建设品牌", nil},
	} {
		var want []Org
		for _, w := range c.want {
			want = append(want, o(w))
		}
		if got := g.Organizations(c.text); !slices.Equal(got, want) {
			t.Errorf("Organizations(%q) =\n  %+v, want\n  %+v", c.text, got, want)
		}
	}
}

func TestShortForm(t *testing.T) {
	for _, c := range []struct {
		name  string
		level Level
		want  string
	}{
		{"万年县", County, "万年"}, {"延边朝鲜族自治州", City, "延边"}, {"长阳土家族自治县", County, "长阳"},
		{"博尔塔拉蒙古自治州", City, "博尔塔拉"}, {"广西壮族自治区", Province, "广西"}, {"神农架林区", County, "神农架"},
		{"双江拉祜族佤族布朗族傣族自治县", County, "双江"}, {"鄂温克族自治旗", County, ""},
	} {
		if got := shortForm(c.name, c.level); got != c.want {
			t.Errorf("shortForm(%s) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{"11", "1101\t北京", "11\t北京市\n123\tx", "# only a comment\n"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}

// FuzzEntities: places, places about and organizations of any text are
// well formed, and a body's places about are among those it mentions.
func FuzzEntities(f *testing.F) {
	for _, s := range []string{"江西省万年县工商联", "深圳市万年商会", "商会", "全国工商联", "长沙市长沙县"} {
		f.Add(s)
	}
	g, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, orgs := g.Find(s), g.Orgs(s)
		about := g.About("", s)
		for _, prov := range about.Provinces {
			if !slices.Contains(p.Provinces, prov) {
				t.Fatalf("about %s, not among the provinces mentioned %v in %q", prov, p.Provinces, s)
			}
		}
		if len(about.Provinces) > 1 || len(about.Cities) > 1 || len(about.Counties) > 1 {
			t.Fatalf("about more than one place: %+v", about)
		}
		for _, o := range orgs {
			if o == "" {
				t.Fatalf("empty organization from %q", s)
			}
		}
		if len(p.Counties) > 0 && len(p.Provinces) == 0 {
			t.Fatalf("county without province from %q: %+v", s, p)
		}
	})
}

func BenchmarkPlacesAndOrgs(b *testing.B) {
	g, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("近年来，江西省万年县工商联按照“六新”工作思路，不断推动全县营商环境优化、向好。深圳市万年商会和长沙县工商联开展活动，服务民营企业。", 10)
	b.SetBytes(int64(len(text)))
	g.Orgs(text) // loads the segmenter (seconds) outside the measurement
	for b.Loop() {
		g.About("", text)
		g.Orgs(text)
	}
}

// TestAboutPlaceWords: a place name that begins a word of an
// organization's name is not evidence of that place.
func TestAboutPlaceWords(t *testing.T) {
	g := gaz(t)
	for _, c := range []struct {
		title, body    string
		province, city string
	}{
		{"新乡贤商会成立", "会上，新乡贤商会选举产生首届理事会。", "", ""},
		{"郯城县新乡贤商会召开会议", "12日，郯城县新乡贤商会召开一届二次会议。", "山东省", "临沂市"},
		{"瑞安市新乡贤商会成立", "浙江省瑞安市新乡贤商会成立大会召开。", "浙江省", "温州市"},
		{"临沂商城商会换届", "临沂商城商会第三届会员大会召开，临沂市工商联领导出席。", "山东省", "临沂市"},
	} {
		p := g.About(c.title, c.body)
		var prov, city string
		if len(p.Provinces) > 0 {
			prov = p.Provinces[0]
		}
		if len(p.Cities) > 0 {
			city = p.Cities[0]
		}
		if prov != c.province || city != c.city {
			t.Errorf("About(%q) = %s %s, want %s %s", c.title, prov, city, c.province, c.city)
		}
	}
}
