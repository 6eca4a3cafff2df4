package schema

// ServicePlanIDMarker separates the operator from the plan code, spelled
// with underscores on both sides as in every seed sample
// (OPERATOR456._V3SERVICEPLAN_.BASICHOMEINTERNET, seed 003 line 12510;
// USA.MA.12345.ROAMINIQDEMO.SAMPLETOWN3._V3SERVICEPLAN_.1GBPS, seed 001).
const ServicePlanIDMarker = "._V3SERVICEPLAN_."

// MaxServicePlanCodeLen is the longest plan code kept from a plan name.
// ServicePlanName may be 256 characters; a code of 64 keeps the id within
// MaxServicePlanIDLen.
const (
	MaxServicePlanCodeLen = 64
	MaxServicePlanIDLen   = MaxOperatorIDLen + len(ServicePlanIDMarker) + MaxServicePlanCodeLen
)

// NewServicePlanID builds the ServicePlanID of a plan from its operator and
// name: {OperatorID}._V3SERVICEPLAN_.{CODE}, where CODE is the name with
// everything but [A-Za-z0-9_-] removed, upper-cased and cut to 64
// characters ("Basic Home Internet" → BASICHOMEINTERNET, "750 Mbps" →
// 750MBPS). Two names with the same code are the same plan: adding the
// second fails on the plan vertex's T.id, which the command reports as a
// duplicate. Errors name OperatorID or ServicePlanName.
func NewServicePlanID(operatorID, servicePlanName string) (string, error) {
	if err := ValidateOperatorID(operatorID); err != nil {
		return "", err
	}
	code := upperWord(servicePlanName, MaxServicePlanCodeLen)
	if code == "" {
		return "", fieldErrorf("ServicePlanName", "must contain a letter or digit, got %q", servicePlanName)
	}
	return operatorID + ServicePlanIDMarker + code, nil
}

// ValidateServicePlanID checks a ServicePlanID given in a request: 5 to
// MaxServicePlanIDLen characters of dot-joined [A-Za-z0-9_-] segments. It
// accepts the generated form and the seeds' other samples (plan_12345,
// plan_premium_unlimited, serviceplan_xyz789).
func ValidateServicePlanID(id string) error {
	return checkDottedWords("ServicePlanID", id, 5, MaxServicePlanIDLen)
}
