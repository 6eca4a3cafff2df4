// Package webhooks delivers the platform's events to the operator's WebhookURL (the
// operator vertex's WebhookURL property, set by configureNetworkOperator), signed, at least
// once, in order per event Key, from the outbox (see package outbox).
//
// # What is POSTed
//
// One JSON object per event, the envelope of the seeds' samples without the log-only
// webhookresponse field:
//
//	{"dateAddedUTC.ISO8601": "...", "Type": "KeyStart", "WebhookURL": "...", "Payload": {...}}
//
// Payload carries exactly the fields the seeds list for the Type, in their order (Payloads
// and PayloadFields), taken from what the command recorded; a field it did not record is
// sent as "" (0 for vlan and VenueUnitPriceAdjustment, false for contactpref_*). Secrets are
// recorded sealed (outbox.Seal) under "<field>.sealed" (psk.sealed for KeyStart/KeyEnd)
// and opened only into the request body; delivery records keep them masked.
//
// Headers: Content-Type application/json; Wifivault-Event-ID (the outbox event id, the
// same on every retry: the idempotency key); Wifivault-Event-Type; Wifivault-Delivery-Attempt;
// and Wifivault-Signature.
//
// # Verifying a delivery (receivers)
//
// Wifivault-Signature is "t=<unix seconds>,v1=<hex>" where hex is
// HMAC-SHA256(secret, "<t>.<raw request body>") in lower-case hex, with the operator's
// signing secret (the whole "whsec_..." string, as returned by
// Operator.rotateWebhookSecret). A receiver must:
//
//  1. compute the HMAC over the exact bytes received and compare it in constant time with
//     every v1 value in the header (during a rotation there may be more than one);
//  2. reject a timestamp further than its tolerance (5 minutes is usual) from its own clock,
//     which bounds replays to that window;
//  3. reject a Wifivault-Event-ID it has already processed within the window (a retried
//     delivery carries the same id and a fresh signature, so it is a duplicate, not a
//     forgery: answer 2xx).
//
// Verify does 1 and 2.
//
// # Signing secret
//
// The service generates the secret (32 random bytes, "whsec_" + base64url) and keeps it
// encrypted with the vaultcrypto KeyRing in the operator vertex's WebhookSigningSecret
// property. Operator.rotateWebhookSecret returns it once: the first call creates it, later
// calls replace it (deliveries from then on are signed with the new one). Until a secret
// exists, deliveries fail and are retried (and dead-lettered after the dispatcher's
// MaxAttempts), because an unsigned request cannot be told from a forgery.
//
// # Delivery records
//
// Every attempt updates one webhook_delivery vertex per (event, operator): Status
// (pending, delivered, failed, dead), Attempts, ResponseCode, webhookresponse, the times,
// the envelope with secrets masked. ListDeliveries serves listWebhookLog.
package webhooks
