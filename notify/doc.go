// Package notify sends subscribers their emails (SMTP, WIFIVAULT_SMTP_URL) and SMS (a
// Provider; a log-only provider by default) from the outbox, rendered from templates per
// locale (en-us, es-xl; anything else falls back to en-us), honouring the venue's
// notification settings at send time.
//
// Commands record the events in notify/events.go; Notifier.Register makes an outbox
// dispatcher deliver them under the handler name "notify" (its own lane per Key, so a
// webhook receiver that is down never delays an email).
//
// # Venue settings (read from the venue vertex when the message is sent)
//
//   - suppressSubscriberEmails / suppressSubscriberSMS: no email / no SMS to the venue's
//     subscribers. An OTP or T&C code still goes out on the other channel when the
//     subscriber has one; when neither channel is allowed the event is done, unsent.
//   - sendSubscriptionAddedEmail / sendSubscriptionEndEmail: gate the KeyStart / KeyEnd
//     emails (default true).
//   - WelcomeEmail_countdown_hours: the welcome message of a subscription that starts in
//     the future is held until that many hours before StartDateTimeUTC (0: sent at once).
//     This is our reading of the seeds' "welcome email timing configuration".
//
// A setting missing on the venue is taken from the operator's Notifications object
// (configureNetworkOperator), then from the defaults above: the seeds' "inherits from the
// operator if not set".
//
// # Secrets
//
// Temporary passwords, T&C codes and OTPs are recorded sealed (outbox.Seal) and opened only
// to render the message. Nothing here logs a message text, a code or a password: the log
// says which template went to which recipient over which channel.
package notify
