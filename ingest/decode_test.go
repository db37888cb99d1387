package ingest

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func encode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode fixture: %v", err)
	}
	return b
}

// page wraps body in an HTML page whose head holds extraHead.
func page(extraHead, body string) string {
	return "<html><head>" + extraHead + "<title>test</title></head><body><p>" + body + "</p></body></html>"
}

type decodeCase struct {
	name        string
	data        []byte
	contentType string
	want        string // decoded text, without the BOM
	charset     string
}

func TestDecode(t *testing.T) {
	simp := readFixture(t, "simplified.txt")
	trad := readFixture(t, "traditional.txt")
	longHead := "<style>" + strings.Repeat("p { margin: 0 } ", 200) + "</style>" // pushes <meta> past byte 1024
	tests := []decodeCase{
		{"UTF-8 without declaration", []byte(simp), "", simp, CharsetUTF8},
		{"GB18030 without declaration", encode(t, simplifiedchinese.GB18030, simp), "", simp, CharsetGB18030},
		{"GBK without declaration", encode(t, simplifiedchinese.GBK, simp), "", simp, CharsetGB18030},
		{"Big5 without declaration", encode(t, traditionalchinese.Big5, trad), "", trad, CharsetBig5},
		{"traditional text in GB18030", encode(t, simplifiedchinese.GB18030, trad), "", trad, CharsetGB18030},
		{"charset from the HTTP header", encode(t, simplifiedchinese.GBK, simp), "text/plain; charset=GBK", simp, CharsetGB18030},
		{"Big5 from the HTTP header", encode(t, traditionalchinese.Big5, trad), `text/html; charset="big5"`, trad, CharsetBig5},
		{"UTF-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, simp...), "", simp, CharsetUTF8},
		{"UTF-16LE BOM", encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), simp), "", simp, CharsetUTF16LE},
		{"UTF-16BE BOM", encode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), trad), "", trad, CharsetUTF16BE},
		{"BOM beats the header", append([]byte{0xEF, 0xBB, 0xBF}, simp...), "text/plain; charset=big5", simp, CharsetUTF8},
	}
	for _, p := range []struct{ name, head, body, charset string }{
		{"meta charset gb2312 past byte 1024", longHead + `<meta charset="gb2312">`, simp, CharsetGB18030},
		{"meta http-equiv big5", `<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=BIG5">`, trad, CharsetBig5},
	} {
		enc := simplifiedchinese.GB18030
		if p.charset == CharsetBig5 {
			enc = traditionalchinese.Big5
		}
		html := page(p.head, p.body)
		tests = append(tests, decodeCase{p.name, encode(t, enc, html), "", html, p.charset})
	}
	mislabelled := page(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, simp)
	tests = append(tests, decodeCase{"declares gb2312, is UTF-8", []byte(mislabelled), "", mislabelled, CharsetUTF8},
		decodeCase{"header says UTF-8, is GBK", encode(t, simplifiedchinese.GBK, simp), "text/html; charset=utf-8", simp, CharsetGB18030},
		decodeCase{"unknown label falls through to the sniff", encode(t, traditionalchinese.Big5, trad), "text/html; charset=x-unknown", trad, CharsetBig5},
	)
	// One broken byte in a page is no reason to doubt its declaration, even
	// when another charset happens to decode without errors.
	stray := append(encode(t, simplifiedchinese.GBK, page(`<meta charset="gbk">`, simp)), 0xFF)
	if text, cs, err := Decode(stray, ""); err != nil || cs != CharsetGB18030 || !strings.Contains(text, simp) {
		t.Errorf("GBK page with a stray byte: %s, %v", cs, err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, cs, err := Decode(tc.data, tc.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if cs != tc.charset {
				t.Errorf("charset %q, want %q", cs, tc.charset)
			}
			if text != tc.want {
				t.Errorf("text differs:\n got %.80q\nwant %.80q", text, tc.want)
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 3}, 100)...)
	controls := bytes.Repeat([]byte{0x01, 0x02, 0x1b, 'a'}, 300)
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"PNG image", png, ErrBinary},
		{"control characters without NUL", controls, ErrBinary},
	}
	for _, tc := range tests {
		if _, _, err := Decode(tc.data, ""); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("工商联"), "")
	f.Add([]byte{0xB9, 0xA4, 0xC9, 0xCC}, "text/html; charset=gbk")
	f.Add([]byte(`<meta charset="big5">`+"\xa4\xa4"), "")
	f.Add([]byte{0xFF, 0xFE, 'a'}, "")
	f.Add([]byte{0xFE, 0xFF, 0x00}, "")
	f.Add([]byte("<?xml version='1.0' encoding='gb2312'?>\xb9"), "text/xml; charset=")
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		text, cs, err := Decode(data, contentType)
		if err == nil && cs == "" {
			t.Errorf("no charset reported for %q", data)
		}
		if err == nil && !strings.ContainsRune(text, '\uFFFD') && !utf8ValidString(text) {
			t.Errorf("Decode returned invalid UTF-8")
		}
	})
}

func utf8ValidString(s string) bool { return strings.ToValidUTF8(s, "") == s }

// BenchmarkDecodeSniff decodes a 4 MB GBK text that declares nothing, the
// slowest path: three trial decodings and the common-character share.
func BenchmarkDecodeSniff(b *testing.B) {
	text := strings.Repeat(readFixture(b, "simplified.txt"), 4<<20/1500)
	data := encode(b, simplifiedchinese.GBK, text)
	b.SetBytes(int64(len(data)))
	for range b.N {
		if _, cs, err := Decode(data, ""); err != nil || cs != CharsetGB18030 {
			b.Fatalf("Decode: %s, %v", cs, err)
		}
	}
}
