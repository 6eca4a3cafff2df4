package sessions

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/projection"
	"github.com/wifivault/wifivault/schema"
)

// macPattern is the seeds' DeviceMAC pattern.
const macPattern = `^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$`

// whitelist describes one of the two whitelists a subscriber has.
type whitelist struct {
	prop     string // subscriber property holding it
	idParam  string // DeviceMAC or NASID
	typParam string // DeviceType or NASType
	noun     string // "device" or "nas"
	prefix   string // entry id prefix
}

var (
	callingStation = whitelist{prop: projection.PropCallingStationWhitelist, idParam: "DeviceMAC", typParam: "DeviceType", noun: "device", prefix: "WL_"}
	nasList        = whitelist{prop: projection.PropNASWhitelist, idParam: "NASID", typParam: "NASType", noun: "nas", prefix: "NAS_WL_"}
)

func (s *Commands) whitelistGroup() ([]*gremlinconsole.Command, []Route) {
	sub := gremlinconsole.Param{Name: "SubscriberID", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 255}
	mac := gremlinconsole.Param{Name: "DeviceMAC", Kind: gremlinconsole.String, Required: true, Pattern: macPattern}
	nas := gremlinconsole.Param{Name: "NASID", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 253}
	text := func(name string, max int) gremlinconsole.Param {
		return gremlinconsole.Param{Name: name, Kind: gremlinconsole.String, MaxLen: max}
	}
	obj := func(name string) gremlinconsole.Param {
		return gremlinconsole.Param{Name: name, Kind: gremlinconsole.Object}
	}
	boolean := func(name string) gremlinconsole.Param {
		return gremlinconsole.Param{Name: name, Kind: gremlinconsole.Boolean}
	}
	cmds := []*gremlinconsole.Command{
		{Name: "Subscriber.addCallingStationWhitelist", Summary: "Puts a device (MAC) on a subscriber's Calling-Station whitelist: once the list has entries, the subscriber's keys answer only those devices.",
			Roles: operatorConsole, Mutating: true, Run: s.addEntry(callingStation),
			Params: []gremlinconsole.Param{sub, mac,
				{Name: "DeviceType", Kind: gremlinconsole.String, Required: true, Enum: []string{"SMARTPHONE", "TABLET", "LAPTOP", "DESKTOP", "IOT_DEVICE", "SMART_TV", "GAMING_CONSOLE", "NETWORK_EQUIPMENT", "BUSINESS_EQUIPMENT", "GUEST_DEVICE"}},
				{Name: "AccessLevel", Kind: gremlinconsole.String, Required: true, Enum: []string{"FULL_ACCESS", "LIMITED_ACCESS", "GUEST_ACCESS", "IOT_ACCESS", "BUSINESS_ACCESS"}},
				text("DeviceName", 64), text("DeviceDescription", 256), obj("AccessDuration"), obj("BandwidthLimit"), obj("ContentFilter"), obj("NotificationSettings")}},
		{Name: "Subscriber.removeCallingStationWhitelist", Summary: "Takes a device off a subscriber's Calling-Station whitelist.",
			Roles: operatorConsole, Mutating: true, Run: s.removeEntry(callingStation),
			Params: []gremlinconsole.Param{sub, mac,
				{Name: "RemovalReason", Kind: gremlinconsole.String, Required: true, Enum: []string{"DEVICE_REPLACEMENT", "SECURITY_INCIDENT", "ACCOUNT_CHANGE", "LOST_STOLEN", "POLICY_VIOLATION", "SUBSCRIBER_REQUEST", "MAINTENANCE", "COMPLIANCE", "DEVICE_MALFUNCTION", "TEMPORARY_SUSPENSION"}},
				boolean("ForceRemoval"), obj("GracePeriod"), boolean("NotifySubscriber"), boolean("ArchiveDevice"), boolean("CleanupSessions"), text("RemovalNotes", 1024)}},
		{Name: "Subscriber.addNASWhitelist", Summary: "Puts a NAS (NAS-Identifier) on a subscriber's NAS whitelist.",
			Roles: operatorConsole, Mutating: true, Run: s.addEntry(nasList),
			Params: []gremlinconsole.Param{sub, nas,
				{Name: "NASType", Kind: gremlinconsole.String, Required: true, Enum: []string{"WIRELESS_AP", "ETHERNET_SWITCH", "VPN_GATEWAY", "AUTH_SERVER", "EDGE_DEVICE", "ROUTER", "FIREWALL", "LOAD_BALANCER"}},
				{Name: "AccessLevel", Kind: gremlinconsole.String, Required: true, Enum: []string{"FULL_INFRASTRUCTURE", "LIMITED_ACCESS", "MAINTENANCE_ACCESS", "GUEST_NETWORK", "BUSINESS_ACCESS"}},
				text("NASName", 64), text("NASDescription", 256), obj("NASLocation"), obj("AccessDuration"), obj("BandwidthLimit"), obj("SecurityPolicy"), obj("NotificationSettings")}},
		{Name: "Subscriber.removeNASWhitelist", Summary: "Takes a NAS off a subscriber's NAS whitelist.",
			Roles: operatorConsole, Mutating: true, Run: s.removeEntry(nasList),
			Params: []gremlinconsole.Param{sub, nas,
				{Name: "RemovalReason", Kind: gremlinconsole.String, Required: true, Enum: []string{"INFRASTRUCTURE_UPGRADE", "SECURITY_INCIDENT", "MAINTENANCE", "DECOMMISSIONING", "POLICY_CHANGE", "SUBSCRIBER_REQUEST", "END_OF_LIFE", "PERFORMANCE_ISSUES", "COMPLIANCE", "EMERGENCY_SHUTDOWN"}},
				boolean("ForceRemoval"), obj("GracePeriod"), boolean("NotifySubscriber"), boolean("ArchiveNAS"), boolean("CleanupConnections"), obj("MaintenanceWindow"), text("RemovalNotes", 1024)}},
	}
	return cmds, []Route{
		{"/networkoperatorconsole/subscribers/addCallingStationWhitelist", "Subscriber.addCallingStationWhitelist"},
		{"/networkoperatorconsole/subscribers/removeCallingStationWhitelist", "Subscriber.removeCallingStationWhitelist"},
		{"/networkoperatorconsole/subscribers/addNASWhitelist", "Subscriber.addNASWhitelist"},
		{"/networkoperatorconsole/subscribers/removeNASWhitelist", "Subscriber.removeNASWhitelist"},
	}
}

// entryID reads the entry's identity parameter (a MAC is normalised).
func (w whitelist) entryID(c *gremlinconsole.Call) (string, error) {
	if w.idParam == "DeviceMAC" {
		return macParam(c, "DeviceMAC")
	}
	return c.Params.String("NASID"), nil
}

// readList reads the subscriber's list.
func (w whitelist) readList(c *gremlinconsole.Call, sub *subscriber) ([]projection.WhitelistEntry, error) {
	r, err := graphdb.First(c.G().V(schema.GraphID(schema.VertexSubscriber, sub.token())).Values(w.prop))
	if err != nil || r == nil {
		return nil, err
	}
	return projection.ParseWhitelist(r.GetInterface())
}

// write stores the list with an audit entry and the policy event that re-projects the
// subscriber's keys.
func (w whitelist) write(c *gremlinconsole.Call, sub *subscriber, list []projection.WhitelistEntry, msg string, change gremlinconsole.Change) error {
	js, err := json.Marshal(list)
	if err != nil {
		return err
	}
	t := c.G().V(schema.GraphID(schema.VertexSubscriber, sub.token())).Property(gremlingo.Cardinality.Single, w.prop, string(js))
	t = c.WithAudit(t, gremlinconsole.Audit{Target: sub.token(), Message: msg, Changes: []gremlinconsole.Change{change}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: projection.EventSubscriberPolicyChanged, Key: sub.token(),
		Payload: map[string]any{"SubscriberToken": sub.token(), "Whitelist": w.noun}})
	return graphdb.Exec(t)
}

// load reads what addEntry and removeEntry start from: the request's entry id, the
// subscriber and its current whitelist.
func (w whitelist) load(c *gremlinconsole.Call) (id string, sub *subscriber, list []projection.WhitelistEntry, err error) {
	if id, err = w.entryID(c); err != nil {
		return "", nil, nil, err
	}
	if sub, err = findSubscriber(c); err != nil {
		return "", nil, nil, err
	}
	list, err = w.readList(c, sub)
	return id, sub, list, err
}

func (s *Commands) addEntry(w whitelist) func(context.Context, *gremlinconsole.Call) (gremlinconsole.Result, error) {
	return func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
		id, sub, list, err := w.load(c)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(list, func(e projection.WhitelistEntry) bool { return e.ID == id }) {
			return nil, &gremlinconsole.Error{Status: http.StatusConflict, Message: fmt.Sprintf("%s %s is already on the subscriber's whitelist.", w.idParam, c.Params.String(w.idParam)), Field: w.idParam}
		}
		e := projection.WhitelistEntry{EntryID: w.prefix + randomID(), ID: id, Type: c.Params.String(w.typParam),
			AccessLevel: c.Params.String("AccessLevel"), Added: c.NowMillis()}
		if w.noun == "device" {
			e.Name, e.Description = c.Params.String("DeviceName"), c.Params.String("DeviceDescription")
		} else {
			e.Name, e.Description = c.Params.String("NASName"), c.Params.String("NASDescription")
		}
		list = append(list, e)
		shown := w.show(id)
		if err := w.write(c, sub, list, fmt.Sprintf("%s %s added to the whitelist of %s.", w.idParam, shown, sub.token()),
			gremlinconsole.Change{Field: w.prop, After: shown}); err != nil {
			return nil, err
		}
		return gremlinconsole.Result{
			"success": true, "whitelistEntryId": e.EntryID,
			"subscriber":           map[string]any{"SubscriberToken": sub.token(), "WhitelistSize": len(list)},
			w.noun:                 map[string]any{w.idParam: shown, w.typParam: e.Type, "Name": e.Name},
			"accessConfiguration":  map[string]any{"AccessLevel": e.AccessLevel},
			"networkConfiguration": map[string]any{"projected": true, "enforcedBy": "RADIUS"},
			"audit":                map[string]any{"dateAddedUTC.ISO8601": c.Now.Format("2006-01-02T15:04:05.000Z")},
		}, nil
	}
}

func (s *Commands) removeEntry(w whitelist) func(context.Context, *gremlinconsole.Call) (gremlinconsole.Result, error) {
	return func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
		id, sub, list, err := w.load(c)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(list, func(e projection.WhitelistEntry) bool { return e.ID == id })
		if i < 0 {
			return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Message: fmt.Sprintf("%s %s is not on the subscriber's whitelist.", w.idParam, c.Params.String(w.idParam)), Field: w.idParam}
		}
		removed := list[i]
		list = slices.Delete(list, i, i+1)
		shown := w.show(id)
		if err := w.write(c, sub, list, fmt.Sprintf("%s %s removed from the whitelist of %s (%s).", w.idParam, shown, sub.token(), c.Params.String("RemovalReason")),
			gremlinconsole.Change{Field: w.prop, Before: shown}); err != nil {
			return nil, err
		}
		return gremlinconsole.Result{
			"success": true, "removalId": "REMOVAL_" + randomID(),
			"subscriber":           map[string]any{"SubscriberToken": sub.token(), "WhitelistSize": len(list)},
			w.noun:                 map[string]any{w.idParam: shown, "whitelistEntryId": removed.EntryID},
			"removalProcess":       map[string]any{"RemovalReason": c.Params.String("RemovalReason")},
			"networkConfiguration": map[string]any{"projected": true, "enforcedBy": "RADIUS"},
		}, nil
	}
}

// show is the API form of an entry id.
func (w whitelist) show(id string) string {
	if w.noun == "device" {
		return displayMAC(id)
	}
	return id
}
