// Package network holds the named commands of an operator's network: the operator
// itself, its venues, units and VLANs, service plans and keypools.
package network
