package sessions

import (
	"context"
	"time"

	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/policycache"
)

func (s *Commands) sessionGroup() ([]*gremlinconsole.Command, []Route) {
	str := func(name string, required bool) gremlinconsole.Param {
		return gremlinconsole.Param{Name: name, Kind: gremlinconsole.String, Required: required, MaxLen: 255}
	}
	mac := gremlinconsole.Param{Name: "Calling-Station-Id", Kind: gremlinconsole.String, MaxLen: 32}
	macStrict := gremlinconsole.Param{Name: "Calling-Station-Id", Kind: gremlinconsole.String, Pattern: macPattern}
	token := gremlinconsole.Param{Name: "SubscriberToken", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 255, Pattern: `^[a-zA-Z0-9_-]{1,255}$`}
	ident := []gremlinconsole.Param{str("SubscriberToken", false), {Name: "EmailAddress", Kind: gremlinconsole.String, MaxLen: 254}, str("PhoneNumber.E164", false)}
	cmds := []*gremlinconsole.Command{
		{Name: "Subscriber.forgetDevices", Summary: "Forgets every device binding of the subscriber's keys in the RADIUS projection (the keys stay valid; devices are matched again at their next connection).",
			Roles: operatorConsole, Mutating: true, Run: s.forgetDevices, Params: []gremlinconsole.Param{token}},
		{Name: "Subscriber.listKeySessionsForOperator", Summary: "Lists the RADIUS sessions of a subscriber's keys, active and of the last 30 days, with totals and a per-device breakdown.",
			Roles: operatorConsole, Run: s.listForOperator,
			Params: append(append([]gremlinconsole.Param{}, ident...), str("KeyID", false), str("VenueID", false), macStrict)},
		{Name: "Subscriber.listSessionsForVenue", Summary: "Lists the RADIUS sessions of a subscriber's keys at the caller's venues, active and of the last 7 days.",
			Roles: venueConsole, Run: s.listForVenue,
			Params: append(append([]gremlinconsole.Param{}, ident...), str("KeyID", false), str("VenueID", false), mac)},
		{Name: "Subscriber.listKeySessions", Summary: "Lists the sessions of the subscriber's own keys at a venue, active and of the last 30 days.",
			Roles: subscriberOnly, Run: s.listOwn(false),
			Params: []gremlinconsole.Param{str("VenueID", true), str("KeyID", false), macStrict}},
		{Name: "Subscriber.listDeviceSessions", Summary: "Lists the subscriber's own devices with their sessions, active and of the last 30 days.",
			Roles: subscriberOnly, Run: s.listOwn(true),
			Params: []gremlinconsole.Param{str("VenueID", false), str("KeyID", false), mac}},
	}
	return cmds, []Route{
		{"/networkoperatorconsole/subscribers/forgetSubscriberDevices", "Subscriber.forgetDevices"},
		{"/networkoperatorconsole/subscribers/listSubscriberKeySessions", "Subscriber.listKeySessionsForOperator"},
		{"/venuemgmtconsole/subscribers/listSessions", "Subscriber.listSessionsForVenue"},
		{"/subscriberconsole/listKeySessions", "Subscriber.listKeySessions"},
		{"/subscriberconsole/listDeviceSessions", "Subscriber.listDeviceSessions"},
	}
}

// forgetDevices drops the device bindings of each of the subscriber's projected keys: the
// key is deleted (which drops its bindings) and written again at once with its PMK, under
// two fresh revisions.
func (s *Commands) forgetDevices(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	sub, err := findSubscriber(c)
	if err != nil {
		return nil, err
	}
	reader := s.Cache.NewReader()
	forgotten := 0
	for _, k := range sub.keys {
		have, err := reader.Key(ctx, k.KeyID)
		if err != nil {
			return nil, err
		}
		if have == nil {
			continue
		}
		rev := max(time.Now().UnixMicro(), have.Revision+1)
		if _, err := s.Cache.DeleteKey(ctx, k.KeyID, rev); err != nil {
			return nil, err
		}
		have.Revision = rev + 1
		if _, err := s.Cache.PutKey(ctx, *have); err != nil {
			return nil, err
		}
		forgotten++
	}
	return gremlinconsole.Result{"message": "Subscriber device cache cleared successfully", "KeyCount": forgotten}, nil
}

func iso(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}

// sessionItem is the API form of a session.
func sessionItem(x policycache.Session) map[string]any {
	return map[string]any{
		"SessionID": x.SessionID, "KeyID": x.KeyID, "VenueID": x.VenueID, "UnitID_internal": x.UnitID,
		"Calling-Station-Id": displayMAC(x.MAC), "NAS-Identifier": x.NASIdentifier,
		"StartDateTimeUTC.ISO8601": iso(x.Started), "LastUpdateDateTimeUTC.ISO8601": iso(x.Updated),
		"SessionTimeSeconds": x.SessionTime, "InputOctets": x.InputOctets, "OutputOctets": x.OutputOctets,
		"TotalOctets": x.InputOctets + x.OutputOctets, "Active": x.Active,
	}
}

// devices groups sessions per device; a device is Online while one of its sessions is
// active.
func devices(ss []policycache.Session) []map[string]any {
	type agg struct {
		sessions      int
		in, out       uint64
		last          int64
		online        bool
		keys, venues  map[string]bool
		sessionsItems []map[string]any
	}
	by := map[string]*agg{}
	var order []string
	for _, x := range ss {
		a := by[x.MAC]
		if a == nil {
			a = &agg{keys: map[string]bool{}, venues: map[string]bool{}}
			by[x.MAC] = a
			order = append(order, x.MAC)
		}
		a.sessions++
		a.in += x.InputOctets
		a.out += x.OutputOctets
		a.last = max(a.last, x.Updated)
		a.online = a.online || x.Active
		a.keys[x.KeyID], a.venues[x.VenueID] = true, true
		a.sessionsItems = append(a.sessionsItems, sessionItem(x))
	}
	out := make([]map[string]any, 0, len(order))
	for _, m := range order {
		a := by[m]
		out = append(out, map[string]any{"Calling-Station-Id": displayMAC(m), "Sessions": a.sessionsItems, "SessionCount": a.sessions,
			"InputOctets": a.in, "OutputOctets": a.out, "TotalOctets": a.in + a.out, "LastSeenDateTimeUTC.ISO8601": iso(a.last),
			"Online": a.online})
	}
	return out
}

func items(ss []policycache.Session) []map[string]any {
	out := make([]map[string]any, 0, len(ss))
	for _, x := range ss {
		out = append(out, sessionItem(x))
	}
	return out
}

// listed reads the sessions of the call's subscriber (active ones, and those that
// reported accounting within history), filtered by VenueID, KeyID and Calling-Station-Id.
func (s *Commands) listed(ctx context.Context, c *gremlinconsole.Call, history time.Duration) ([]policycache.Session, error) {
	sub, err := findSubscriber(c)
	if err != nil {
		return nil, err
	}
	mac, err := macParam(c, "Calling-Station-Id")
	if err != nil {
		return nil, err
	}
	return s.sessionsOf(ctx, c, filterKeys(c, sub.keys), mac, c.Now.Add(-history))
}

func (s *Commands) listForOperator(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	ss, err := s.listed(ctx, c, sessionHistory)
	if err != nil {
		return nil, err
	}
	var in, out uint64
	active := 0
	macs := map[string]bool{}
	for _, x := range ss {
		in, out = in+x.InputOctets, out+x.OutputOctets
		macs[x.MAC] = true
		if x.Active {
			active++
		}
	}
	return gremlinconsole.Result{"success": true,
		"analyticsOverview": map[string]any{"ActiveSessions": active, "Sessions": len(ss), "Devices": len(macs),
			"InputOctets": in, "OutputOctets": out, "TotalOctets": in + out},
		"usageData": items(ss), "deviceBreakdown": devices(ss)}, nil
}

func (s *Commands) listForVenue(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	ss, err := s.listed(ctx, c, venueSessionHistory)
	if err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"UsageData": items(ss)}, nil
}

func (s *Commands) listOwn(perDevice bool) func(context.Context, *gremlinconsole.Call) (gremlinconsole.Result, error) {
	return func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
		ss, err := s.listed(ctx, c, sessionHistory)
		if err != nil {
			return nil, err
		}
		if perDevice {
			return gremlinconsole.Result{"UsageData": devices(ss)}, nil
		}
		return gremlinconsole.Result{"UsageData": items(ss)}, nil
	}
}
