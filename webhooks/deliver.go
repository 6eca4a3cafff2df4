package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/schema"
)

var __ = gremlingo.T__

// HandlerName is the outbox handler name of webhook delivery.
const HandlerName = "webhook"

// Deliverer POSTs webhook events to their operator's WebhookURL. It is an outbox.Handler.
type Deliverer struct {
	DB      *graphdb.DB
	Secrets *vaultcrypto.KeyRing
	// Client sends the requests [10 s timeout, no redirects followed].
	Client *http.Client
	Log    *slog.Logger
	// Now stamps delivery records [time.Now]; signatures always use the wall clock.
	Now func() time.Time
}

// Register makes the dispatcher deliver every webhook type through d.
func (d *Deliverer) Register(disp *outbox.Dispatcher) { disp.Handle(HandlerName, d, Types()...) }

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Deliverer) client() *http.Client {
	if d.Client != nil {
		return d.Client
	}
	return &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

func (d *Deliverer) log() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.Default()
}

// isoMillis renders epoch milliseconds as the seeds' ISO 8601 form.
func isoMillis(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// Handle delivers one event: nothing when the operator has no WebhookURL (the seeds send
// webhooks only then), otherwise a signed POST, recorded in a webhook_delivery vertex.
// A non-2xx answer or a transport error is returned for the outbox to retry.
func (d *Deliverer) Handle(ctx context.Context, ev outbox.Event) error {
	if _, ok := payloads[ev.Type]; !ok {
		return outbox.Permanent(fmt.Errorf("%s is not a webhook type", ev.Type))
	}
	if ev.OperatorID == "" {
		return nil
	}
	r, err := graphdb.First(d.DB.G().V(schema.GraphID(schema.VertexOperator, ev.OperatorID)).
		HasLabel(string(schema.VertexOperator)).
		Project("url", "secret").
		By(__.Coalesce(__.Values(KeyWebhookURL), __.Constant(""))).
		By(__.Coalesce(__.Values(KeySigningSecret), __.Constant(""))))
	if err != nil {
		return err
	}
	if r == nil {
		return nil // the operator is gone: nobody to tell
	}
	m, _ := r.GetInterface().(map[any]any)
	target, _ := m["url"].(string)
	sealedSecret, _ := m["secret"].(string)
	if target == "" {
		return nil
	}
	body, masked, venue, err := d.envelope(ev, target)
	if err != nil {
		return outbox.Permanent(err)
	}
	rec := record{ev: ev, url: target, venue: venue, envelope: masked, at: d.now()}
	if sealedSecret == "" {
		rec.response = "no signing secret: run Operator.rotateWebhookSecret"
		d.save(rec)
		return errors.New("webhook not sent: the operator has no signing secret yet")
	}
	secret, err := OpenSigningSecret(d.Secrets, sealedSecret)
	if err != nil {
		return fmt.Errorf("webhook signing secret of %s: %w", ev.OperatorID, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return outbox.Permanent(errors.New("WebhookURL is not a valid URL"))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "wifivault-webhooks/1")
	req.Header.Set(EventIDHeader, ev.ID)
	req.Header.Set(EventTypeHeader, ev.Type)
	req.Header.Set(AttemptHeader, strconv.Itoa(ev.Attempt))
	req.Header.Set(SignatureHeader, Sign(secret, time.Now(), body)) // receivers check it against their wall clock
	resp, err := d.client().Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL may carry the receiver's token: keep it out of errors and logs
		}
		rec.response = truncate(err.Error(), 200)
		d.save(rec)
		return fmt.Errorf("webhook %s: %w", ev.Type, err)
	}
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	resp.Body.Close()
	rec.code = resp.StatusCode
	rec.response = truncate(strings.TrimSpace(string(answer)), 200)
	if rec.response == "" {
		rec.response = http.StatusText(resp.StatusCode)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		d.save(rec)
		return fmt.Errorf("webhook %s: receiver answered %d", ev.Type, resp.StatusCode)
	}
	rec.delivered = true
	d.save(rec)
	return nil
}

// envelope builds the POST body, the same with secrets masked for the delivery record,
// and the venue the event concerns.
func (d *Deliverer) envelope(ev outbox.Event, target string) (body, masked []byte, venue string, err error) {
	recorded := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(ev.Payload))
	dec.UseNumber()
	if err := dec.Decode(&recorded); err != nil {
		return nil, nil, "", fmt.Errorf("event %s: undecodable payload: %w", ev.ID, err)
	}
	added := isoMillis(ev.DateAdded)
	var clear, mask orderedObject
	for _, f := range payloads[ev.Type] {
		v, ok := recorded[f.Name]
		if !ok {
			v = f.Default
		}
		switch f.Name {
		case "Type":
			v = ev.Type
		case "dateAddedUTC.ISO8601":
			if s, _ := v.(string); s == "" {
				v = added
			}
		}
		if secretFields[f.Name] {
			if sealed, _ := recorded[f.Name+".sealed"].(string); sealed != "" {
				plain, err := outbox.Open(d.Secrets, sealed)
				if err != nil {
					return nil, nil, "", fmt.Errorf("event %s: %s.sealed does not open: %w", ev.ID, f.Name, err)
				}
				v = plain
			}
			s, _ := v.(string)
			clear.add(f.Name, v)
			mask.add(f.Name, vaultcrypto.Mask(s))
			continue
		}
		clear.add(f.Name, v)
		mask.add(f.Name, v)
	}
	venue, _ = recorded["VenueID"].(string)
	wrap := func(p orderedObject) ([]byte, error) {
		var env orderedObject
		env.add("dateAddedUTC.ISO8601", added)
		env.add("Type", ev.Type)
		env.add("WebhookURL", target)
		env.add("Payload", p)
		return json.Marshal(env)
	}
	if body, err = wrap(clear); err != nil {
		return nil, nil, "", err
	}
	if masked, err = wrap(mask); err != nil {
		return nil, nil, "", err
	}
	return body, masked, venue, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
