// Package schema is the vocabulary of wifivault's property graph and the
// rules that turn the platform's natural identifiers into graph ids.
//
// It provides:
//
//   - the vertex labels, edge labels and property keys, spelled exactly as
//     the seeds (shared/seeds/003_a6adf59e35ceba4e.txt and 000–002) spell
//     the JSON fields, with the data type each key is stored as;
//   - the builders and validators of the natural ids (VenueID,
//     UnitID_internal, ServicePlanID, KeyPoolID, EquipmentID_internal,
//     SubscriberToken, OperatorID) and of the deterministic ids of the
//     uniqueness-claim vertices (VLAN per venue, PSK per keypool, unique
//     values per index) and of the accounting vertices (a RADIUS session per
//     venue and Acct-Session-Id, a unit's usage per UTC day);
//   - GraphID, which maps any natural id to a vertex id that is portable to
//     TinkerGraph, JanusGraph (printable ASCII, no '-') and Neptune, and its
//     inverse ParseGraphID;
//   - the index and unique-constraint declarations (Indexes) and the
//     JanusGraph management script generated from them
//     (JanusGraphSchemaScript).
//
// Uniqueness is enforced by vertex ids on every backend: adding a vertex
// whose T.id already exists fails atomically on TinkerGraph, JanusGraph and
// Neptune alike, so a command that must keep a value unique adds (or merges
// on) the claim vertex whose id this package computes, in the same traversal
// as its change. JanusGraph additionally enforces the unique indexes of
// Indexes with ConsistencyModifier.LOCK.
//
// Times are stored as epoch-millisecond int64 values under the key named
// without the ".ISO8601" suffix the API uses (dateAddedUTC is stored, the
// API renders dateAddedUTC.ISO8601); see PropertyKey.APIField and
// FormatISO8601.
//
// Every function here is pure (random values come from an io.Reader the
// caller passes) and the package imports only the standard library.
package schema
