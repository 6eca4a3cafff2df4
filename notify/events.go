package notify

// Event types the notification handler delivers. Subscriber commands record them with
// gremlinconsole.Call.WithEvent, Key = the SubscriberToken (so a subscriber's messages go
// out in order), and a payload with the fields below.
//
// Every payload carries the recipient:
//
//	SubscriberToken, EmailAddress, PhoneNumber.E164, GivenName, FamilyName, locale
//	("en-us", "es-xl"), contactpref_email, contactpref_sms (booleans), VenueID
//
// and, per type:
//
//   - SubscriberWelcome (addSubscriber): TemporaryPassword.sealed, and
//     StartDateTimeUTC (epoch ms, optional: the WelcomeEmail_countdown_hours hold).
//     Sent by email, and by SMS when contactpref_sms.
//   - TandCCodeRequested (resendCodeforTandC): Code.sealed. Email, and SMS when
//     contactpref_sms.
//   - PasswordResetRequested (initiateResetConsolePassword): OTP.sealed,
//     ExpiresDateTimeUTC (epoch ms). SMS when contactpref_sms and a phone exist, else email.
//   - PasswordResetCompleted (confirmResetConsolePassword): nothing more. Email.
//   - KeyStart / KeyEnd (the webhook events; the subscriber's fields above ride along in
//     the recorded payload and are not sent to the webhook): VenueName, ssid, UnitID.
//     Email, gated by sendSubscriptionAddedEmail / sendSubscriptionEndEmail.
const (
	EventSubscriberWelcome      = "SubscriberWelcome"
	EventTandCCodeRequested     = "TandCCodeRequested"
	EventPasswordResetRequested = "PasswordResetRequested"
	EventPasswordResetCompleted = "PasswordResetCompleted"
	EventKeyStart               = "KeyStart"
	EventKeyEnd                 = "KeyEnd"
)

// Types are the event types Notifier handles.
func Types() []string {
	return []string{EventSubscriberWelcome, EventTandCCodeRequested, EventPasswordResetRequested,
		EventPasswordResetCompleted, EventKeyStart, EventKeyEnd}
}

// Recipient is the part of every notification payload that says who receives it.
type Recipient struct {
	SubscriberToken  string `json:"SubscriberToken"`
	EmailAddress     string `json:"EmailAddress"`
	Phone            string `json:"PhoneNumber.E164"`
	GivenName        string `json:"GivenName"`
	FamilyName       string `json:"FamilyName"`
	Locale           string `json:"locale"`
	ContactPrefEmail bool   `json:"contactpref_email"`
	ContactPrefSMS   bool   `json:"contactpref_sms"`
	VenueID          string `json:"VenueID"`
}

// payload is every field a notification event may carry.
type payload struct {
	Recipient
	TemporaryPasswordSealed string `json:"TemporaryPassword.sealed"`
	CodeSealed              string `json:"Code.sealed"`
	OTPSealed               string `json:"OTP.sealed"`
	StartDateTimeUTC        int64  `json:"StartDateTimeUTC"`
	ExpiresDateTimeUTC      int64  `json:"ExpiresDateTimeUTC"`
	VenueName               string `json:"VenueName"`
	SSID                    string `json:"ssid"`
	UnitID                  string `json:"UnitID"`
}
