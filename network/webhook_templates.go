package network

import (
	"context"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/notify"
)

// templateReaders may list the message templates (seed 003: administrators, and customer
// support read-only).
var templateReaders = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator,
	auth.RoleAccountManager, auth.RoleCustomerSupport}

func (n *Commands) listEmailTemplatesCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:    "Operator.listEmailTemplates",
		Summary: "Returns the email templates per locale (en-us, es-xl) and event, with their variables.",
		Roles:   templateReaders,
		Params:  []gremlinconsole.Param{operatorParam},
		Scope:   gremlinconsole.ScopeParams{Operator: "OperatorID"},
		Run: func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
			return templatesResult(c, notify.ChannelEmail, "EmailConfiguration"), nil
		},
	}
}

func (n *Commands) listSMSTemplatesCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:    "Operator.listSMSTemplates",
		Summary: "Returns the SMS templates per locale (en-us, es-xl) and event, with their variables.",
		Roles:   templateReaders,
		Params:  []gremlinconsole.Param{operatorParam},
		Scope:   gremlinconsole.ScopeParams{Operator: "OperatorID"},
		Run: func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
			return templatesResult(c, notify.ChannelSMS, "SMSConfiguration"), nil
		},
	}
}

// templatesResult shapes a channel's templates as <field>.<locale>.<Name>.{Subject, Body, Variables}.
func templatesResult(c *gremlinconsole.Call, channel, field string) gremlinconsole.Result {
	byLocale := map[string]any{}
	for _, t := range notify.Templates() {
		if t.Channel != channel {
			continue
		}
		names, _ := byLocale[t.Locale].(map[string]any)
		if names == nil {
			names = map[string]any{}
			byLocale[t.Locale] = names
		}
		entry := map[string]any{"Body": t.Body, "Variables": t.Variables}
		if t.Subject != "" {
			entry["Subject"] = t.Subject
		}
		names[t.Name] = entry
	}
	return gremlinconsole.Result{"message": "", "OperatorID": c.OperatorID, "NetworkOperatorID": c.OperatorID,
		field: byLocale, "SupportedLocales": notify.Locales}
}
