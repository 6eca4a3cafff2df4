package graphdb

import (
	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/schema"
)

// Claim is the anonymous traversal that adds a uniqueness claim vertex (a VLAN, a
// passphrase, a unique value): graphID is its vertex id and, for JanusGraph, which does not
// itself refuse a second vertex with an existing custom id under concurrent transactions,
// also its unique-indexed ClaimKey. A second claim of the same id fails on every backend.
func Claim(label, graphID string) *gremlingo.GraphTraversal {
	return claimKeys(gremlingo.T__.AddV(label), graphID)
}

// AddClaim appends the claim vertex of Claim to t.
func AddClaim(t *gremlingo.GraphTraversal, label, graphID string) *gremlingo.GraphTraversal {
	return claimKeys(t.AddV(label), graphID)
}

func claimKeys(t *gremlingo.GraphTraversal, graphID string) *gremlingo.GraphTraversal {
	return t.Property(gremlingo.T.Id, graphID).Property(gremlingo.Cardinality.Single, string(schema.KeyClaim), graphID)
}
