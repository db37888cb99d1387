package corpus

// KindInfo describes one figure kind: the one table the index mapping,
// the query language, the search help and the export columns read.
type KindInfo struct {
	Name string
	// Indexed says the kind's values are searchable as a numeric field of
	// the same name (money:>=1亿); dates are searched by published:.
	Indexed bool
	// Example is a query the help shows (empty: none).
	Example string
	// Doc says what a query on the field matches.
	Doc string
}

// FigureKinds are the figure kinds, in the order help and docs list them.
var FigureKinds = []KindInfo{
	{KindMoney, true, "money:>=1亿", "a money figure in CNY (>=1亿)"},
	{KindCount, true, "count:>=100", "a count (>=100)"},
	{KindQuantity, true, "", "a quantity"},
	{KindPercent, true, "percent:>50", "a percentage (>50)"},
	{KindDuration, true, "", "a duration"},
	{KindDate, false, "", "a date"},
}

// Kinds returns the names of every figure kind.
func Kinds() []string {
	out := make([]string, len(FigureKinds))
	for i, k := range FigureKinds {
		out[i] = k.Name
	}
	return out
}

// IndexedKinds returns the names of the kinds searchable by value.
func IndexedKinds() []string {
	var out []string
	for _, k := range FigureKinds {
		if k.Indexed {
			out = append(out, k.Name)
		}
	}
	return out
}

// IsKind reports whether name is a figure kind.
func IsKind(name string) bool { return kindInfo(name) != nil }

// IsIndexedKind reports whether name is a kind searchable by value.
func IsIndexedKind(name string) bool {
	k := kindInfo(name)
	return k != nil && k.Indexed
}

func kindInfo(name string) *KindInfo {
	for i := range FigureKinds {
		if FigureKinds[i].Name == name {
			return &FigureKinds[i]
		}
	}
	return nil
}
