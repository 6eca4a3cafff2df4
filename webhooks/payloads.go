package webhooks

import (
	"bytes"
	"encoding/json"
)

// Field is one payload field with the value sent when the command did not record it.
type Field struct {
	Name    string
	Default any
}

func fields(names ...string) []Field {
	out := make([]Field, len(names))
	for i, n := range names {
		out[i] = Field{Name: n, Default: ""}
		switch n {
		case "vlan", "VenueUnitPriceAdjustment":
			out[i].Default = int64(0)
		case "contactpref_sms", "contactpref_email":
			out[i].Default = false
		}
	}
	return out
}

var actor = []string{"SourceIP", "Administrator", "AdministratorOS", "AdministratorBrowser", "SourceLocale"}

func join(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// payloads are the seeds' webhook payloads (seed 002; spec shopping-cart-and-webhooks §2.5),
// field by field in the seeds' order.
var payloads = map[string][]Field{
	"VenueUnitAdded": fields(join([]string{"Type", "dateAddedUTC.ISO8601"}, actor, []string{
		"UnitID_internal", "PrimaryUnitID_internal", "externalVenueUnitID", "VenueID", "externalVenueID", "UnitID",
		"UnitFloor", "UnitBuilding", "AddressLine1", "AddressLine2", "City", "State", "Country.ISO3166A3", "PostalCode",
		"vlan", "purpose", "ServicePlanID_globalroaming", "RealPageUnitID", "SMSCode", "VenueUnitPriceAdjustment",
		"singleuseVenueUnitPriceAdjustment", "event"})...),
	"VenueUnitUpdated": fields(join([]string{"Type", "dateAddedUTC.ISO8601"}, actor, []string{
		"UnitID_internal", "externalVenueUnitID", "VenueID", "UnitID", "UnitFloor", "UnitBuilding", "AddressLine1",
		"AddressLine2", "City", "State", "Country.ISO3166A3", "PostalCode", "vlan", "purpose",
		"ServicePlanID_globalroaming", "RealPageUnitID", "SMSCode", "VenueUnitPriceAdjustment",
		"singleuseVenueUnitPriceAdjustment"})...),
	"KeyStart": fields("Type", "dateAddedUTC.ISO8601", "VenueID", "purpose", "VenueName", "AddressLine1", "AddressLine2",
		"City", "State", "Country.ISO3166A3", "PostalCode", "UnitID_internal", "UnitID", "UnitBuilding", "UnitFloor",
		"vlan", "externalVenueUnitID", "RealPageUnitID", "SubscriberToken", "ServicePlanID", "psk", "ssid"),
	"KeyEnd": fields("Type", "dateAddedUTC.ISO8601", "VenueID", "purpose", "NAS-Identifier", "externalVenueID",
		"VenueName", "AddressLine1", "AddressLine2", "City", "State", "Country.ISO3166A3", "PostalCode",
		"UnitID_internal", "UnitID", "UnitBuilding", "UnitFloor", "vlan", "externalVenueUnitID", "RealPageUnitID",
		"SubscriberToken", "ServicePlanID", "psk", "ssid"),
	"LoginPasswordCreated": fields(join([]string{"Type", "dateAddedUTC.ISO8601"}, actor, []string{
		"EmailAddress", "SubscriberToken", "externalSubscriberID", "GivenName", "FamilyName", "locale",
		"contactpref_sms", "contactpref_email", "event", "PhoneNumber.E164"})...),
}

// secretFields are sent in clear to the receiver but recorded sealed and logged masked.
var secretFields = map[string]bool{"psk": true}

// Types are the event types delivered as webhooks.
func Types() []string {
	return []string{"VenueUnitAdded", "VenueUnitUpdated", "KeyStart", "KeyEnd", "LoginPasswordCreated"}
}

// PayloadFields returns the seeds' payload fields of a webhook type, in order (nil for a
// type that is not a webhook).
func PayloadFields(eventType string) []Field { return append([]Field(nil), payloads[eventType]...) }

// orderedObject is a JSON object that keeps its field order.
type orderedObject []struct {
	key string
	val any
}

func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(kv.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(kv.val)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (o *orderedObject) add(k string, v any) {
	*o = append(*o, struct {
		key string
		val any
	}{k, v})
}
