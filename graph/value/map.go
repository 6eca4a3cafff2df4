package value

// Map is an insertion-ordered map whose keys may be any Gremlin value (vertices, lists,
// maps). Keys are equal when Equal says so: 1 (Int) and 1L (Long) are the same key.
type Map struct {
	keys   []any
	values []any
	index  map[string]int
}

// NewMap returns an empty map with room for n entries.
func NewMap(n int) *Map {
	return &Map{keys: make([]any, 0, n), values: make([]any, 0, n), index: make(map[string]int, n)}
}

// Len is the number of entries.
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return len(m.keys)
}

// Put sets key to val, keeping the key's first position when it exists.
func (m *Map) Put(key, val any) {
	k := Key(key)
	if i, ok := m.index[k]; ok {
		m.values[i] = val
		return
	}
	m.index[k] = len(m.keys)
	m.keys = append(m.keys, key)
	m.values = append(m.values, val)
}

// Get returns the value stored under key.
func (m *Map) Get(key any) (any, bool) {
	if m == nil {
		return nil, false
	}
	i, ok := m.index[Key(key)]
	if !ok {
		return nil, false
	}
	return m.values[i], true
}

// Delete removes key, keeping the order of the others.
func (m *Map) Delete(key any) {
	k := Key(key)
	i, ok := m.index[k]
	if !ok {
		return
	}
	m.keys = append(m.keys[:i], m.keys[i+1:]...)
	m.values = append(m.values[:i], m.values[i+1:]...)
	delete(m.index, k)
	for j := i; j < len(m.keys); j++ {
		m.index[Key(m.keys[j])] = j
	}
}

// Keys returns the keys in insertion order. The slice must not be modified.
func (m *Map) Keys() []any {
	if m == nil {
		return nil
	}
	return m.keys
}

// Values returns the values in key order. The slice must not be modified.
func (m *Map) Values() []any {
	if m == nil {
		return nil
	}
	return m.values
}

// Range calls fn for each entry in order until fn returns false.
func (m *Map) Range(fn func(k, v any) bool) {
	if m == nil {
		return
	}
	for i := range m.keys {
		if !fn(m.keys[i], m.values[i]) {
			return
		}
	}
}

// Clone returns a shallow copy.
func (m *Map) Clone() *Map {
	c := NewMap(m.Len())
	m.Range(func(k, v any) bool { c.Put(k, v); return true })
	return c
}
