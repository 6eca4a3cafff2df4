package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// SMTPURLEnv names the variable holding the SMTP server URL.
const SMTPURLEnv = "WIFIVAULT_SMTP_URL"

// Email is one message to send.
type Email struct {
	To, Subject, Body string
	// Template names the template, for logs.
	Template string
}

// Mailer sends email.
type Mailer interface {
	SendEmail(ctx context.Context, m Email) error
}

// SMTPMailer sends through an SMTP server with net/smtp (STARTTLS when the server offers
// it; PLAIN authentication when the URL has a user, which net/smtp allows only over TLS or
// to localhost).
type SMTPMailer struct {
	Addr string
	From string
	Auth smtp.Auth
}

// NewSMTPMailer parses smtp://[user:password@]host:port[?from=address]; the sender
// defaults to no-reply@<host>.
func NewSMTPMailer(raw string) (*SMTPMailer, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Host == "" {
		return nil, fmt.Errorf("%s must look like smtp://host:port", SMTPURLEnv)
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil {
		host, port = u.Host, "25"
	}
	m := &SMTPMailer{Addr: net.JoinHostPort(host, port), From: u.Query().Get("from")}
	if m.From == "" {
		m.From = "no-reply@" + host
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		return nil, fmt.Errorf("%s: from=%q is not an address", SMTPURLEnv, m.From)
	}
	if u.User != nil {
		pw, _ := u.User.Password()
		m.Auth = smtp.PlainAuth("", u.User.Username(), pw, host)
	}
	return m, nil
}

// SendEmail sends m as a UTF-8 text/plain message.
func (s *SMTPMailer) SendEmail(ctx context.Context, m Email) error {
	if _, err := mail.ParseAddress(m.To); err != nil || strings.ContainsAny(m.To, "\r\n") {
		return fmt.Errorf("invalid recipient address")
	}
	var id [12]byte
	_, _ = rand.Read(id[:])
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\n", s.From)
	fmt.Fprintf(&b, "To: %s\r\n", m.To)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().UTC().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@wifivault>\r\n", hex.EncodeToString(id[:]))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n"))
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(s.Addr, s.Auth, s.From, []string{m.To}, b.Bytes()) }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("smtp: %w", err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("smtp: %w", ctx.Err())
	}
}

// LogMailer is the mailer when no SMTP server is configured: it logs that an email would
// have been sent, to whom and which template, never its text.
type LogMailer struct{ Log *slog.Logger }

// SendEmail logs the message's recipient and template.
func (l LogMailer) SendEmail(ctx context.Context, m Email) error {
	l.Log.Info("email not sent: no SMTP server configured", "to", m.To, "template", m.Template)
	return nil
}
