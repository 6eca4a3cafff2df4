// Package gremlinconsole is the registry of wifivault's named graph commands.
//
// Every business operation is a Command ("Venue.addUnit", "Subscriber.addKey", ...) with
// typed, validated parameters, the roles allowed to run it and a function that runs its
// traversals. The JSON API's handlers call commands by name, and administrators run the same
// commands through POST /gremlinconsole/executeCommand, so both paths share validation, role
// checks, tenant scoping and results.
//
// A mutating command writes its audit log entry and its outbox events in the same traversal
// as its change (see Audit and Event), so the three commit or fail together on every graph
// backend.
package gremlinconsole
