package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/schema"
)

// HandlerName is the outbox handler name of notifications.
const HandlerName = "notify"

// Notifier renders and sends notifications for outbox events. It is an outbox.Handler.
type Notifier struct {
	DB      *graphdb.DB
	Secrets *vaultcrypto.KeyRing
	Mail    Mailer
	SMS     Provider
	Log     *slog.Logger
	Now     func() time.Time
}

// Register makes the dispatcher deliver every notification type through n.
func (n *Notifier) Register(disp *outbox.Dispatcher) { disp.Handle(HandlerName, n, Types()...) }

// Settings are a venue's notification settings, resolved venue → operator → default.
type Settings struct {
	SuppressEmails, SuppressSMS  bool
	SendAddedEmail, SendEndEmail bool
	CountdownHours               int64
	VenueName, OperatorName      string
}

// operatorNameKey is where configureNetworkOperator stores NetworkOperatorName.
const operatorNameKey = "OperatorName"

var settingKeys = []string{string(schema.KeySuppressSubscriberEmails), string(schema.KeySuppressSubscriberSMS),
	string(schema.KeySendSubscriptionAddedEmail), string(schema.KeySendSubscriptionEndEmail),
	string(schema.KeyWelcomeEmailCountdownHours)}

// VenueSettings reads the notification settings of a venue (and its operator) now.
func (n *Notifier) VenueSettings(ctx context.Context, venueID, operatorID string) (Settings, error) {
	s := Settings{SendAddedEmail: true, SendEndEmail: true}
	resolved := map[string]any{}
	if operatorID != "" {
		r, err := graphdb.First(n.DB.G().V(schema.GraphID(schema.VertexOperator, operatorID)).
			HasLabel(string(schema.VertexOperator)).ValueMap("Notifications", operatorNameKey, string(schema.KeyNetworkOperatorName)))
		if err != nil {
			return s, err
		}
		if r != nil {
			props := graphdb.Flatten(r.GetInterface())
			s.OperatorName, _ = props[operatorNameKey].(string)
			if s.OperatorName == "" {
				s.OperatorName, _ = props[string(schema.KeyNetworkOperatorName)].(string)
			}
			if js, ok := props["Notifications"].(string); ok {
				var obj map[string]any
				if json.Unmarshal([]byte(js), &obj) == nil {
					for _, k := range settingKeys {
						if v, ok := obj[k]; ok {
							resolved[k] = v
						}
					}
				}
			}
		}
	}
	if venueID != "" {
		keys := []any{string(schema.KeyVenueName)}
		for _, k := range settingKeys {
			keys = append(keys, k)
		}
		r, err := graphdb.First(n.DB.G().V(schema.GraphID(schema.VertexVenue, venueID)).
			HasLabel(string(schema.VertexVenue)).ValueMap(keys...))
		if err != nil {
			return s, err
		}
		if r != nil {
			props := graphdb.Flatten(r.GetInterface())
			s.VenueName, _ = props[string(schema.KeyVenueName)].(string)
			for _, k := range settingKeys {
				if v, ok := props[k]; ok {
					resolved[k] = v
				}
			}
		}
	}
	boolean := func(k string, dst *bool) {
		if b, ok := resolved[k].(bool); ok {
			*dst = b
		}
	}
	boolean(string(schema.KeySuppressSubscriberEmails), &s.SuppressEmails)
	boolean(string(schema.KeySuppressSubscriberSMS), &s.SuppressSMS)
	boolean(string(schema.KeySendSubscriptionAddedEmail), &s.SendAddedEmail)
	boolean(string(schema.KeySendSubscriptionEndEmail), &s.SendEndEmail)
	switch h := resolved[string(schema.KeyWelcomeEmailCountdownHours)].(type) {
	case int64:
		s.CountdownHours = h
	case int32:
		s.CountdownHours = int64(h)
	case float64:
		s.CountdownHours = int64(h)
	}
	if s.OperatorName == "" {
		s.OperatorName = "WiFiVault"
	}
	return s, nil
}

func (n *Notifier) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

func (n *Notifier) log() *slog.Logger {
	if n.Log != nil {
		return n.Log
	}
	return slog.Default()
}

// plan says how an event type is sent.
type plan struct {
	template string
	email    bool // send by email
	sms      bool // also by SMS when the subscriber prefers it
	either   bool // SMS when preferred and possible, else email
}

var plans = map[string]plan{
	EventSubscriberWelcome:      {template: "Welcome", email: true, sms: true},
	EventTandCCodeRequested:     {template: "TandCCode", email: true, sms: true},
	EventPasswordResetRequested: {template: "PasswordReset", either: true},
	EventPasswordResetCompleted: {template: "PasswordResetCompleted", email: true},
	EventKeyStart:               {template: "KeyStart", email: true},
	EventKeyEnd:                 {template: "KeyEnd", email: true},
}

// Handle sends one event's notification per the venue's settings at send time.
func (n *Notifier) Handle(ctx context.Context, ev outbox.Event) error {
	pl, ok := plans[ev.Type]
	if !ok {
		return outbox.Permanent(fmt.Errorf("%s is not a notification type", ev.Type))
	}
	var p payload
	if err := ev.Decode(&p); err != nil {
		return err
	}
	st, err := n.VenueSettings(ctx, p.VenueID, ev.OperatorID)
	if err != nil {
		return err
	}
	if ev.Type == EventSubscriberWelcome && p.StartDateTimeUTC > 0 && st.CountdownHours > 0 {
		at := time.UnixMilli(p.StartDateTimeUTC).Add(-time.Duration(st.CountdownHours) * time.Hour)
		if n.now().Before(at) {
			return outbox.Defer(at, "WelcomeEmail_countdown_hours")
		}
	}
	switch {
	case ev.Type == EventKeyStart && !st.SendAddedEmail, ev.Type == EventKeyEnd && !st.SendEndEmail:
		return nil
	}
	d := Data{GivenName: p.GivenName, FamilyName: p.FamilyName, OperatorName: st.OperatorName, VenueName: p.VenueName,
		SSID: p.SSID, UnitID: p.UnitID}
	if d.VenueName == "" {
		d.VenueName = st.VenueName
	}
	open := func(sealed, field string) (string, error) {
		if sealed == "" {
			return "", outbox.Permanent(fmt.Errorf("event %s: %s missing", ev.ID, field))
		}
		v, err := outbox.Open(n.Secrets, sealed)
		if err != nil {
			return "", outbox.Permanent(fmt.Errorf("event %s: %s does not open", ev.ID, field))
		}
		return v, nil
	}
	switch ev.Type {
	case EventSubscriberWelcome:
		if d.TemporaryPassword, err = open(p.TemporaryPasswordSealed, "TemporaryPassword.sealed"); err != nil {
			return err
		}
	case EventTandCCodeRequested:
		if d.Code, err = open(p.CodeSealed, "Code.sealed"); err != nil {
			return err
		}
	case EventPasswordResetRequested:
		if d.Code, err = open(p.OTPSealed, "OTP.sealed"); err != nil {
			return err
		}
		if p.ExpiresDateTimeUTC > 0 {
			d.ExpiresMinutes = max(0, int(time.Until(time.UnixMilli(p.ExpiresDateTimeUTC)).Round(time.Minute)/time.Minute))
		}
	}
	canEmail := p.EmailAddress != "" && !st.SuppressEmails
	canSMS := p.Phone != "" && p.ContactPrefSMS && !st.SuppressSMS
	sendEmail, sendSMS := pl.email && canEmail, pl.sms && canSMS
	if pl.either {
		sendSMS = canSMS
		sendEmail = !sendSMS && canEmail
	}
	var errs []error
	if sendEmail {
		subject, body, err := Render(ChannelEmail, pl.template, p.Locale, d)
		if err != nil {
			return outbox.Permanent(err)
		}
		if err := n.Mail.SendEmail(ctx, Email{To: p.EmailAddress, Subject: subject, Body: body, Template: pl.template}); err != nil {
			errs = append(errs, err)
		}
	}
	if sendSMS {
		_, text, err := Render(ChannelSMS, pl.template, p.Locale, d)
		if err != nil {
			return outbox.Permanent(err)
		}
		if err := n.SMS.SendSMS(ctx, SMS{To: p.Phone, Text: text, Template: pl.template}); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	n.log().Info("notification sent", "event", ev.ID, "type", ev.Type, "template", pl.template,
		"email", sendEmail, "sms", sendSMS, "locale", ResolveLocale(p.Locale))
	return nil
}
