package subscribers

import (
	"context"
	"fmt"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/schema"
)

func (s *Commands) eraseGroup() ([]*gremlinconsole.Command, []Route) {
	byToken := []gremlinconsole.Param{pTokenReq, pOperator}
	return []*gremlinconsole.Command{
			{
				Name:     "Subscriber.closeSubscriberAccount",
				Summary:  "Closes an account: subscriptions ended, every key removed (KeyEnd), sign-in disabled, status Closed.",
				Roles:    operatorConsole,
				Mutating: true,
				Params:   params(subscriberQ, []gremlinconsole.Param{pOperator, pVenue, {Name: "Reason", Kind: gremlinconsole.String, MaxLen: 40}}),
				Scope:    venueScope,
				Run:      s.closeSubscriberAccount,
			},
			{
				Name:     "Subscriber.deleteSubscriberTransactionsPermanently",
				Summary:  "Closes the account, then deletes its subscriptions, payments and unit policies permanently.",
				Roles:    erasers,
				Mutating: true,
				Params:   byToken,
				Scope:    opScope,
				Run:      s.deleteTransactions,
			},
			{
				Name:     "Subscriber.deleteSubscriberAccountPermanently",
				Summary:  "Erases a subscriber (GDPR art. 17): account, keys, devices, sessions, messages, payments and log entries about them; one audit entry of the erasure is kept.",
				Roles:    erasers,
				Mutating: true,
				Params:   byToken,
				Scope:    opScope,
				Run:      s.deleteAccount,
			},
		}, []Route{
			{"/networkoperatorconsole/subscribers/closeSubscriberAccount", "Subscriber.closeSubscriberAccount"},
			{"/networkoperatorconsole/admin/deleteSubscriberTransactionsPermanently", "Subscriber.deleteSubscriberTransactionsPermanently"},
			{"/networkoperatorconsole/admin/deleteSubscriberAccountPermanently", "Subscriber.deleteSubscriberAccountPermanently"},
		}
}

// closeAccount appends to t the closure: every key removed with its claim (KeyEnd each),
// subscriptions ended now, sign-in disabled, password hashes and reset code dropped.
func (s *Commands) closeAccount(c *gremlinconsole.Call, t *gremlingo.GraphTraversal, sub *subscriber) (*gremlingo.GraphTraversal, error) {
	keys, err := readKeys(c, sub.token())
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if t, err = s.endKey(c, t, k); err != nil {
			return nil, err
		}
	}
	now := c.NowMillis()
	v := __.V(subscriberVID(sub.token()))
	v = set(set(set(v, keyStatus, StatusClosed), identity.KeyConsoleStatus, identity.ConsoleDisabled), keyClosed, now)
	v = v.SideEffect(__.Properties(identity.KeyPasswordHash, identity.KeyTemporaryPasswordHash, keyResetCode, keyResetStart).Drop()).
		SideEffect(set(set(__.Out(edgeSubscription).HasNot(keyClosed), keyEnd, now), keyClosed, now))
	return t.SideEffect(v), nil
}

// closeSubscriberAccount: the account stays (for the records the law keeps) but has no
// access left. Refunds wait for billing.
func (s *Commands) closeSubscriberAccount(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if !identifierGiven(c.Params) {
		return nil, &gremlinconsole.ValidationError{Field: "SubscriberToken", Message: "is required (or EmailAddress)"}
	}
	sub, err := loadSubscriber(c)
	if err != nil {
		return nil, err
	}
	t, err := s.closeAccount(c, c.G().V(subscriberVID(sub.token())).As("target").Fold(), sub)
	if err != nil {
		return nil, err
	}
	reason := sanitize(c.Params.String("Reason"))
	t = c.WithAudit(t, gremlinconsole.Audit{Target: sub.token(), Message: "Account closed. " + reason,
		Changes: []gremlinconsole.Change{{Field: "Status", Before: str(sub.props, keyStatus), After: StatusClosed}}, Operator: sub.operator()})
	t = c.WithEvent(t, gremlinconsole.Event{Type: EventSubscriberClosed, Key: sub.token(), Payload: map[string]any{
		"SubscriberToken": sub.token(), "Reason": reason}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"success": true, "message": fmt.Sprintf("Account Closed - %s. Reason: %s", sub.token(), reason),
		"accountClosure": map[string]any{"Status": StatusClosed, "ClosedDateTimeUTC.ISO8601": iso(c.NowMillis())}}, nil
}

// eraseTransactions appends the deletion of the subscriber's subscriptions and their
// payments (unit policies went with the keys in closeAccount).
func eraseTransactions(t *gremlingo.GraphTraversal, token string) *gremlingo.GraphTraversal {
	return t.SideEffect(__.V(subscriberVID(token)).Out(edgeSubscription).Out(edgeSubscriptionPayment).Drop()).
		SideEffect(__.V(subscriberVID(token)).Out(edgeSubscription).Drop())
}

func (s *Commands) deleteTransactions(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	sub, err := loadSubscriber(c)
	if err != nil {
		return nil, err
	}
	t, err := s.closeAccount(c, c.G().Inject(0), sub)
	if err != nil {
		return nil, err
	}
	t = eraseTransactions(t, sub.token())
	t = c.WithAudit(t, gremlinconsole.Audit{Target: sub.token(), Message: "Deleted transactions permanently", Operator: sub.operator()})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": "Subscription closed. Transactions removed. ", "errorProcessing": false, "statusCode": 200}, nil
}

// deleteAccount erases the person: after closing, it deletes subscriptions and payments,
// messages, devices and their sessions, sessions of the keys, the value claims of the
// email, phone and external id, the log entries about the subscriber and their undelivered
// outbox events, and the subscriber vertex. What is kept is one audit entry of the erasure
// naming the token (no PII), as the seeds require ("the audit record is retained").
func (s *Commands) deleteAccount(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	sub, err := loadSubscriber(c)
	if err != nil {
		return nil, err
	}
	tok := sub.token()
	t := c.G().Inject(0).
		SideEffect(__.V(subscriberVID(tok)).Out(edgeSubscriberPSK).In(edgeSessionOfPSK).Drop()).
		SideEffect(__.V(subscriberVID(tok)).Out(edgeSubscriberDevice).Drop()).
		SideEffect(__.V(subscriberVID(tok)).In(edgeMessageToSubscriber).Drop()).
		SideEffect(__.V().HasLabel(gremlinconsole.LabelLogEntry).Has(gremlinconsole.KeyOperatorID, sub.operator()).Has("Target", tok).Drop()).
		SideEffect(__.V().HasLabel(gremlinconsole.LabelOutboxEvent).Has(string(schema.KeyOrderingKey), tok).Drop())
	// closeAccount's KeyEnd events come after the drops, so they stay and tell the network
	// to forget the keys (they carry the token and sealed passphrase, no PII).
	if t, err = s.closeAccount(c, t, sub); err != nil {
		return nil, err
	}
	t = eraseTransactions(t, tok).
		SideEffect(__.V(subscriberVID(tok)).In(edgeClaimHeldBy).Drop()).
		SideEffect(__.V(subscriberVID(tok)).Drop())
	t = c.WithAudit(t, gremlinconsole.Audit{Target: tok, Message: "Subscriber account deleted permanently (GDPR erasure).", Operator: sub.operator()})
	t = c.WithEvent(t, gremlinconsole.Event{Type: EventSubscriberErased, Key: tok, Payload: map[string]any{"SubscriberToken": tok}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": "Subscription closed. Transactions removed. Subscriber account deleted. ", "errorProcessing": false, "statusCode": 200}, nil
}
