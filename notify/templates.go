package notify

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"text/template"
)

// Channels.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// Locales are the template locales; DefaultLocale is the fallback.
var Locales = []string{"en-us", "es-xl"}

// DefaultLocale is used when a subscriber's locale has no template.
const DefaultLocale = "en-us"

// Template is one message template (listEmailTemplates, listSMSTemplates).
type Template struct {
	Channel string `json:"Channel"`
	Locale  string `json:"locale"`
	Name    string `json:"Name"`
	// Subject is empty for SMS.
	Subject string `json:"Subject,omitempty"`
	Body    string `json:"Body"`
	// Variables are the {{.Name}} fields the template uses.
	Variables []string `json:"Variables"`
}

// Data is what templates may use.
type Data struct {
	GivenName, FamilyName string
	OperatorName          string
	VenueName             string
	SSID, UnitID          string
	TemporaryPassword     string
	Code                  string
	ExpiresMinutes        int
}

type text struct{ subject, body string }

// catalog holds the templates by channel, locale and name.
var catalog = map[string]map[string]map[string]text{
	ChannelEmail: {
		"en-us": {
			"Welcome": {"Welcome to {{.OperatorName}} WiFi at {{.VenueName}}",
				"Hello {{.GivenName}},\n\nYour WiFi account at {{.VenueName}} is ready. Sign in with your email address and this temporary password, then accept the terms and conditions and choose your own password, which becomes your WiFi key:\n\n    {{.TemporaryPassword}}\n\n{{.OperatorName}}\n"},
			"TandCCode": {"Your {{.OperatorName}} code",
				"Hello {{.GivenName}},\n\nUse this code to accept the terms and conditions for {{.VenueName}}:\n\n    {{.Code}}\n\n{{.OperatorName}}\n"},
			"PasswordReset": {"Reset your {{.OperatorName}} password",
				"Hello {{.GivenName}},\n\nYour password reset code is {{.Code}}. It expires in {{.ExpiresMinutes}} minutes. If you did not ask for it, ignore this message.\n\n{{.OperatorName}}\n"},
			"PasswordResetCompleted": {"Your {{.OperatorName}} password was changed",
				"Hello {{.GivenName}},\n\nYour password was changed. If this was not you, contact support at once.\n\n{{.OperatorName}}\n"},
			"KeyStart": {"Your WiFi at {{.VenueName}} is active",
				"Hello {{.GivenName}},\n\nYour WiFi key for {{.SSID}} at {{.VenueName}} (unit {{.UnitID}}) is now active.\n\n{{.OperatorName}}\n"},
			"KeyEnd": {"Your WiFi at {{.VenueName}} has ended",
				"Hello {{.GivenName}},\n\nYour WiFi key for {{.SSID}} at {{.VenueName}} (unit {{.UnitID}}) is no longer active.\n\n{{.OperatorName}}\n"},
		},
		"es-xl": {
			"Welcome": {"Bienvenido al WiFi de {{.OperatorName}} en {{.VenueName}}",
				"Hola {{.GivenName}}:\n\nSu cuenta WiFi en {{.VenueName}} está lista. Inicie sesión con su correo electrónico y esta contraseña temporal, acepte los términos y condiciones y elija su propia contraseña, que será su clave WiFi:\n\n    {{.TemporaryPassword}}\n\n{{.OperatorName}}\n"},
			"TandCCode": {"Su código de {{.OperatorName}}",
				"Hola {{.GivenName}}:\n\nUse este código para aceptar los términos y condiciones de {{.VenueName}}:\n\n    {{.Code}}\n\n{{.OperatorName}}\n"},
			"PasswordReset": {"Restablezca su contraseña de {{.OperatorName}}",
				"Hola {{.GivenName}}:\n\nSu código para restablecer la contraseña es {{.Code}}. Vence en {{.ExpiresMinutes}} minutos. Si no lo pidió, ignore este mensaje.\n\n{{.OperatorName}}\n"},
			"PasswordResetCompleted": {"Su contraseña de {{.OperatorName}} fue cambiada",
				"Hola {{.GivenName}}:\n\nSu contraseña fue cambiada. Si no fue usted, comuníquese con soporte de inmediato.\n\n{{.OperatorName}}\n"},
			"KeyStart": {"Su WiFi en {{.VenueName}} está activo",
				"Hola {{.GivenName}}:\n\nSu clave WiFi para {{.SSID}} en {{.VenueName}} (unidad {{.UnitID}}) ya está activa.\n\n{{.OperatorName}}\n"},
			"KeyEnd": {"Su WiFi en {{.VenueName}} ha terminado",
				"Hola {{.GivenName}}:\n\nSu clave WiFi para {{.SSID}} en {{.VenueName}} (unidad {{.UnitID}}) ya no está activa.\n\n{{.OperatorName}}\n"},
		},
	},
	ChannelSMS: {
		"en-us": {
			"Welcome":       {"", "{{.OperatorName}}: your WiFi at {{.VenueName}} is ready. Temporary password: {{.TemporaryPassword}}"},
			"TandCCode":     {"", "{{.OperatorName}}: your code to accept the terms is {{.Code}}"},
			"PasswordReset": {"", "{{.OperatorName}}: your password reset code is {{.Code}} (expires in {{.ExpiresMinutes}} min)"},
		},
		"es-xl": {
			"Welcome":       {"", "{{.OperatorName}}: su WiFi en {{.VenueName}} está listo. Contraseña temporal: {{.TemporaryPassword}}"},
			"TandCCode":     {"", "{{.OperatorName}}: su código para aceptar los términos es {{.Code}}"},
			"PasswordReset": {"", "{{.OperatorName}}: su código para restablecer la contraseña es {{.Code}} (vence en {{.ExpiresMinutes}} min)"},
		},
	},
}

// parsed holds the compiled templates; a template that does not parse is a programming
// error, caught at start-up.
var parsed = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for ch, locales := range catalog {
		for loc, names := range locales {
			for name, tx := range names {
				k := ch + "/" + loc + "/" + name
				out[k+"/subject"] = template.Must(template.New(k).Option("missingkey=error").Parse(tx.subject))
				out[k+"/body"] = template.Must(template.New(k).Option("missingkey=error").Parse(tx.body))
			}
		}
	}
	return out
}()

// ResolveLocale returns the template locale for a subscriber's locale: itself when
// templates exist for it (case-insensitive), otherwise DefaultLocale.
func ResolveLocale(locale string) string {
	l := strings.ToLower(strings.TrimSpace(locale))
	for _, s := range Locales {
		if s == l {
			return s
		}
	}
	return DefaultLocale
}

// Render renders a template for a locale (with fallback to en-us).
func Render(channel, name, locale string, d Data) (subject, body string, err error) {
	k := channel + "/" + ResolveLocale(locale) + "/" + name
	st, ok := parsed[k+"/subject"]
	if !ok {
		return "", "", fmt.Errorf("notify: no %s template %q", channel, name)
	}
	var s, b bytes.Buffer
	if err := st.Execute(&s, d); err != nil {
		return "", "", err
	}
	if err := parsed[k+"/body"].Execute(&b, d); err != nil {
		return "", "", err
	}
	return s.String(), b.String(), nil
}

// Templates lists every template, by channel, locale and name.
func Templates() []Template {
	var out []Template
	for ch, locales := range catalog {
		for loc, names := range locales {
			for name, tx := range names {
				out = append(out, Template{Channel: ch, Locale: loc, Name: name, Subject: tx.subject, Body: tx.body,
					Variables: variables(tx.subject + tx.body)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Channel != b.Channel {
			return a.Channel < b.Channel
		}
		if a.Locale != b.Locale {
			return a.Locale < b.Locale
		}
		return a.Name < b.Name
	})
	return out
}

func variables(s string) []string {
	seen := map[string]bool{}
	var out []string
	for {
		i := strings.Index(s, "{{.")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			break
		}
		v := s[i+3 : i+j]
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
		s = s[i+j:]
	}
	sort.Strings(out)
	return out
}
