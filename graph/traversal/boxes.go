package traversal

// stringBoxes hands out interface values holding strings, reusing the one made for the
// same string at the same position of the previous map built: the successive elements of a
// traversal mostly have the same label and property keys in the same order, and boxing a
// string allocates. A boxed string is immutable, so maps may share it. The first map of a
// run remembers nothing, so that a run building one map pays nothing for the cache.
type stringBoxes struct {
	maps  int // maps begun
	strs  []string
	boxes []any
}

// maxStringBoxes bounds the positions remembered.
const maxStringBoxes = 64

// begin starts a map.
func (c *stringBoxes) begin() { c.maps++ }

// box returns s as an interface value, the one of position i when it holds s.
func (c *stringBoxes) box(i int, s string) any {
	if i < len(c.boxes) && c.boxes[i] != nil && c.strs[i] == s {
		return c.boxes[i]
	}
	var b any = s
	if c.maps > 1 && i < maxStringBoxes {
		for len(c.boxes) <= i {
			c.strs, c.boxes = append(c.strs, ""), append(c.boxes, nil)
		}
		c.strs[i], c.boxes[i] = s, b
	}
	return b
}
