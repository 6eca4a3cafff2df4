package schema

// PropertyKey is the name of a vertex or edge property, spelled exactly as
// the seeds spell the JSON field (dots and hyphens included:
// "PhoneNumber.E164", "NAS-Identifier"), except that a time is stored under
// its name without the ".ISO8601" suffix (see APIField).
type PropertyKey string

// PropertyDef declares a property key: its data type, whether it holds a
// time (epoch-ms int64, rendered ISO 8601 by the API) and whether it holds a
// secret (stored encrypted, masked in responses, never logged, omitted from
// audit entries).
type PropertyDef struct {
	Key    PropertyKey
	Type   DataType
	Time   bool
	Secret bool
}

// Identity and scoping keys, shared by several labels.
const (
	KeyOperatorID              PropertyKey = "OperatorID"
	KeyNetworkOperatorName     PropertyKey = "NetworkOperatorName"
	KeyPropertyManagementGroup PropertyKey = "PropertyManagementGroupID"
	KeyVenueID                 PropertyKey = "VenueID"
	KeyUnitIDInternal          PropertyKey = "UnitID_internal"
	KeySubscriberToken         PropertyKey = "SubscriberToken"
	KeyServicePlanID           PropertyKey = "ServicePlanID"
	KeyKeyPoolID               PropertyKey = "KeyPoolID"
	KeyKeyID                   PropertyKey = "KeyID"
	KeySubscriptionID          PropertyKey = "SubscriptionID"
	KeyEquipmentID             PropertyKey = "EquipmentID"
	KeyEquipmentIDInternal     PropertyKey = "EquipmentID_internal"
	KeyDisplayOptionID         PropertyKey = "DisplayOptionID"
	KeyDisplayOptionName       PropertyKey = "DisplayOptionName"
	KeyMessageID               PropertyKey = "MessageID"
	KeyControllerID            PropertyKey = "ControllerID"
	KeyControllerName          PropertyKey = "ControllerName"
	KeyProfileID               PropertyKey = "ProfileID"
	KeyProfileName             PropertyKey = "ProfileName"
	KeyScratchCardBatchID      PropertyKey = "ScratchCard_BatchID"
	KeyWhitelistEntryID        PropertyKey = "whitelistEntryId"
	KeyTicketID                PropertyKey = "ticketId"
	KeyTicketNumber            PropertyKey = "ticketNumber"
)

// External ids (partners' keys) and the composite natural keys that make
// them unique within their scope (see CompositeKey and Indexes).
const (
	KeyExternalVenueID              PropertyKey = "externalVenueID"
	KeyExternalVenueUnitID          PropertyKey = "externalVenueUnitID"
	KeyExternalSubscriberID         PropertyKey = "externalSubscriberID"
	KeyExternalSubscriptionID       PropertyKey = "externalSubscriptionID"
	KeyExternalServicePlanID        PropertyKey = "externalServicePlanID"
	KeyRealPageUnitID               PropertyKey = "RealPageUnitID"
	KeyOperatorNASIdentifier        PropertyKey = "OperatorNASIdentifier"
	KeyOperatorExternalVenueID      PropertyKey = "OperatorExternalVenueID"
	KeyVenueExternalVenueUnitID     PropertyKey = "VenueExternalVenueUnitID"
	KeyOperatorEmailAddress         PropertyKey = "OperatorEmailAddress"
	KeyOperatorPhoneNumber          PropertyKey = "OperatorPhoneNumber"
	KeyOperatorExternalSubscriberID PropertyKey = "OperatorExternalSubscriberID"
	KeyOperatorExternalSubscription PropertyKey = "OperatorExternalSubscriptionID"
	KeyOperatorExternalServicePlan  PropertyKey = "OperatorExternalServicePlanID"
)

// Address and contact keys (venue, unit, operator, subscriber).
const (
	KeyAddressLine1                   PropertyKey = "AddressLine1"
	KeyAddressLine2                   PropertyKey = "AddressLine2"
	KeyAddressLine3                   PropertyKey = "AddressLine3"
	KeyCity                           PropertyKey = "City"
	KeyState                          PropertyKey = "State"
	KeyPostalCode                     PropertyKey = "PostalCode"
	KeyCountry                        PropertyKey = "Country.ISO3166A3"
	KeyTZ                             PropertyKey = "TZ"
	KeyTimeZoneOffset                 PropertyKey = "TimeZoneOffset"
	KeyEmailAddress                   PropertyKey = "EmailAddress"
	KeyPhoneNumber                    PropertyKey = "PhoneNumber.E164"
	KeyGivenName                      PropertyKey = "GivenName"
	KeyFamilyName                     PropertyKey = "FamilyName"
	KeyPrimaryContactGivenName        PropertyKey = "PrimaryContactGivenName"
	KeyPrimaryContactFamilyName       PropertyKey = "PrimaryContactFamilyName"
	KeyPrimaryContactEmailAddress     PropertyKey = "PrimaryContactEmailAddress"
	KeyPrimaryContactPhoneNumber      PropertyKey = "PrimaryContactPhoneNumber.E164"
	KeySupportEmailAddress            PropertyKey = "SupportEmailAddress"
	KeySupportPhoneNumber             PropertyKey = "SupportPhoneNumber.E164"
	KeyLocale                         PropertyKey = "locale"
	KeyContactPrefSMS                 PropertyKey = "contactpref_sms"
	KeyContactPrefEmail               PropertyKey = "contactpref_email"
	KeyDomain                         PropertyKey = "Domain"
	KeyEmailDomain                    PropertyKey = "EmailDomain"
	KeyLogoPNGURL                     PropertyKey = "LogoPNGURL"
	KeyURL                            PropertyKey = "URL"
	KeyWebhookURL                     PropertyKey = "WebhookURL"
	KeyTandCEnUS                      PropertyKey = "TandC.en-us"
	KeyTandCEsXL                      PropertyKey = "TandC.es-xl"
	KeyGlobalSSID                     PropertyKey = "GlobalSSID"
	KeyCustomPSK                      PropertyKey = "CustomPSK"
	KeySourceIPRangeWhiteList         PropertyKey = "SourceIPRangeWhiteList"
	KeyOktaMetadataURL                PropertyKey = "Okta_MetadataURL"
	KeyOffice365MetadataURL           PropertyKey = "Office365_MetadataURL"
	KeyVenueName                      PropertyKey = "VenueName"
	KeyVenueType                      PropertyKey = "VenueType"
	KeyNASIdentifier                  PropertyKey = "NAS-Identifier"
	KeyWelcomeEmailCountdownHours     PropertyKey = "WelcomeEmail_countdown_hours"
	KeySuppressSubscriberEmails       PropertyKey = "suppressSubscriberEmails"
	KeySendSubscriptionAddedEmail     PropertyKey = "sendSubscriptionAddedEmail"
	KeySendSubscriptionEndEmail       PropertyKey = "sendSubscriptionEndEmail"
	KeySuppressSubscriberSMS          PropertyKey = "suppressSubscriberSMS"
	KeyReportingSubscriptionEndLookah PropertyKey = "ReportingSubscriptionEnd_lookahead_hours"
	KeyReportingSubscriptionEndFreq   PropertyKey = "ReportingSubscriptionEnd_frequency_hours"
)

// Network configuration keys (venue, and operator defaults under the same
// names). The GlobalWirelessRoaming pair and DefaultServicePlanID_Roaming's
// duration are not spelled out by the seeds; they follow the pattern of
// the two named pairs.
const (
	KeyMinVLANGlobalWirelessPlusLocalWired      PropertyKey = "MinimumAutoGeneratedVLAN_GlobalWirelessPlusLocalWiredAccess"
	KeyMaxVLANGlobalWirelessPlusLocalWired      PropertyKey = "MaximumAutoGeneratedVLAN_GlobalWirelessPlusLocalWiredAccess"
	KeyMinVLANLocalWireless                     PropertyKey = "MinimumAutoGeneratedVLAN_LocalWirelessAccess"
	KeyMaxVLANLocalWireless                     PropertyKey = "MaximumAutoGeneratedVLAN_LocalWirelessAccess"
	KeyMinVLANGlobalWirelessRoaming             PropertyKey = "MinimumAutoGeneratedVLAN_GlobalWirelessRoaming"
	KeyMaxVLANGlobalWirelessRoaming             PropertyKey = "MaximumAutoGeneratedVLAN_GlobalWirelessRoaming"
	KeyWirelessOnlyPlanVLANOffset               PropertyKey = "WirelessOnlyPlanVLANOffset"
	KeyAllowOverlappingSubscriptionWiredUnit    PropertyKey = "allowOverlappingSubscriptionWiredUnit"
	KeyDefaultServicePlanGlobalWirelessPlusWire PropertyKey = "DefaultServicePlanID_GlobalWirelessPlusLocalWiredAccess"
	KeyDefaultServicePlanLocalWireless          PropertyKey = "DefaultServicePlanID_LocalWirelessAccess"
	KeyDefaultServicePlanRoaming                PropertyKey = "DefaultServicePlanID_Roaming"
	KeyDefaultDurationGlobalWirelessPlusWired   PropertyKey = "DefaultSubscriptionDurationHours_GlobalWirelessPlusLocalWiredAccess"
	KeyDefaultDurationLocalWireless             PropertyKey = "DefaultSubscriptionDurationHours_LocalWirelessAccess"
	KeyFCCLabelDisplayLabel                     PropertyKey = "FCCLabel.displayLabel"
	KeyFCCLabelTypicalLatency                   PropertyKey = "FCCLabel.TypicalLatency"
)

// Shopping cart, Stripe and integration keys of a venue or operator.
const (
	KeyEnableShoppingCart                      PropertyKey = "enableShoppingCart"
	KeyStripePublishableKey                    PropertyKey = "StripePublishableKey"
	KeyStripeSecretKey                         PropertyKey = "Stripe_Secret_key"
	KeyStripeWebhookSigningSecret              PropertyKey = "Stripe_Webhook_signingsecret"
	KeyStripeAllowRefund                       PropertyKey = "Stripe_allowrefund"
	KeyTrialCycleAdjustment                    PropertyKey = "TrialCycleAdjustment"
	KeyMaximumTrialCyclesPerSubscriber         PropertyKey = "MaximumTrialCyclesPerSubscriber"
	KeyMaximumFreeEnrollmentsPerSubscriber     PropertyKey = "MaximumFreeEnrollmentsPerSubscriber"
	KeyHasVenueUnitShoppingCartPriceAdjustment PropertyKey = "hasVenueUnitShoppingCartPriceAdjustment"
	KeyRealPageURL                             PropertyKey = "RealPageURL"
	KeyRealPageAPIKey                          PropertyKey = "RealPageAPIKey"
	KeyRealPagePMCId                           PropertyKey = "RealPagePMCId"
	KeyRealPageSiteId                          PropertyKey = "RealPageSiteId"
	KeyEnableRealPageSync                      PropertyKey = "enableRealPageSync"
	KeyRealPageSyncDateTimeUTC                 PropertyKey = "RealPageSyncDateTimeUTC"
	KeyEntrataAPIKey                           PropertyKey = "EntrataAPIKey"
	KeyEntrataSubdomain                        PropertyKey = "EntrataSubdomain"
	KeyRuckusURL                               PropertyKey = "Integrations.Ruckus.URL"
	KeyRuckusTenantID                          PropertyKey = "Integrations.Ruckus.TenantID"
	KeyRuckusAPIClientID                       PropertyKey = "Integrations.Ruckus.APIClientID"
	KeyRuckusAPIClientSecret                   PropertyKey = "Integrations.Ruckus.APIClientSecret"
	KeyRuckusDPSKPoolID                        PropertyKey = "Integrations.Ruckus.DPSKPoolID"
	KeyRuckusEnableSync                        PropertyKey = "Integrations.Ruckus.enableSync"
	KeyConnectWiseURL                          PropertyKey = "Integrations.ConnectWise.URL"
	KeyConnectWiseAuthorization                PropertyKey = "Integrations.ConnectWise.Authorization"
	KeyConnectWiseServiceBoardID               PropertyKey = "Integrations.ConnectWise.serviceboardid"
	KeyConnectWiseCompanyID                    PropertyKey = "Integrations.ConnectWise.CompanyID"
	KeyConnectWiseClientID                     PropertyKey = "Integrations.ConnectWise.ClientID"
	KeyPRTGURL                                 PropertyKey = "Integrations.PRTG.URL"
	KeyPRTGUsername                            PropertyKey = "Integrations.PRTG.PRTGUsername"
	KeyPRTGPasswordHash                        PropertyKey = "Integrations.PRTG.PRTGPasswordHash"
	KeyAPIClientID                             PropertyKey = "APIClientID"
	KeyAPIClientSecret                         PropertyKey = "APIClientSecret"
	KeyTenantID                                PropertyKey = "TenantID"
	KeyEnableSync                              PropertyKey = "enableSync"
)

// Venue unit keys.
const (
	KeyUnitID                            PropertyKey = "UnitID"
	KeyUnitBuilding                      PropertyKey = "UnitBuilding"
	KeyUnitFloor                         PropertyKey = "UnitFloor"
	KeyPrimaryUnitIDInternal             PropertyKey = "PrimaryUnitID_internal"
	KeyPurpose                           PropertyKey = "purpose"
	KeyVLAN                              PropertyKey = "vlan"
	KeySMSCode                           PropertyKey = "SMSCode"
	KeyVenueUnitSSID                     PropertyKey = "VenueUnitSSID"
	KeyShoppingCartPriceAdjustment       PropertyKey = "ShoppingCartPriceAdjustment"
	KeyVenueUnitPriceAdjustment          PropertyKey = "VenueUnitPriceAdjustment"
	KeySingleuseVenueUnitPriceAdjustment PropertyKey = "singleuseVenueUnitPriceAdjustment"
	KeyServicePlanIDGlobalRoaming        PropertyKey = "ServicePlanID_globalroaming"
)

// Service plan keys. Prices per currency are CurrencyKey(KeyBillingCyclePrice, "USD"), ...
const (
	KeyServicePlanName                PropertyKey = "ServicePlanName"
	KeyServicePlanDescription         PropertyKey = "ServicePlanDescription"
	KeyUploadKbps                     PropertyKey = "UploadKbps"
	KeyDownloadKbps                   PropertyKey = "DownloadKbps"
	KeyConcurrentDevices              PropertyKey = "ConcurrentDevices"
	KeyBillingCycleHours              PropertyKey = "BillingCycleHours"
	KeyBillingCycleRecurrence         PropertyKey = "BillingCycleRecurrence"
	KeyTrialCycles                    PropertyKey = "TrialCycles"
	KeyGloballyAvailablePlan          PropertyKey = "GloballyAvailablePlan"
	KeyAllowSelfSignup                PropertyKey = "AllowSelfSignup"
	KeyWirelessOnlyPlan               PropertyKey = "WirelessOnlyPlan"
	KeyServicePlanImageURL            PropertyKey = "ServicePlanImageURL"
	KeySessionTimeoutSecondsPerDevice PropertyKey = "SessionTimeoutSecondsPerDevice"
	KeyFCCLabelPlanID                 PropertyKey = "FCCLabel.PlanID"
	KeyFCCLabelTypicalUploadKbps      PropertyKey = "FCCLabel.TypicalUploadKbps"
	KeyFCCLabelTypicalDownloadKbps    PropertyKey = "FCCLabel.TypicalDownloadKbps"
	KeyBillingCyclePrice              PropertyKey = "BillingCyclePrice"
	KeyListBillingCyclePrice          PropertyKey = "ListBillingCyclePrice"
	KeyNetBillingCyclePrice           PropertyKey = "NetBillingCyclePrice"
)

// Keypool, PSK, device and session keys.
const (
	KeySSID                    PropertyKey = "SSID"
	KeyScope                   PropertyKey = "Scope"
	KeyAuthenticationMechanism PropertyKey = "AuthenticationMechanism"
	KeyDisplayOrder            PropertyKey = "DisplayOrder"
	KeyRuckusR1ControllerID    PropertyKey = "RuckusR1ControllerID"
	KeyRuckusR1DPSKPoolName    PropertyKey = "RuckusR1DPSKPoolName"
	KeyPSK                     PropertyKey = "psk"
	KeyKeyTag                  PropertyKey = "KeyTag"
	KeyUserPartOfKey           PropertyKey = "UserPartofKey"
	KeyCallingStationID        PropertyKey = "Calling-Station-Id"
	KeyUserDefinedHostName     PropertyKey = "UserDefinedHostName"
	KeyAcctSessionID           PropertyKey = "Acct-Session-Id"
	KeyAcctInputOctets         PropertyKey = "Acct-Input-Octets"
	KeyAcctOutputOctets        PropertyKey = "Acct-Output-Octets"
	KeyNASID                   PropertyKey = "NASID"
	KeyNASType                 PropertyKey = "NASType"
)

// Accounting keys of a session and of a unit_daily_usage record (besides
// Acct-Session-Id, Acct-Input-Octets, Acct-Output-Octets, NAS-Identifier,
// Calling-Station-Id, KeyID, VenueID, UnitID_internal and StartDateTimeUTC).
// The names are the API fields of the session and usage reports.
const (
	// KeyAcctSessionTime is a session's Acct-Session-Time in seconds.
	KeyAcctSessionTime PropertyKey = "Acct-Session-Time"
	// KeyNASAddress is the source address of a session's accounting packets.
	KeyNASAddress PropertyKey = "NASAddress"
	// KeyLastUpdateDateTimeUTC is when a session last reported accounting.
	KeyLastUpdateDateTimeUTC PropertyKey = "LastUpdateDateTimeUTC"
	// KeyActive is whether a session was running when it was last flushed.
	KeyActive PropertyKey = "Active"
	// KeyDailyBWReportDateTimeUTC is the start (00:00 UTC) of the day a
	// unit_daily_usage record counts.
	KeyDailyBWReportDateTimeUTC PropertyKey = "DailyBWReportDateTimeUTC"
	// KeySessionCount is how many sessions started in the day a
	// unit_daily_usage record counts.
	KeySessionCount PropertyKey = "Sessions"
)

// Subscriber, subscription and payment keys.
const (
	KeyStatus                      PropertyKey = "Status"
	KeyStripeCustomerID            PropertyKey = "StripeCustomerID"
	KeyPasswordResetCode           PropertyKey = "PasswordResetCode"
	KeyPasswordResetInitiate       PropertyKey = "PasswordResetInitiateDateTimeUTC"
	KeyStartDateTimeUTC            PropertyKey = "StartDateTimeUTC"
	KeyEndDateTimeUTC              PropertyKey = "EndDateTimeUTC"
	KeyConfirmedEndDate            PropertyKey = "ConfirmedEndDate"
	KeyPaymentFailed               PropertyKey = "paymentFailed"
	KeyPaymentFailureReason        PropertyKey = "PaymentFailureReason"
	KeyAccountStatusAtCreation     PropertyKey = "AccountStatusAtCreation"
	KeyAccountAddedByAdministrator PropertyKey = "AccountAddedByAdministrator"
	KeyGatewayConfigured           PropertyKey = "gatewayConfigured"
	KeySubscriptionType            PropertyKey = "subscriptionType"
	KeyStripeSetupIntentID         PropertyKey = "StripeSetupIntentId"
	KeyStripePaymentMethod         PropertyKey = "StripePaymentMethod"
	KeyStripeClientSecret          PropertyKey = "StripeClientSecret"
	KeySetupSuccessDateTimeUTC     PropertyKey = "SetupSuccessDateTimeUTC"
	KeyBillingCyclePriceAdjustment PropertyKey = "BillingCyclePriceAdjustment"
	KeyVenuePriceAdjustment        PropertyKey = "VenuePriceAdjustment"
	KeyCurrency                    PropertyKey = "Currency"
	KeyStripePaymentIntentID       PropertyKey = "StripePaymentIntentId"
	KeyStripePaymentChargeID       PropertyKey = "StripePaymentChargeId"
	KeyInvoiceDateTimeUTC          PropertyKey = "InvoiceDateTimeUTC"
	KeyPaymentSuccessDateTimeUTC   PropertyKey = "PaymentSuccessDateTimeUTC"
	KeyAmountProcessed             PropertyKey = "AmountProcessed"
	KeyAmountReceived              PropertyKey = "AmountReceived"
	KeyAmountRefunded              PropertyKey = "AmountRefunded"
	KeyRefundDateTimeUTC           PropertyKey = "RefundDateTimeUTC"
	KeyStripeReceiptURL            PropertyKey = "StripeReceiptURL"
	KeyStripeRefundReceiptURL      PropertyKey = "StripeRefundReceiptURL"
	KeyPaymentMethod               PropertyKey = "PaymentMethod"
	KeyPaymentStatus               PropertyKey = "PaymentStatus"
)

// Equipment, administrator, message, controller and PMS profile keys.
const (
	KeyConnectionProtocol PropertyKey = "ConnectionProtocol"
	KeyIPAddress          PropertyKey = "IPAddress"
	KeyPort               PropertyKey = "Port"
	KeyUsername           PropertyKey = "Username"
	KeyPassword           PropertyKey = "Password"
	KeyManufacturer       PropertyKey = "Manufacturer"
	KeyModel              PropertyKey = "Model"
	KeyEquipmentType      PropertyKey = "EquipmentType"
	KeyWirelessZone       PropertyKey = "WirelessZone"
	KeyMikrotikPre643     PropertyKey = "MikrotikPre643"
	KeyEquipmentName      PropertyKey = "EquipmentName"
	KeyRole               PropertyKey = "Role"
	KeyPasswordHash       PropertyKey = "PasswordHash"
	KeySubject            PropertyKey = "Subject"
	KeyMessage            PropertyKey = "Message"
	KeyAcknowledged       PropertyKey = "Acknowledged"
	KeyType               PropertyKey = "Type"
	KeyDateModifiedUTC    PropertyKey = "dateModifiedUTC"
	KeyDataMigrationDone  PropertyKey = "dataMigrationCompletedDateTimeUTC"
	KeyDataReplication    PropertyKey = "dataReplicationCompletedDateTimeUTC"
)

// Log entry, outbox and webhook delivery keys. The actor fields are the
// seeds' (SourceIP, Administrator, AdministratorOS, AdministratorBrowser,
// SourceLocale); ChangedFields, OutboxTopic, OutboxState, Attempts and
// NextAttemptDateTimeUTC are the platform's own (no seed field exists).
const (
	KeyDateAddedUTC         PropertyKey = "dateAddedUTC"
	KeyFunctionName         PropertyKey = "function_name"
	KeyEvent                PropertyKey = "event"
	KeyReason               PropertyKey = "reason"
	KeyAdministrator        PropertyKey = "Administrator"
	KeyAdministratorRole    PropertyKey = "AdministratorRole"
	KeyAdministratorOS      PropertyKey = "AdministratorOS"
	KeyAdministratorBrowser PropertyKey = "AdministratorBrowser"
	KeySourceIP             PropertyKey = "SourceIP"
	KeySourceLocale         PropertyKey = "SourceLocale"
	KeySourceUA             PropertyKey = "SourceUA"
	KeyChangedFields        PropertyKey = "ChangedFields"
	KeyPayload              PropertyKey = "Payload"
	KeyWebhookResponse      PropertyKey = "webhookresponse"
	KeyOutboxTopic          PropertyKey = "OutboxTopic"
	KeyOutboxState          PropertyKey = "OutboxState"
	// KeyOrderingKey orders delivery: outbox events with the same value are delivered in
	// order (a SubscriberToken, a VenueID). Not "Key": JanusGraph reserves that name.
	KeyOrderingKey PropertyKey = "OrderingKey"
	// KeyClaim holds a claim vertex's natural id (VLANClaimKey, PSKClaimKey,
	// ValueClaimKey, GatewayAddressClaimKey). A unique index on it makes the claim atomic on JanusGraph,
	// which does not itself refuse a second vertex with an existing custom id
	// under concurrent transactions; every command that adds a claim vertex
	// sets it.
	KeyClaim                  PropertyKey = "ClaimKey"
	KeyAttempts               PropertyKey = "Attempts"
	KeyNextAttemptDateTimeUTC PropertyKey = "NextAttemptDateTimeUTC"
)

// Currencies lists the ISO 4217 codes the seeds price plans in
// (BillingCyclePrice.{USD, EUR, GBP, CAD, AUD, CNY, INR, LKR}, seed 003
// addServicePlan/configureServicePlan).
var currencies = []string{"USD", "EUR", "GBP", "CAD", "AUD", "CNY", "INR", "LKR"}

// currencyBases are the keys that exist once per currency, as
// "<base>.<CUR>" holding integer minor units (cents).
var currencyBases = []PropertyKey{KeyBillingCyclePrice, KeyListBillingCyclePrice, KeyNetBillingCyclePrice, KeyShoppingCartPriceAdjustment}

func s(k PropertyKey) PropertyDef      { return PropertyDef{Key: k, Type: String} }
func secret(k PropertyKey) PropertyDef { return PropertyDef{Key: k, Type: String, Secret: true} }
func i64(k PropertyKey) PropertyDef    { return PropertyDef{Key: k, Type: Long} }
func f64(k PropertyKey) PropertyDef    { return PropertyDef{Key: k, Type: Double} }
func b(k PropertyKey) PropertyDef      { return PropertyDef{Key: k, Type: Boolean} }
func t(k PropertyKey) PropertyDef      { return PropertyDef{Key: k, Type: Long, Time: true} }

var basePropertyDefs = []PropertyDef{
	s(KeyOperatorID), s(KeyNetworkOperatorName), s(KeyPropertyManagementGroup), s(KeyVenueID),
	s(KeyUnitIDInternal), s(KeySubscriberToken), s(KeyServicePlanID), s(KeyKeyPoolID), s(KeyKeyID),
	s(KeySubscriptionID), s(KeyEquipmentID), s(KeyEquipmentIDInternal), s(KeyDisplayOptionID),
	s(KeyDisplayOptionName), s(KeyMessageID), s(KeyControllerID), s(KeyControllerName), s(KeyProfileID),
	s(KeyProfileName), s(KeyScratchCardBatchID), s(KeyWhitelistEntryID), s(KeyTicketID), s(KeyTicketNumber),

	s(KeyExternalVenueID), s(KeyExternalVenueUnitID), s(KeyExternalSubscriberID), s(KeyExternalSubscriptionID),
	s(KeyExternalServicePlanID), s(KeyRealPageUnitID), s(KeyOperatorNASIdentifier), s(KeyOperatorExternalVenueID),
	s(KeyVenueExternalVenueUnitID), s(KeyOperatorEmailAddress), s(KeyOperatorPhoneNumber),
	s(KeyOperatorExternalSubscriberID), s(KeyOperatorExternalSubscription), s(KeyOperatorExternalServicePlan),

	s(KeyAddressLine1), s(KeyAddressLine2), s(KeyAddressLine3), s(KeyCity), s(KeyState), s(KeyPostalCode),
	s(KeyCountry), s(KeyTZ), i64(KeyTimeZoneOffset), s(KeyEmailAddress), s(KeyPhoneNumber), s(KeyGivenName),
	s(KeyFamilyName), s(KeyPrimaryContactGivenName), s(KeyPrimaryContactFamilyName),
	s(KeyPrimaryContactEmailAddress), s(KeyPrimaryContactPhoneNumber), s(KeySupportEmailAddress),
	s(KeySupportPhoneNumber), s(KeyLocale), b(KeyContactPrefSMS), b(KeyContactPrefEmail), s(KeyDomain),
	s(KeyEmailDomain), s(KeyLogoPNGURL), s(KeyURL), s(KeyWebhookURL), s(KeyTandCEnUS), s(KeyTandCEsXL),
	s(KeyGlobalSSID), b(KeyCustomPSK), s(KeySourceIPRangeWhiteList), s(KeyOktaMetadataURL),
	s(KeyOffice365MetadataURL), s(KeyVenueName), s(KeyVenueType), s(KeyNASIdentifier),
	i64(KeyWelcomeEmailCountdownHours), b(KeySuppressSubscriberEmails), b(KeySendSubscriptionAddedEmail),
	b(KeySendSubscriptionEndEmail), b(KeySuppressSubscriberSMS), i64(KeyReportingSubscriptionEndLookah),
	i64(KeyReportingSubscriptionEndFreq),

	i64(KeyMinVLANGlobalWirelessPlusLocalWired), i64(KeyMaxVLANGlobalWirelessPlusLocalWired),
	i64(KeyMinVLANLocalWireless), i64(KeyMaxVLANLocalWireless), i64(KeyMinVLANGlobalWirelessRoaming),
	i64(KeyMaxVLANGlobalWirelessRoaming), i64(KeyWirelessOnlyPlanVLANOffset),
	b(KeyAllowOverlappingSubscriptionWiredUnit), s(KeyDefaultServicePlanGlobalWirelessPlusWire),
	s(KeyDefaultServicePlanLocalWireless), s(KeyDefaultServicePlanRoaming),
	i64(KeyDefaultDurationGlobalWirelessPlusWired), i64(KeyDefaultDurationLocalWireless),
	b(KeyFCCLabelDisplayLabel), i64(KeyFCCLabelTypicalLatency),

	b(KeyEnableShoppingCart), s(KeyStripePublishableKey), secret(KeyStripeSecretKey),
	secret(KeyStripeWebhookSigningSecret), b(KeyStripeAllowRefund), i64(KeyTrialCycleAdjustment),
	i64(KeyMaximumTrialCyclesPerSubscriber), i64(KeyMaximumFreeEnrollmentsPerSubscriber),
	b(KeyHasVenueUnitShoppingCartPriceAdjustment), s(KeyRealPageURL), secret(KeyRealPageAPIKey),
	s(KeyRealPagePMCId), s(KeyRealPageSiteId), b(KeyEnableRealPageSync), t(KeyRealPageSyncDateTimeUTC),
	secret(KeyEntrataAPIKey), s(KeyEntrataSubdomain), s(KeyRuckusURL), s(KeyRuckusTenantID),
	s(KeyRuckusAPIClientID), secret(KeyRuckusAPIClientSecret), s(KeyRuckusDPSKPoolID), b(KeyRuckusEnableSync),
	s(KeyConnectWiseURL), secret(KeyConnectWiseAuthorization), s(KeyConnectWiseServiceBoardID),
	s(KeyConnectWiseCompanyID), s(KeyConnectWiseClientID), s(KeyPRTGURL), s(KeyPRTGUsername),
	secret(KeyPRTGPasswordHash), s(KeyAPIClientID), secret(KeyAPIClientSecret), s(KeyTenantID), b(KeyEnableSync),

	s(KeyUnitID), s(KeyUnitBuilding), s(KeyUnitFloor), s(KeyPrimaryUnitIDInternal), s(KeyPurpose), i64(KeyVLAN),
	s(KeySMSCode), s(KeyVenueUnitSSID), i64(KeyShoppingCartPriceAdjustment), i64(KeyVenueUnitPriceAdjustment),
	s(KeySingleuseVenueUnitPriceAdjustment), s(KeyServicePlanIDGlobalRoaming),

	s(KeyServicePlanName), s(KeyServicePlanDescription), i64(KeyUploadKbps), i64(KeyDownloadKbps),
	i64(KeyConcurrentDevices), f64(KeyBillingCycleHours), i64(KeyBillingCycleRecurrence), i64(KeyTrialCycles),
	b(KeyGloballyAvailablePlan), b(KeyAllowSelfSignup), b(KeyWirelessOnlyPlan), s(KeyServicePlanImageURL),
	i64(KeySessionTimeoutSecondsPerDevice), s(KeyFCCLabelPlanID), i64(KeyFCCLabelTypicalUploadKbps),
	i64(KeyFCCLabelTypicalDownloadKbps),

	s(KeySSID), s(KeyScope), s(KeyAuthenticationMechanism), i64(KeyDisplayOrder), s(KeyRuckusR1ControllerID),
	s(KeyRuckusR1DPSKPoolName), secret(KeyPSK), s(KeyKeyTag), s(KeyUserPartOfKey), s(KeyCallingStationID),
	s(KeyUserDefinedHostName), s(KeyAcctSessionID), i64(KeyAcctInputOctets), i64(KeyAcctOutputOctets),
	i64(KeyAcctSessionTime), s(KeyNASAddress), t(KeyLastUpdateDateTimeUTC), b(KeyActive),
	t(KeyDailyBWReportDateTimeUTC), i64(KeySessionCount), s(KeyNASID), s(KeyNASType),

	s(KeyStatus), s(KeyStripeCustomerID), secret(KeyPasswordResetCode), t(KeyPasswordResetInitiate),
	t(KeyStartDateTimeUTC), t(KeyEndDateTimeUTC), t(KeyConfirmedEndDate), b(KeyPaymentFailed),
	s(KeyPaymentFailureReason), s(KeyAccountStatusAtCreation), s(KeyAccountAddedByAdministrator),
	b(KeyGatewayConfigured), s(KeySubscriptionType), s(KeyStripeSetupIntentID), s(KeyStripePaymentMethod),
	secret(KeyStripeClientSecret), t(KeySetupSuccessDateTimeUTC), i64(KeyBillingCyclePriceAdjustment),
	i64(KeyVenuePriceAdjustment), s(KeyCurrency), s(KeyStripePaymentIntentID), s(KeyStripePaymentChargeID),
	t(KeyInvoiceDateTimeUTC), t(KeyPaymentSuccessDateTimeUTC), i64(KeyAmountProcessed), i64(KeyAmountReceived),
	i64(KeyAmountRefunded), t(KeyRefundDateTimeUTC), s(KeyStripeReceiptURL), s(KeyStripeRefundReceiptURL),
	s(KeyPaymentMethod), s(KeyPaymentStatus),

	s(KeyConnectionProtocol), s(KeyIPAddress), i64(KeyPort), s(KeyUsername), secret(KeyPassword),
	s(KeyManufacturer), s(KeyModel), s(KeyEquipmentType), s(KeyWirelessZone), b(KeyMikrotikPre643),
	s(KeyEquipmentName), s(KeyRole), secret(KeyPasswordHash), s(KeySubject), s(KeyMessage), b(KeyAcknowledged),
	s(KeyType), t(KeyDateModifiedUTC), t(KeyDataMigrationDone), t(KeyDataReplication),

	t(KeyDateAddedUTC), s(KeyFunctionName), s(KeyEvent), s(KeyReason), s(KeyAdministrator),
	s(KeyAdministratorRole), s(KeyAdministratorOS), s(KeyAdministratorBrowser), s(KeySourceIP),
	s(KeySourceLocale), s(KeySourceUA), s(KeyChangedFields), s(KeyPayload), s(KeyWebhookResponse),
	s(KeyOutboxTopic), s(KeyOutboxState), s(KeyOrderingKey), s(KeyClaim), i64(KeyAttempts), t(KeyNextAttemptDateTimeUTC),
}

// propertyDefs is every declared key: the base keys followed by one key per
// (currency base, currency), in that order.
var propertyDefs = func() []PropertyDef {
	defs := make([]PropertyDef, 0, len(basePropertyDefs)+len(currencyBases)*len(currencies))
	for _, d := range basePropertyDefs {
		// The currency bases themselves are declared only through their
		// per-currency keys, except ShoppingCartPriceAdjustment, which the
		// unit also stores without a currency (addVenueUnits sets it to 0).
		if d.Key == KeyBillingCyclePrice || d.Key == KeyListBillingCyclePrice || d.Key == KeyNetBillingCyclePrice {
			continue
		}
		defs = append(defs, d)
	}
	for _, base := range currencyBases {
		for _, cur := range currencies {
			defs = append(defs, PropertyDef{Key: base + "." + PropertyKey(cur), Type: Long})
		}
	}
	return defs
}()

var propertyIndex = func() map[PropertyKey]int {
	m := make(map[PropertyKey]int, len(propertyDefs))
	for i, d := range propertyDefs {
		m[d.Key] = i
	}
	return m
}()

// PropertyDefs returns the declaration of every property key, in a fixed
// order. The slice is a copy the caller may modify.
func PropertyDefs() []PropertyDef {
	return append([]PropertyDef(nil), propertyDefs...)
}

// LookupProperty returns the declaration of k and whether k is declared.
func LookupProperty(k PropertyKey) (PropertyDef, bool) {
	i, ok := propertyIndex[k]
	if !ok {
		return PropertyDef{}, false
	}
	return propertyDefs[i], true
}

// Currencies returns the ISO 4217 codes that have per-currency keys, in a
// fixed order.
func Currencies() []string { return append([]string(nil), currencies...) }

// CurrencyKey returns the per-currency key "<base>.<CUR>" (for example
// BillingCyclePrice.USD, an int64 amount in minor units). It fails, naming
// the field, when base has no per-currency keys or currency is not one of
// Currencies (currency codes are matched case-sensitively, upper case).
func CurrencyKey(base PropertyKey, currency string) (PropertyKey, error) {
	k := base + "." + PropertyKey(currency)
	if _, ok := propertyIndex[k]; !ok {
		return "", fieldErrorf("Currency", "%q has no %s key; currencies: %v", currency, base, currencies)
	}
	return k, nil
}
