package graphdb

import (
	"encoding/binary"
	"fmt"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// relationIdentifierType is the GraphBinary custom type name under which JanusGraph 1.x
// writes the id of an edge or vertex property (org.janusgraph.graphdb.relations.RelationIdentifier).
const relationIdentifierType = "janusgraph.RelationIdentifier"

// RelationIdentifier is a JanusGraph relation (edge or vertex property) id as decoded from
// GraphBinary. JanusGraph returns vertices with their properties, and every vertex property
// carries such an id, so without this reader gremlin-go v3.7.3 fails to decode any vertex
// JanusGraph returns ("E0409: unknown custom data type"). Commands never use relation ids;
// they only need results that contain one to decode. (graph/conformance has its own copy:
// packages under graph/ import nothing else of the project.)
type RelationIdentifier struct {
	OutVertexID any   // int64 or string (custom string vertex ids)
	TypeID      int64 // the edge label's or property key's schema id
	RelationID  int64
	InVertexID  any // int64, string, or nil for a vertex property
}

func (r RelationIdentifier) String() string {
	return fmt.Sprintf("rel[%v|%d|%d|%v]", r.OutVertexID, r.TypeID, r.RelationID, r.InVertexID)
}

func init() {
	gremlingo.RegisterCustomTypeReader(relationIdentifierType, readRelationIdentifier)
}

// readRelationIdentifier decodes the payload that JanusGraph 1.0's
// RelationIdentifierGraphBinarySerializer writes after the custom type name:
//
//	{custom type info: int32}{value flag: byte, 0x01 = null}
//	{out vertex id}{type id: int64}{relation id: int64}{in vertex id}
//
// where a vertex id is a marker byte, 0 then an int64 or 1 then a string whose bytes are
// 7-bit ASCII with the high bit set on the last one; an in vertex id of int64 0 means none.
func readRelationIdentifier(data *[]byte, i *int) (any, error) {
	b := *data
	need := func(n int) error {
		if *i+n > len(b) {
			return fmt.Errorf("%s: truncated at byte %d", relationIdentifierType, *i)
		}
		return nil
	}
	readInt64 := func() (int64, error) {
		if err := need(8); err != nil {
			return 0, err
		}
		v := int64(binary.BigEndian.Uint64(b[*i:]))
		*i += 8
		return v, nil
	}
	readVertexID := func() (any, error) {
		if err := need(1); err != nil {
			return nil, err
		}
		marker := b[*i]
		*i++
		switch marker {
		case 0:
			return readInt64()
		case 1:
			var s strings.Builder
			for {
				if err := need(1); err != nil {
					return nil, err
				}
				c := b[*i]
				*i++
				s.WriteByte(c & 0x7F)
				if c&0x80 != 0 {
					return s.String(), nil
				}
			}
		default:
			return nil, fmt.Errorf("%s: unknown vertex id marker %d", relationIdentifierType, marker)
		}
	}
	if err := need(5); err != nil {
		return nil, err
	}
	*i += 4 // custom type info: JanusGraph's type id for RelationIdentifier
	flag := b[*i]
	*i++
	if flag == 0x01 {
		return nil, nil
	}
	var r RelationIdentifier
	var err error
	if r.OutVertexID, err = readVertexID(); err != nil {
		return nil, err
	}
	if r.TypeID, err = readInt64(); err != nil {
		return nil, err
	}
	if r.RelationID, err = readInt64(); err != nil {
		return nil, err
	}
	if r.InVertexID, err = readVertexID(); err != nil {
		return nil, err
	}
	if r.InVertexID == int64(0) {
		r.InVertexID = nil
	}
	return r, nil
}
