package corpus

import (
	"slices"
	"testing"
)

func TestKinds(t *testing.T) {
	if got, want := Kinds(), []string{KindMoney, KindCount, KindQuantity, KindPercent, KindDuration, KindDate}; !slices.Equal(got, want) {
		t.Errorf("Kinds() = %v, want %v", got, want)
	}
	if got, want := IndexedKinds(), []string{KindMoney, KindCount, KindQuantity, KindPercent, KindDuration}; !slices.Equal(got, want) {
		t.Errorf("IndexedKinds() = %v, want %v", got, want)
	}
	for _, tt := range []struct {
		name         string
		kind, search bool
	}{{"money", true, true}, {"date", true, false}, {"gold", false, false}, {"", false, false}} {
		if IsKind(tt.name) != tt.kind || IsIndexedKind(tt.name) != tt.search {
			t.Errorf("%q: IsKind %v IsIndexedKind %v, want %v %v", tt.name, IsKind(tt.name), IsIndexedKind(tt.name), tt.kind, tt.search)
		}
	}
}
