package notify_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/internal/smtptest"
	"github.com/wifivault/wifivault/notify"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/outbox/outboxtest"
	"github.com/wifivault/wifivault/schema"
)

const password = "Temp-Pa55-word"

func TestNotifications(t *testing.T) {
	kr, err := vaultcrypto.NewKeyRing(bytes.Repeat([]byte{9}, vaultcrypto.MasterKeySize))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := outbox.Seal(kr, password)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	base := func(extra map[string]any) map[string]any {
		p := map[string]any{"SubscriberToken": "SUB1", "EmailAddress": "ana@example.test", "PhoneNumber.E164": "+15555550100",
			"GivenName": "Ana", "locale": "en-us", "contactpref_sms": true, "VenueID": "VENUE1"}
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	for _, tc := range []struct {
		name      string
		venue     map[string]any
		typ       string
		payload   map[string]any
		passes    int // dispatcher passes, one clock hour apart
		wantMails int
		wantSMS   int
		wantBody  string
	}{
		{"welcome by email and SMS", nil, notify.EventSubscriberWelcome,
			base(map[string]any{"TemporaryPassword.sealed": sealed}), 1, 1, 1, "Hello Ana"},
		{"welcome in es-xl", nil, notify.EventSubscriberWelcome,
			base(map[string]any{"TemporaryPassword.sealed": sealed, "locale": "es-xl"}), 1, 1, 1, "Hola Ana"},
		{"unknown locale falls back to en-us", nil, notify.EventSubscriberWelcome,
			base(map[string]any{"TemporaryPassword.sealed": sealed, "locale": "fr-fr"}), 1, 1, 1, "Hello Ana"},
		{"suppressSubscriberEmails", map[string]any{"suppressSubscriberEmails": true}, notify.EventSubscriberWelcome,
			base(map[string]any{"TemporaryPassword.sealed": sealed}), 1, 0, 1, ""},
		{"suppressSubscriberSMS", map[string]any{"suppressSubscriberSMS": true}, notify.EventSubscriberWelcome,
			base(map[string]any{"TemporaryPassword.sealed": sealed}), 1, 1, 0, "Hello Ana"},
		{"countdown holds the welcome", map[string]any{"WelcomeEmail_countdown_hours": int64(24)}, notify.EventSubscriberWelcome,
			base(map[string]any{"TemporaryPassword.sealed": sealed, "StartDateTimeUTC": t0.Add(72 * time.Hour).UnixMilli()}), 3, 0, 0, ""},
		{"countdown releases the welcome", map[string]any{"WelcomeEmail_countdown_hours": int64(24)}, notify.EventSubscriberWelcome,
			base(map[string]any{"TemporaryPassword.sealed": sealed, "StartDateTimeUTC": t0.Add(26 * time.Hour).UnixMilli()}), 4, 1, 1, "Hello Ana"},
		{"password reset by SMS when preferred", nil, notify.EventPasswordResetRequested,
			base(map[string]any{"OTP.sealed": sealed, "ExpiresDateTimeUTC": time.Now().Add(15 * time.Minute).UnixMilli()}), 1, 0, 1, ""},
		{"password reset by email otherwise", nil, notify.EventPasswordResetRequested,
			base(map[string]any{"OTP.sealed": sealed, "contactpref_sms": false}), 1, 1, 0, "password reset code is " + password},
		{"KeyStart email", nil, notify.EventKeyStart, base(map[string]any{"ssid": "VAULT", "UnitID": "101"}), 1, 1, 0, "VAULT"},
		{"sendSubscriptionAddedEmail false", map[string]any{"sendSubscriptionAddedEmail": false}, notify.EventKeyStart,
			base(nil), 1, 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := outboxtest.Graph(t)
			addVenue(t, db, "OP1", "VENUE1", tc.venue)
			smtp := smtptest.Start(t)
			mailer, err := notify.NewSMTPMailer(smtp.URL() + "?from=wifi@operator.test")
			if err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			clock := outboxtest.NewClock(t0)
			disp := outbox.New(db, outbox.Options{Now: clock.Now, Log: log})
			(&notify.Notifier{DB: db, Secrets: kr, Mail: mailer, SMS: notify.LogProvider{Log: log}, Log: log, Now: clock.Now}).Register(disp)
			outboxtest.Record(t, db, t0, "OP1", gremlinconsole.Event{Type: tc.typ, Key: "SUB1", Payload: tc.payload})
			for i := 0; i < tc.passes; i++ {
				if _, err := disp.RunOnce(context.Background()); err != nil {
					t.Fatal(err)
				}
				clock.Advance(time.Hour)
			}
			msgs := smtp.Messages()
			if len(msgs) != tc.wantMails {
				t.Fatalf("%d emails, want %d", len(msgs), tc.wantMails)
			}
			if n := strings.Count(logs.String(), "sms sent"); n != tc.wantSMS {
				t.Errorf("%d SMS, want %d", n, tc.wantSMS)
			}
			if tc.wantMails > 0 {
				m := msgs[0]
				if m.From != "wifi@operator.test" || len(m.To) != 1 || m.To[0] != "ana@example.test" {
					t.Errorf("envelope %s -> %v", m.From, m.To)
				}
				if !strings.Contains(m.Body(), tc.wantBody) {
					t.Errorf("body lacks %q:\n%s", tc.wantBody, m.Body())
				}
				if tc.typ == notify.EventSubscriberWelcome && !strings.Contains(m.Body(), password) {
					t.Errorf("welcome email lacks the temporary password")
				}
				if m.Header().Get("Subject") == "" {
					t.Errorf("no subject")
				}
			}
			if strings.Contains(logs.String(), password) {
				t.Errorf("a log line carries the password:\n%s", logs.String())
			}
		})
	}
}

func addVenue(t *testing.T, db *graphdb.DB, op, venue string, settings map[string]any) {
	t.Helper()
	single := gremlingo.Cardinality.Single
	if err := graphdb.Exec(db.G().AddV(string(schema.VertexOperator)).Property(gremlingo.T.Id, schema.GraphID(schema.VertexOperator, op)).
		Property(single, "OperatorName", "MetroWiFi")); err != nil {
		t.Fatal(err)
	}
	tr := db.G().AddV(string(schema.VertexVenue)).Property(gremlingo.T.Id, schema.GraphID(schema.VertexVenue, venue)).
		Property(single, "VenueName", "Harbor Lofts").Property(single, "OperatorID", op)
	for k, v := range settings {
		tr = tr.Property(single, k, v)
	}
	if err := graphdb.Exec(tr); err != nil {
		t.Fatal(err)
	}
}

func TestTemplates(t *testing.T) {
	all := notify.Templates()
	for _, ch := range []string{notify.ChannelEmail, notify.ChannelSMS} {
		for _, name := range []string{"Welcome", "TandCCode", "PasswordReset"} {
			for _, loc := range notify.Locales {
				t.Run(ch+"/"+loc+"/"+name, func(t *testing.T) {
					found := false
					for _, tp := range all {
						if tp.Channel == ch && tp.Locale == loc && tp.Name == name {
							found = len(tp.Variables) > 0
						}
					}
					if !found {
						t.Fatal("template missing or without variables")
					}
					_, body, err := notify.Render(ch, name, loc, notify.Data{GivenName: "Ana", TemporaryPassword: "P", Code: "C"})
					if err != nil || body == "" {
						t.Fatalf("render: %v", err)
					}
				})
			}
		}
	}
}
