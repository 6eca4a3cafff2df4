package schema

import "strings"

// MaxOperatorIDLen is the longest OperatorID accepted. It leaves room for
// the VenueID built on it within VenueID's 100 characters.
const MaxOperatorIDLen = 40

// ValidateOperatorID checks an OperatorID: 2 to 40 characters, segments of
// [A-Za-z0-9_-] joined by single dots, no id marker ("._V3"), and not a
// reserved word ('global', 'ALL'). This accepts every operator id the seeds
// show: OP123, OP001, OPERATOR456, op_123456789, op_network_001,
// op_roamingiq_network, and the location tuples of seeds 000/001
// (USA.MA.12345.ROAMINIQDEMO.SAMPLETOWN3, 37 characters).
//
// OperatorIDs are chosen by the Network Software Provider
// (addNetworkOperator), never generated.
func ValidateOperatorID(id string) error {
	if err := checkDottedWords("OperatorID", id, 2, MaxOperatorIDLen); err != nil {
		return err
	}
	if strings.Contains(id, "._V3") || strings.HasPrefix(id, "_V3") {
		return fieldErrorf("OperatorID", "must not contain an id marker such as ._V3")
	}
	return checkNotReserved("OperatorID", id)
}
