package schema

import "time"

// Markers in the natural ids of accounting vertices.
const (
	SessionMarker = "._V3SESSION."
	UsageMarker   = "._V3USAGE."
)

// MaxAcctSessionIDLen is the longest Acct-Session-Id (RADIUS attribute 44,
// RFC 2866: a string of up to 253 octets).
const MaxAcctSessionIDLen = 253

// UsageDayLayout is the form of a usage day: yyyymmdd, a UTC calendar day.
const UsageDayLayout = "20060102"

// SessionKey returns the natural id of the session vertex of one RADIUS
// accounting session: {VenueID}._V3SESSION.{Acct-Session-Id}. A NAS makes
// Acct-Session-Id unique among its own sessions only, so the venue is part
// of the key (radiusd's Redis projection keys sessions the same way, by
// venue|Acct-Session-Id). The session id is kept as given (GraphID escapes
// whatever it holds). Errors name VenueID or Acct-Session-Id.
func SessionKey(venueID, acctSessionID string) (string, error) {
	if err := ValidateVenueID(venueID); err != nil {
		return "", err
	}
	if acctSessionID == "" || len(acctSessionID) > MaxAcctSessionIDLen {
		return "", fieldErrorf(string(KeyAcctSessionID), "must be 1 to %d bytes", MaxAcctSessionIDLen)
	}
	return venueID + SessionMarker + acctSessionID, nil
}

// UnitDailyUsageKey returns the natural id of the unit_daily_usage vertex
// that holds one unit's accounting totals for one UTC day:
// {VenueID}._V3USAGE.{UnitID_internal}.{yyyymmdd}. day is in
// UsageDayLayout. Errors name VenueID, UnitID_internal or
// DailyBWReportDateTimeUTC.
func UnitDailyUsageKey(venueID, unitID, day string) (string, error) {
	if err := ValidateVenueID(venueID); err != nil {
		return "", err
	}
	if err := ValidateUnitIDInternal(unitID); err != nil {
		return "", err
	}
	if _, err := ParseUsageDay(day); err != nil {
		return "", err
	}
	return venueID + UsageMarker + unitID + "." + day, nil
}

// ParseUsageDay returns the start (00:00 UTC) of a day given in
// UsageDayLayout. The error names DailyBWReportDateTimeUTC.
func ParseUsageDay(day string) (time.Time, error) {
	t, err := time.Parse(UsageDayLayout, day)
	if err != nil || len(day) != len(UsageDayLayout) {
		return time.Time{}, fieldErrorf(string(KeyDailyBWReportDateTimeUTC), "%q is not a yyyymmdd day", day)
	}
	return t, nil
}

// UsageDay returns the UTC day of t in UsageDayLayout.
func UsageDay(t time.Time) string { return t.UTC().Format(UsageDayLayout) }
