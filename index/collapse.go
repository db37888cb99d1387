package index

// Collapse keeps one hit per duplicate cluster, at the rank of its best
// member: the cluster's head (the document whose ID is the cluster's)
// when it matched, else the best member. key returns a hit's ID and
// cluster ("" outside clusters); promote returns the head put in the place
// of the better-ranked member (a backend carries the rank's score over).
// With off set every hit is kept.
func Collapse[H any](hits []H, off bool, key func(H) (id, cluster string), promote func(head, best H) H) []H {
	at := map[string]int{}
	var out []H
	for _, h := range hits {
		id, c := key(h)
		if c == "" || off {
			out = append(out, h)
			continue
		}
		if i, ok := at[c]; ok {
			if id == c {
				out[i] = promote(h, out[i])
			}
			continue
		}
		at[c] = len(out)
		out = append(out, h)
	}
	return out
}
