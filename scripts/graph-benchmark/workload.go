package main

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// Fixture shape: one venue with venueUnits units, each with keysPerUnit keys, and
// config.vertices subscribers. Ids are strings without '-' so that they are valid custom
// vertex ids on JanusGraph with its default relation delimiter too.
const (
	venueID     = "bench.venue"
	venueUnits  = 20
	keysPerUnit = 2
)

// config is the run's shape, from the flags.
type config struct {
	duration, warmup time.Duration
	concurrency      int
	connections      int
	vertices         int
}

// workload is one row of the mix: op issues one request.
type workload struct {
	name string
	op   func(g *gremlingo.GraphTraversalSource) error
}

// runNonce keeps ids written by addV unique across runs against a graph that was not reset.
var runNonce = strconv.FormatInt(time.Now().UnixNano(), 36)

// addCounter numbers the vertices addV creates.
var addCounter atomic.Int64

func subscriberID(n int) string { return "bench.subscriber." + strconv.Itoa(n) }

// mix returns the four rows, in table order.
func mix(cfg config) []workload {
	return []workload{
		{name: "point read `g.V(id).valueMap()`", op: func(g *gremlingo.GraphTraversalSource) error {
			_, err := g.V(subscriberID(rand.IntN(cfg.vertices))).ValueMap().ToList()
			return err
		}},
		{name: fmt.Sprintf("2-hop `elementMap()` (%d results)", venueUnits*keysPerUnit), op: func(g *gremlingo.GraphTraversalSource) error {
			list, err := g.V(venueID).Out("venue_has_unit").Out("unit_policy_for_psk").ElementMap().ToList()
			if err == nil && len(list) != venueUnits*keysPerUnit {
				err = fmt.Errorf("2-hop traversal returned %d results, want %d", len(list), venueUnits*keysPerUnit)
			}
			return err
		}},
		{name: "`addV` with 10 properties", op: func(g *gremlingo.GraphTraversalSource) error {
			n := addCounter.Add(1)
			id := "bench.added." + runNonce + "." + strconv.FormatInt(n, 10)
			t := g.AddV("device").Property(gremlingo.T.Id, id)
			for p := 0; p < 10; p++ {
				t = t.Property(gremlingo.Cardinality.Single, "p"+strconv.Itoa(p), "value "+strconv.Itoa(p))
			}
			return <-t.Iterate()
		}},
		{name: "`mergeV` upsert", op: func(g *gremlingo.GraphTraversalSource) error {
			n := rand.IntN(cfg.vertices * 2) // half the ids exist: creates and matches mix
			id := "bench.merged." + strconv.Itoa(n)
			return <-g.MergeV(map[any]any{gremlingo.T.Id: id}).
				Option(gremlingo.Merge.OnCreate, map[any]any{gremlingo.T.Label: "subscriber", "name": id, "seen": int64(0)}).
				Option(gremlingo.Merge.OnMatch, map[any]any{"seen": time.Now().UnixMilli()}).
				Iterate()
		}},
	}
}

// loadFixture empties the graph and writes the venue, its units and keys, and the
// subscribers, in batches of one traversal each.
func loadFixture(g *gremlingo.GraphTraversalSource, cfg config) error {
	if err := <-g.V().Drop().Iterate(); err != nil {
		return fmt.Errorf("empty the graph: %w", err)
	}
	t := g.AddV("venue").Property(gremlingo.T.Id, venueID).Property("name", "Bench Venue").As("venue")
	for u := 0; u < venueUnits; u++ {
		unit := "bench.unit." + strconv.Itoa(u)
		t = t.AddV("unit").Property(gremlingo.T.Id, unit).Property("number", int64(u)).As(unit).
			AddE("venue_has_unit").From("venue").To(unit)
		for k := 0; k < keysPerUnit; k++ {
			key := unit + ".key." + strconv.Itoa(k)
			t = t.AddV("psk").Property(gremlingo.T.Id, key).Property("ssid", "bench").Property("vlan", int64(100+u)).As(key).
				AddE("unit_policy_for_psk").From(unit).To(key)
		}
	}
	if err := <-t.Iterate(); err != nil {
		return fmt.Errorf("load the venue: %w", err)
	}
	const batch = 100
	for start := 0; start < cfg.vertices; start += batch {
		var t *gremlingo.GraphTraversal
		for n := start; n < min(start+batch, cfg.vertices); n++ {
			add := func(label string) *gremlingo.GraphTraversal {
				if t == nil {
					return g.AddV(label)
				}
				return t.AddV(label)
			}
			t = add("subscriber").Property(gremlingo.T.Id, subscriberID(n)).
				Property("name", "Subscriber "+strconv.Itoa(n)).
				Property("email", "s"+strconv.Itoa(n)+"@example.com").
				Property("createdUTC", int64(1700000000000+n))
		}
		if err := <-t.Iterate(); err != nil {
			return fmt.Errorf("load subscribers: %w", err)
		}
	}
	return nil
}
