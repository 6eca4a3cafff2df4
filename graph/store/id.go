package store

import (
	"encoding/binary"
	"fmt"
)

// NormalizeID maps an id to its canonical form: int, int8, int16, int32, uint8 and int64
// become int64; strings stay as they are; anything else is an error naming the type.
func NormalizeID(id any) (any, error) {
	switch x := id.(type) {
	case int64, string:
		return id, nil // the interface as given: re-boxing would allocate on every lookup
	case int:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint8:
		return int64(x), nil
	case nil:
		return nil, fmt.Errorf("store: element id is nil")
	}
	return nil, fmt.Errorf("store: unsupported element id type %T", id)
}

// idHasher hashes canonical ids (int64 or string) deterministically, so that iteration
// order of the id maps is the same across processes for the same set of ids.
type idHasher struct{}

func (idHasher) Hash(k any) uint32 {
	switch x := k.(type) {
	case int64:
		u := uint64(x)
		u ^= u >> 33
		u *= 0xff51afd7ed558ccd
		u ^= u >> 33
		u *= 0xc4ceb9fe1a85ec53
		u ^= u >> 33
		return uint32(u)
	case string:
		h := uint32(2166136261)
		for i := 0; i < len(x); i++ {
			h ^= uint32(x[i])
			h *= 16777619
		}
		return h
	}
	panic(fmt.Sprintf("store: id of type %T in an id map", k))
}

func (idHasher) Equal(a, b any) bool { return a == b }

// stringHasher hashes strings deterministically (FNV-1a).
type stringHasher struct{}

func (stringHasher) Hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func (stringHasher) Equal(a, b string) bool { return a == b }

// Id encodings in keys and records: a tag byte, then 8 big-endian bytes with the sign bit
// flipped (int64, so keys sort numerically) or the raw bytes (string).
const (
	idTagInt    = 0x01
	idTagString = 0x02
)

// appendID appends the encoding of a canonical id. In a record, a string id is
// length-prefixed; in a key (last field) it is not.
func appendID(b []byte, id any, inKey bool) []byte {
	switch x := id.(type) {
	case int64:
		b = append(b, idTagInt)
		return binary.BigEndian.AppendUint64(b, uint64(x)^(1<<63))
	case string:
		b = append(b, idTagString)
		if !inKey {
			b = binary.AppendUvarint(b, uint64(len(x)))
		}
		return append(b, x...)
	}
	panic(fmt.Sprintf("store: id of type %T", id))
}

// decodeKeyID decodes an id that ends a key.
func decodeKeyID(b []byte) (any, error) {
	if len(b) == 0 {
		return nil, errCorrupt("empty id")
	}
	switch b[0] {
	case idTagInt:
		if len(b) != 9 {
			return nil, errCorrupt("int id length")
		}
		return int64(binary.BigEndian.Uint64(b[1:]) ^ (1 << 63)), nil
	case idTagString:
		return string(b[1:]), nil
	}
	return nil, errCorrupt("id tag")
}

func errCorrupt(what string) error {
	return fmt.Errorf("store: corrupt record: %s", what)
}
