// Package projection keeps radiusd's Redis projection (policycache) in step with the
// graph, the store of record.
//
// Three paths write it, all through policycache's revision-checked writers:
//
//   - Outbox handlers (Projector.Register): KeyStart, KeyEnd, the whitelist and venue
//     RADIUS events re-read the key, subscriber or venue they name from the graph and
//     write what the graph says now (PutKey, DeleteKey, PutVenue). An event delivered
//     twice, late or out of order therefore writes the current state again, which
//     changes nothing. KeyEnd (a key removed, reset or ended with its subscription)
//     also asks the Disconnector to drop the key's sessions.
//   - Rebuild (`wifivault cache rebuild`): every venue and every valid key of the graph
//     written in bulk.
//   - Reconcile (periodically inside serve): keys in Redis that the graph no longer has
//     valid are deleted, missing or different ones written, venues likewise; the
//     repairs are counted and logged.
//
// A key is valid while its psk vertex exists, its KeyStatus is active (or unset) and its
// EndDateTimeUTC, when set, is in the future. Its policy comes from the unit (vlan),
// the plan (UploadKbps, DownloadKbps, ConcurrentDevices, SessionTimeoutSecondsPerDevice)
// and the subscriber (Status Suspended, the Calling-Station whitelist).
//
// Revisions are the projector's clock in microseconds, read before the graph is: of two
// writers racing on one key, the one that read the graph later wins.
package projection
