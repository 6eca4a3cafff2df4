// Package outbox delivers the events commands record in the graph (outbox_event vertices,
// written by gremlinconsole.Call.WithEvent in the same traversal as the change) to handlers
// registered by event Type, at least once, in order per Key, surviving restarts and crashes.
//
// # Contract
//
//   - At least once: an event stays pending until every handler registered for its Type
//     has returned nil (delivered) or has failed MaxAttempts times (dead-lettered). A handler
//     may therefore see an event more than once (after a crash, or when its lease expired
//     mid-delivery); handlers must be idempotent or tolerate duplicates (webhook receivers
//     dedupe by the Wifivault-Event-ID header).
//   - Lanes: each handler has its own lane per Key. Within a lane, an event is not attempted
//     while an earlier event (by dateAddedUTC, then id) with the same Key is still pending
//     for that handler; a dead-lettered event no longer blocks its lane. Events with an
//     empty Key are not ordered. A failing webhook receiver therefore never delays an email,
//     and vice versa.
//   - Backoff: after a failure the next attempt waits BaseBackoff·2^(attempt-1), capped at
//     MaxBackoff. Defer(t) postpones without consuming an attempt; Permanent(err)
//     dead-letters at once.
//   - Leases: a dispatcher claims (event, handler) with one traversal that checks the current
//     lease has expired (or is absent) and the attempt counter is the one it read, and writes
//     its owner id, the lease expiry and the incremented counter. Two dispatchers (two API
//     replicas) never hold the same claim at once; a crash mid-delivery leaves a lease that
//     expires after LeaseTTL, and the next claim retries the event. Completion writes are
//     fenced by owner and attempt, so a dispatcher whose lease was taken over cannot
//     overwrite the newer claim's state.
//   - Types without a registered handler are left pending, untouched, until a handler for
//     them is registered (nothing is lost by an upgrade that adds a consumer).
//
// # State on the outbox_event vertex
//
// Written by the command: Type, Key, Payload (JSON text), Status "pending", Attempts,
// dateAddedUTC, OperatorID. Written by the dispatcher, per handler name h:
// "Attempts.h", "LeaseOwner.h", "LeaseUntil.h" (epoch ms), "NextAttempt.h" (epoch ms),
// "LastError.h", "Done.h" ("delivered" or "dead"), "DoneDateTimeUTC.h". When every handler
// of the Type is done, Status (and its mirror OutboxState) becomes "delivered", or "dead"
// when any handler dead-lettered. Attempts mirrors the latest attempt number.
//
// Every traversal is portable Gremlin (V(id), has, hasNot, or, property(single), project,
// coalesce, choose), read through graphdb.Exec/First/All.
package outbox
