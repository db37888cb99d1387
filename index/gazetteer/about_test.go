package gazetteer

import (
	"reflect"
	"testing"
)

// TestAboutShapes checks About on the shapes of story README's "places
// about" defines, one short text each.
func TestAboutShapes(t *testing.T) {
	g := gaz(t)
	prov := func(p string) Places { return Places{Provinces: []string{p}} }
	city := func(p, c string) Places { return Places{Provinces: []string{p}, Cities: []string{c}} }
	for _, c := range []struct {
		name, title, body string
		want              Places
	}{
		{"a visit is about the place visited", "南昌市工商联组团赴杭州考察",
			"5月8日，南昌市工商联组织企业家赴杭州考察数字经济。\n南昌市工商联主席带队。", city("浙江省", "杭州市")},
		{"a delegation's home is no evidence", "合肥市工商联代表团来我市交流",
			"合肥市工商联代表团一行12人来我市交流，芜湖市工商联主席陪同。", city("安徽省", "芜湖市")},
		{"the dateline's place", "两岸企业家座谈",
			"【记者台中报导】厦门市工商联参访团昨日与台中市进出口商业同业公会座谈。", city("台湾省", "台中市")},
		{"a chamber of origin is where it is seated", "深圳江西商会召开理事会",
			"深圳江西商会在深圳召开理事会，江西省工商联负责人出席。", city("广东省", "深圳市")},
		{"a chamber of origin going home", "深圳江西商会组织会员回乡",
			"深圳江西商会组织会员回到南昌，考察南昌高新区。", city("江西省", "南昌市")},
		{"province-wide, held in the capital", "全省工商联系统培训班在长沙举办",
			"湖南省工商联在长沙举办全省工商联系统培训班。", prov("湖南省")},
		{"a county's award from the province is no province-wide story", "万年县工商联获评全省先进",
			"江西省万年县工商联获评全省“四好”商会。", Places{Provinces: []string{"江西省"}, Cities: []string{"上饶市"}, Counties: []string{"万年县"}}},
		{"cities in passing", "河南省工商联发布民营企业百强",
			"河南省工商联发布百强榜单，郑州、洛阳、新乡三市企业居多。", prov("河南省")},
		{"two cities acting together", "福州厦门两市工商联签署合作协议",
			"福州市工商联与厦门市工商联签署合作协议，两市商会结对。",
			Places{Provinces: []string{"福建省"}, Cities: []string{"福州市", "厦门市"}}},
		{"two cities acting together at one venue", "福州厦门两市工商联签署合作协议",
			"福州市工商联与厦门市工商联在厦门签署合作协议，两市商会结对。", city("福建省", "厦门市")},
		{"a zone names its city", "澳门企业参访横琴",
			"澳门中华总商会组织企业参访横琴，珠海市工商联介绍政策。", Places{Provinces: []string{"广东省"}, Cities: []string{"珠海市"}, Counties: []string{"香洲区"}}},
	} {
		if got := g.About(c.title, c.body); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: About(%q) = %+v, want %+v", c.name, c.title, got, c.want)
		}
	}
}

func TestParseAboutWordsErrors(t *testing.T) {
	for _, bad := range []string{"venue_before\n", "where 在\n", "venue_before 在\n"} {
		if _, err := parseAboutWords(bad); err == nil {
			t.Errorf("parseAboutWords(%q) succeeded", bad)
		}
	}
	if _, err := parseAboutWords(aboutWordsText); err != nil {
		t.Errorf("the embedded about_words.txt: %v", err)
	}
}
