package store

import "github.com/benbjohnson/immutable"

// idSetSmall is the largest idSet kept as a plain slice.
const idSetSmall = 16

// idSet is an immutable set of canonical ids. Small sets are a slice copied on write
// (iteration in insertion order); larger ones a persistent hash map (iteration in the
// deterministic hash order of the ids). A nil *idSet is the empty set; operations return
// a new set and leave the receiver unchanged.
type idSet struct {
	small []any
	big   *immutable.Map[any, struct{}]
}

// newIDSet builds a set from distinct ids.
func newIDSet(ids []any) *idSet {
	if len(ids) == 0 {
		return nil
	}
	if len(ids) <= idSetSmall {
		return &idSet{small: append([]any(nil), ids...)}
	}
	b := immutable.NewMapBuilder[any, struct{}](idHasher{})
	for _, id := range ids {
		b.Set(id, struct{}{})
	}
	return &idSet{big: b.Map()}
}

func (s *idSet) len() int {
	switch {
	case s == nil:
		return 0
	case s.big != nil:
		return s.big.Len()
	}
	return len(s.small)
}

func (s *idSet) has(id any) bool {
	if s == nil {
		return false
	}
	if s.big != nil {
		_, ok := s.big.Get(id)
		return ok
	}
	for _, x := range s.small {
		if x == id {
			return true
		}
	}
	return false
}

// add returns the set with id added (the receiver itself when id is present).
func (s *idSet) add(id any) *idSet {
	if s.has(id) {
		return s
	}
	if s == nil {
		return &idSet{small: []any{id}}
	}
	if s.big != nil {
		return &idSet{big: s.big.Set(id, struct{}{})}
	}
	if len(s.small) < idSetSmall {
		small := make([]any, len(s.small)+1)
		copy(small, s.small)
		small[len(s.small)] = id
		return &idSet{small: small}
	}
	b := immutable.NewMapBuilder[any, struct{}](idHasher{})
	for _, x := range s.small {
		b.Set(x, struct{}{})
	}
	b.Set(id, struct{}{})
	return &idSet{big: b.Map()}
}

// remove returns the set without id (nil when it becomes empty).
func (s *idSet) remove(id any) *idSet {
	if !s.has(id) {
		return s
	}
	if s.len() == 1 {
		return nil
	}
	if s.big != nil {
		return &idSet{big: s.big.Delete(id)}
	}
	small := make([]any, 0, len(s.small)-1)
	for _, x := range s.small {
		if x != id {
			small = append(small, x)
		}
	}
	return &idSet{small: small}
}

// each calls fn for every id until fn returns false; it reports whether it ran to the end.
func (s *idSet) each(fn func(any) bool) bool {
	if s == nil {
		return true
	}
	if s.big != nil {
		it := s.big.Iterator()
		for !it.Done() {
			id, _, _ := it.Next()
			if !fn(id) {
				return false
			}
		}
		return true
	}
	for _, id := range s.small {
		if !fn(id) {
			return false
		}
	}
	return true
}
