package bleveindex

import (
	segapi "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
	"golang.org/x/sys/unix"
)

// releasePages tells the kernel that a merge is done reading seg's mapped
// file: its pages leave the process's resident set (they stay in the page
// cache, and a later read maps them again). The builder keeps every
// segment of a merge open until the whole merge returns; without this a
// merge tree would hold all of them resident at once.
func releasePages(seg segapi.Segment) {
	if zs, ok := seg.(*zap.Segment); ok && len(zs.Data()) > 0 {
		_ = unix.Madvise(zs.Data(), unix.MADV_DONTNEED) // advice: on failure the pages simply stay
	}
}
