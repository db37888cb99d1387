package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// ErrBinary is returned by Decode for data that is not text.
var ErrBinary = errors.New("binary data, not text")

// ErrEmpty is returned by Decode for empty data.
var ErrEmpty = errors.New("empty input")

// Charset names Decode reports for the encodings Chinese sites use.
const (
	CharsetUTF8    = "utf-8"
	CharsetGB18030 = "gb18030" // also GBK and GB2312, which it extends
	CharsetBig5    = "big5"
	CharsetUTF16LE = "utf-16le"
	CharsetUTF16BE = "utf-16be"
)

// Decode returns data as UTF-8 text and the charset it was decoded from.
// contentType is the HTTP Content-Type header, or "" for a file.
//
// The charset comes from, in order: the charset parameter of contentType,
// a byte-order mark, a <meta charset> or <meta http-equiv> declaration (or
// an XML declaration) anywhere in the document head, and last a statistical
// sniff among UTF-8, GB18030 and Big5. A declaration loses to the sniff when
// decoding with it yields replacement characters and another candidate
// decodes cleanly, because sites mislabel pages (a page declaring gb2312
// while serving UTF-8). GBK and GB2312 are decoded as GB18030, their
// superset.
func Decode(data []byte, contentType string) (text, charset string, err error) {
	if len(data) == 0 {
		return "", "", ErrEmpty
	}
	if name, enc, n := bomEncoding(data); enc != nil {
		text, err := enc.NewDecoder().String(string(data[n:]))
		if err != nil {
			return "", "", fmt.Errorf("decode %s: %w", name, err)
		}
		return text, name, checkText(text)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", "", ErrBinary
	}
	var declared []string
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		declared = append(declared, params["charset"])
	}
	declared = append(declared, declaredInHead(data)...)
	for _, label := range declared {
		name, enc := lookupCharset(label)
		if enc == nil {
			continue // unknown label: try the next declaration
		}
		c := decodeWith(data, name, enc)
		if c.bad == 0 {
			return c.text, c.name, checkText(c.text)
		}
		best := sniff(data)
		if best.bad == 0 && best.name != c.name {
			return best.text, best.name, checkText(best.text)
		}
		if best.bad < c.bad {
			c = best
		}
		return c.text, c.name, checkText(c.text)
	}
	best := sniff(data)
	return best.text, best.name, checkText(best.text)
}

// checkText rejects decoded text that is mostly control characters: data
// without NUL bytes that is still not text.
func checkText(text string) error {
	ctrl, n := 0, 0
	for _, r := range text {
		n++
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			ctrl++
		}
		if n == 1<<16 {
			break
		}
	}
	if ctrl*10 > n {
		return ErrBinary
	}
	return nil
}

func bomEncoding(data []byte) (string, encoding.Encoding, int) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return CharsetUTF8, encoding.Nop, 3
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return CharsetUTF16LE, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), 2
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return CharsetUTF16BE, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), 2
	case bytes.HasPrefix(data, []byte{0x84, 0x31, 0x95, 0x33}):
		return CharsetGB18030, simplifiedchinese.GB18030, 4
	}
	return "", nil, 0
}

var (
	metaCharset = regexp.MustCompile(`(?is)<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)
	xmlEncoding = regexp.MustCompile(`(?is)^\s*<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_:.\-]+)`)
	headEnd     = regexp.MustCompile(`(?i)</head\s*>|<body[\s>]`)
)

// declaredInHead returns the charsets the document declares in its head,
// in document order. All the encodings in question are ASCII-compatible,
// so the markup can be searched before decoding.
func declaredInHead(data []byte) []string {
	head := data
	if loc := headEnd.FindIndex(data); loc != nil {
		head = data[:loc[0]]
	} else if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	var out []string
	if m := xmlEncoding.FindSubmatch(head); m != nil {
		out = append(out, string(m[1]))
	}
	for _, m := range metaCharset.FindAllSubmatch(head, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// lookupCharset maps a declared label to the encoding to decode with and
// the name Decode reports; GB2312 and GBK pages are decoded as GB18030
// (their superset: pages labelled gb2312 routinely use GBK characters), and
// Big5 variants as Big5.
func lookupCharset(label string) (string, encoding.Encoding) {
	l := strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	switch l {
	case "utf-8", "utf8", "unicode-1-1-utf-8":
		return CharsetUTF8, encoding.Nop
	case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "csgb2312", "chinese", "iso-ir-58", "gb_2312-80":
		return CharsetGB18030, simplifiedchinese.GB18030
	case "big5", "big5-hkscs", "x-x-big5", "cn-big5", "csbig5", "cp950":
		return CharsetBig5, traditionalchinese.Big5
	}
	enc, err := htmlindex.Get(l)
	if err != nil {
		return "", nil
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return "", nil
	}
	if name == "utf-16le" || name == "utf-16be" {
		// Without a BOM a UTF-16 declaration in ASCII markup is a lie (the
		// HTML standard treats it as UTF-8).
		return CharsetUTF8, encoding.Nop
	}
	return name, enc
}

// candidate is data decoded with one charset, with the measures the sniff
// compares.
type candidate struct {
	name   string
	text   string
	bad    int     // U+FFFD produced by invalid input
	common float64 // share of Han characters that are among the most frequent
}

func decodeWith(data []byte, name string, enc encoding.Encoding) candidate {
	var text string
	if enc == encoding.Nop {
		text = strings.ToValidUTF8(string(data), "\uFFFD")
	} else {
		// x/text decoders replace invalid input with U+FFFD rather than
		// failing, so the error is always nil here.
		text, _ = enc.NewDecoder().String(string(data))
	}
	c := candidate{name: name, text: text}
	c.bad = strings.Count(text, "\uFFFD") - bytes.Count(data, []byte("\uFFFD"))
	if c.bad < 0 {
		c.bad = 0
	}
	// The share of common characters is stable after a few thousand Han
	// characters; sampling keeps sniffing a large page linear and cheap.
	han, common := 0, 0
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			han++
			if _, ok := commonSet[r]; ok {
				common++
			}
			if han == 1<<14 {
				break
			}
		}
	}
	if han > 0 {
		c.common = float64(common) / float64(han)
	}
	return c
}

// sniff decodes data as UTF-8, GB18030 and Big5 and keeps the most
// plausible: valid UTF-8 wins outright (GB and Big5 text almost never is),
// then fewest replacement characters, then the largest share of common
// Chinese characters (GB text decoded as Big5, or the reverse, decodes
// without errors into rare characters).
func sniff(data []byte) candidate {
	if utf8.Valid(data) {
		return candidate{name: CharsetUTF8, text: string(data)}
	}
	best := decodeWith(data, CharsetUTF8, encoding.Nop)
	for _, c := range []candidate{
		decodeWith(data, CharsetGB18030, simplifiedchinese.GB18030),
		decodeWith(data, CharsetBig5, traditionalchinese.Big5),
	} {
		if better(c, best) {
			best = c
		}
	}
	return best
}

// better reports whether a is a more plausible decoding than b. A few
// replacement characters are tolerated when the share of common characters
// shows the right encoding (pages often contain a stray broken byte).
func better(a, b candidate) bool {
	const slack = 0.15
	switch {
	case a.common > b.common+slack && a.bad <= b.bad+3:
		return true
	case b.common > a.common+slack && b.bad <= a.bad+3:
		return false
	case a.bad != b.bad:
		return a.bad < b.bad
	}
	return a.common > b.common
}

var commonSet = func() map[rune]struct{} {
	m := make(map[rune]struct{}, len(commonHan)/3)
	for _, r := range commonHan {
		m[r] = struct{}{}
	}
	return m
}()

// commonHan holds the most frequent Chinese characters in simplified and
// traditional forms; their share among a text's Han characters separates a
// right decoding from a wrong one.
const commonHan = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处世车" +
	"這爲個國時來們於對會發動過說產種後學經進著電裏實兩體機當點從業應開還義與關間樣線內數麼質氣變條沒結問無軍題黨員總設長頭資邊級圖統較將組見計別論運農幾區強決幹戰則據處車為裡"
