package zh

import (
	"fmt"
	"strings"
)

var stepNames = []struct {
	step Steps
	name string
}{{StepWidth, "width"}, {StepPinyin, "pinyin"}, {StepT2S, "t2s"}}

// ParseSteps parses a comma-separated list of step names (width, pinyin,
// t2s), as the normalize command's --steps flag takes them.
func ParseSteps(s string) (Steps, error) {
	var steps Steps
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		found := false
		for _, sn := range stepNames {
			if f == sn.name {
				steps |= sn.step
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("unknown normalization step %q (want width, pinyin or t2s)", f)
		}
	}
	return steps, nil
}

// String lists the steps as ParseSteps reads them.
func (s Steps) String() string {
	var names []string
	for _, sn := range stepNames {
		if s&sn.step != 0 {
			names = append(names, sn.name)
		}
	}
	return strings.Join(names, ",")
}
