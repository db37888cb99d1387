package extracteval

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fednews/fednews/ingest"
)

// TestFixturesCombined runs the team-written page-type fixtures of
// ingest/testdata through the combination with go-trafilatura registered
// (the ingest tests run goquery alone): the second extractor must not undo
// the page type or pull in what the first post or article leaves out.
func TestFixturesCombined(t *testing.T) {
	tests := []struct {
		file     string
		pageType ingest.PageType
		prefix   string
		absent   string
	}{
		{"forum_replies.html", ingest.PageForum, "今年的减税政策覆盖面更广", "感谢楼主分享"},
		{"blog_entries.html", ingest.PageBlog, "上周商会组织了二十多家会员企业去邻县考察", "粽子"},
		{"wiki_toc.html", ingest.PageWiki, "工商业联合会，简称工商联", "本词条由网友共同编辑"},
		{"news_comments.html", ingest.PageArticle, "3月14日，县工商联召开民营企业座谈会", "贷款贴息"},
		{"list_index.html", ingest.PageList, "", ""},
	}
	now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range tests {
		page, err := os.ReadFile(filepath.Join("..", "testdata", "pages", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		a, err := ingest.ExtractArticle(page, "", ingest.ExtractOptions{Now: now})
		if tc.pageType == ingest.PageList {
			if !errors.Is(err, ingest.ErrNotArticle) || a.PageType != ingest.PageList {
				t.Errorf("%s: %v, page type %q; want not an article", tc.file, err, a.PageType)
			}
			continue
		}
		if err != nil || a.PageType != tc.pageType || !strings.HasPrefix(a.Text, tc.prefix) || strings.Contains(a.Text, tc.absent) {
			t.Errorf("%s: err %v, page type %q (want %q), extractor %s, text:\n%s", tc.file, err, a.PageType, tc.pageType, a.Extractor, a.Text)
		}
	}
}
