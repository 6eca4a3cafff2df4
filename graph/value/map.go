package value

import (
	"strconv"
	"strings"
)

// Map is an insertion-ordered map whose keys may be any Gremlin value (vertices, lists,
// maps). Keys are equal when Equal says so: 1 (Int) and 1L (Long) are the same key.
// Small maps (the common valueMap/elementMap/project results) are searched linearly;
// a hash index over Key is built once a map grows past smallMap entries.
type Map struct {
	keys   []any
	values []any
	index  map[any]int
}

// smallMap is the size up to which a Map is searched without an index.
const smallMap = 8

// NewMap returns an empty map with room for n entries.
func NewMap(n int) *Map {
	return &Map{keys: make([]any, 0, n), values: make([]any, 0, n)}
}

// sameKey is Equal with fast paths for the key types maps hold most.
func sameKey(a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		if ok {
			return x == y
		}
		if _, isT := b.(T); isT {
			return false
		}
	case T:
		y, ok := b.(T)
		if ok {
			return x == y
		}
		if _, isS := b.(string); isS {
			return false
		}
	}
	return Equal(a, b)
}

// find returns the position of key, or -1.
func (m *Map) find(key any) int {
	if m.index != nil {
		if i, ok := m.index[indexKey(key)]; ok {
			return i
		}
		return -1
	}
	for i, k := range m.keys {
		if sameKey(k, key) {
			return i
		}
	}
	return -1
}

func (m *Map) reindex() {
	if len(m.keys) <= smallMap {
		m.index = nil
		return
	}
	m.index = make(map[any]int, len(m.keys))
	for i, k := range m.keys {
		m.index[indexKey(k)] = i
	}
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
	if i := m.find(key); i >= 0 {
		m.values[i] = val
		return
	}
	m.keys = append(m.keys, key)
	m.values = append(m.values, val)
	switch {
	case m.index != nil:
		m.index[indexKey(key)] = len(m.keys) - 1
	case len(m.keys) > smallMap:
		m.reindex()
	}
}

// Get returns the value stored under key.
func (m *Map) Get(key any) (any, bool) {
	if m == nil {
		return nil, false
	}
	i := m.find(key)
	if i < 0 {
		return nil, false
	}
	return m.values[i], true
}

// Delete removes key, keeping the order of the others.
func (m *Map) Delete(key any) {
	i := m.find(key)
	if i < 0 {
		return
	}
	m.keys = append(m.keys[:i], m.keys[i+1:]...)
	m.values = append(m.values[:i], m.values[i+1:]...)
	m.reindex()
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

// compositeKey is the index key of a value that is not a plain string, token or number:
// its Key, typed so that it never equals a plain string key.
type compositeKey string

// indexKey maps a key to a comparable Go value that is equal for two keys exactly when
// Equal holds: strings and tokens as they are, integral numbers as int64, other numbers
// as float64, anything else by its Key.
func indexKey(k any) any {
	switch x := k.(type) {
	case string, T, Direction, bool:
		return x
	}
	if i, ok := AsInt64(k); ok {
		return i
	}
	kk := Key(k)
	if IsNumber(k) && strings.HasPrefix(kk, "i") {
		if i, err := strconv.ParseInt(kk[1:len(kk)-1], 10, 64); err == nil {
			return i // an integral Double, BigInteger or BigDecimal equals the Long
		}
	}
	return compositeKey(kk)
}

// NewMapOf builds a map from keys and values the caller guarantees distinct (as
// elementMap and valueMap produce them), without searching for duplicates.
func NewMapOf(keys, values []any) *Map {
	m := &Map{keys: keys, values: values}
	m.reindex()
	return m
}
