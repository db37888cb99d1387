package index

import "unicode"

// Fold is the case folding applied to indexed text and to queries alike.
func Fold(s string) string {
	for _, r := range s {
		if unicode.ToLower(r) != r {
			b := make([]rune, 0, len(s))
			for _, r := range s {
				b = append(b, unicode.ToLower(r))
			}
			return string(b)
		}
	}
	return s
}
