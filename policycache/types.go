package policycache

// Key is one subscriber key of a keypool (venue + SSID) with its policy.
// Passphrase is plaintext on the way in (PutKey) and on the way out
// (Reader); it is sealed in Redis. PMK is derived by PutKey and returned
// by the Reader.
type Key struct {
	KeyID           string
	VenueID         string
	SSID            string
	SubscriberToken string
	UnitID          string // UnitID_internal
	VLAN            int
	UpKbps          int
	DownKbps        int
	DeviceLimit     int   // concurrent devices; 0 = unlimited
	SessionTimeout  int   // seconds; 0 = none
	ValidFrom       int64 // epoch ms; 0 = always
	ValidUntil      int64 // epoch ms; 0 = never expires
	Suspended       bool
	// CallingStationWhitelist, when not empty, lists the only devices
	// (any MAC form; stored normalised) allowed to use the key.
	CallingStationWhitelist []string
	// NASWhitelist, when not empty, lists the only NAS (NAS-Identifiers or
	// NAS IP addresses, as the subscriber's NAS whitelist holds them) the
	// key may be used through.
	NASWhitelist []string
	// Revision orders events about this key: a put or delete with a lower
	// revision than the stored one is ignored.
	Revision   int64
	Passphrase string
	PMK        []byte
}

// UnknownDevicePolicy says what a venue does with a device that has no key.
type UnknownDevicePolicy string

// The unknown-device policies.
const (
	UnknownReject       UnknownDevicePolicy = "reject"
	UnknownRegistration UnknownDevicePolicy = "registration-vlan"
)

// Venue is a venue's RADIUS configuration.
type Venue struct {
	VenueID string
	// Secret is the RADIUS shared secret of the venue's gateways
	// (plaintext here, sealed in Redis). Empty means the server default.
	Secret string
	// RequireMessageAuthenticator rejects (drops) Access-Requests without
	// Message-Authenticator. Stored as its negation so the zero value is
	// the safe default: required.
	AllowMissingMessageAuthenticator bool
	UnknownDevice                    UnknownDevicePolicy
	RegistrationVLAN                 int
	// NASWhitelist, when not empty, lists the NAS-Identifiers or NAS IP
	// addresses allowed to authenticate devices of this venue.
	NASWhitelist []string
	Gateways     []Gateway
	Revision     int64
}

// RequireMessageAuthenticator reports whether requests must carry one.
func (v *Venue) RequireMessageAuthenticator() bool { return !v.AllowMissingMessageAuthenticator }

// Gateway is one NAS of a venue, known by its source address, its
// NAS-Identifier, or both.
type Gateway struct {
	VenueID       string
	Address       string // source IP address of its RADIUS packets
	NASIdentifier string
	Profile       string // vendor.Profile of its Access-Accepts
	CoAPort       int    // RFC 5176 port; 0 = 3799
}

// Session is one accounting session as stored.
type Session struct {
	Ref           string // venue|Acct-Session-Id
	VenueID       string
	SessionID     string
	KeyID         string
	UnitID        string
	MAC           string
	UserName      string
	NASAddress    string // source address of the accounting packets
	NASIdentifier string
	Started       int64 // epoch ms
	Updated       int64 // epoch ms
	InputOctets   uint64
	OutputOctets  uint64
	SessionTime   int64 // seconds
	Active        bool
}

// Usage is octets per unit per day.
type Usage struct {
	VenueID, UnitID, Day string // Day is yyyymmdd (UTC)
	InputOctets          uint64
	OutputOctets         uint64
	Sessions             int64
}
