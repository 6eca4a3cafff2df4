package schema

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
)

// seedID is one id sample from the seeds, with whether a request carrying
// it must be accepted.
type seedID struct {
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Valid  bool   `json:"valid"`
	Source string `json:"source"`
}

var validators = map[string]func(string) error{
	"OperatorID":      ValidateOperatorID,
	"VenueID":         ValidateVenueID,
	"UnitID_internal": ValidateUnitIDInternal,
	"ServicePlanID":   ValidateServicePlanID,
	"KeyPoolID":       ValidateKeyPoolID,
	"EquipmentID":     ValidateEquipmentID,
	"SubscriberToken": ValidateSubscriberToken,
}

func TestValidatorsOnSeedSamples(t *testing.T) {
	raw, err := os.ReadFile("testdata/seed_ids.json")
	if err != nil {
		t.Fatal(err)
	}
	var samples []seedID
	if err := json.Unmarshal(raw, &samples); err != nil {
		t.Fatal(err)
	}
	if len(samples) == 0 {
		t.Fatal("no samples")
	}
	for _, s := range samples {
		t.Run(s.Kind+"/"+s.Value, func(t *testing.T) {
			validate, ok := validators[s.Kind]
			if !ok {
				t.Fatalf("no validator for kind %q", s.Kind)
			}
			err := validate(s.Value)
			if s.Valid && err != nil {
				t.Fatalf("rejected seed sample (%s): %v", s.Source, err)
			}
			if !s.Valid {
				var fe *FieldError
				if !errors.As(err, &fe) {
					t.Fatalf("accepted invalid sample (%s), err = %v", s.Source, err)
				}
				if fe.Field != s.Kind {
					t.Fatalf("error names field %q, want %q", fe.Field, s.Kind)
				}
			}
		})
	}
}
