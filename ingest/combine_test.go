package ingest

import (
	"strings"
	"testing"
)

// TestChoose: which extractor's text wins, by the evidence choose weighs.
func TestChoose(t *testing.T) {
	const (
		p1 = "县工商联召开民营企业座谈会，二十余家会员企业负责人参加，围绕融资、用工和市场开拓等问题交流意见。"
		p2 = "企业家们反映了贷款审批周期长、技术工人招聘难等问题，县工商联将把意见梳理成清单逐项转交办理。"
		p3 = "据介绍，今年县工商联计划组织四场银企对接会，并联合职业学校开设订单班，帮助企业解决用工难题。"
		p4 = "在组织结构方面，工商联设全国、省、市、县四级组织，各级组织下设若干行业商会和异地商会。"
	)
	title := "县工商联召开民营企业座谈会"
	tests := []struct {
		name          string
		ours, theirs  []string
		wantExtractor string
	}{
		{"the two agree", []string{p1, p2, p3}, []string{p1, p2, p3 + "完。"}, ExtractorGoquery},
		{"theirs has no running text", []string{p1}, []string{"首页 新闻"}, ExtractorGoquery},
		{"ours empty", nil, []string{p1, p2}, ExtractorTrafilatura},
		{"ours only a menu", []string{"首页"}, []string{p1, p2}, ExtractorTrafilatura},
		{"theirs continues ours past a section break", []string{p1}, []string{p1, p4}, ExtractorTrafilatura},
		{"theirs adds the page header", []string{p1, p2}, []string{title + " 2024-03-15 来源：清河日报 " + p1 + p2 + p3}, ExtractorGoquery},
		{"theirs many times ours", []string{p1}, []string{p1, p2, p3, p4, p2 + p3, p4 + p1}, ExtractorGoquery},
		{"ours adds furniture", []string{p1, p2, "相关新闻", "上一篇", "下一篇", "返回首页", "打印本页", "关闭窗口", "分享到", "网友评论",
			"清河网友", "小李", "老张", "相关链接", "主办单位：清河县融媒体中心", "版权所有"}, []string{p1, p2}, ExtractorTrafilatura},
		{"ours adds running text", []string{p1, p2, p3, p4}, []string{p1}, ExtractorGoquery},
	}
	for _, tc := range tests {
		got, ex, _ := choose(tc.ours, tc.theirs, title, 0)
		want := tc.ours
		if tc.wantExtractor == ExtractorTrafilatura {
			want = tc.theirs
		}
		if ex != tc.wantExtractor || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: chose %s %q, want %s", tc.name, ex, got, tc.wantExtractor)
		}
	}
}
