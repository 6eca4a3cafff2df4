package network

import (
	"regexp"
	"strings"

	"github.com/wifivault/wifivault/gremlinconsole"
)

// iso3166Alpha3 lists the officially assigned ISO 3166-1 alpha-3 country codes
// (seed 003 addVenueUnits validates Country.ISO3166A3 "with the i18n-iso-countries
// library"; the codes are the standard's, not that library's code).
var iso3166Alpha3 = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR
BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG
COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH
FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM
KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL
MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU
SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA
TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB
VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE`) {
		iso3166Alpha3[c] = true
	}
}

// subdivisions holds, for the countries whose first-level subdivisions the service
// knows, each subdivision's code and its upper-cased full name. A State for one of
// these countries must be one of them, as a code or a full name ("an abbreviation or
// full name is accepted", seed 003 addVenueUnits); for other countries any State of
// letters, digits, spaces, dots and hyphens is accepted.
var subdivisions = map[string]map[string]string{
	"USA": pairs(`AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut|
DE Delaware|DC District of Columbia|FL Florida|GA Georgia|HI Hawaii|ID Idaho|IL Illinois|IN Indiana|
IA Iowa|KS Kansas|KY Kentucky|LA Louisiana|ME Maine|MD Maryland|MA Massachusetts|MI Michigan|
MN Minnesota|MS Mississippi|MO Missouri|MT Montana|NE Nebraska|NV Nevada|NH New Hampshire|
NJ New Jersey|NM New Mexico|NY New York|NC North Carolina|ND North Dakota|OH Ohio|OK Oklahoma|
OR Oregon|PA Pennsylvania|RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|TX Texas|
UT Utah|VT Vermont|VA Virginia|WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming|
AS American Samoa|GU Guam|MP Northern Mariana Islands|PR Puerto Rico|VI U.S. Virgin Islands|UM United States Minor Outlying Islands`),
	"CAN": pairs(`AB Alberta|BC British Columbia|MB Manitoba|NB New Brunswick|NL Newfoundland and Labrador|
NS Nova Scotia|NT Northwest Territories|NU Nunavut|ON Ontario|PE Prince Edward Island|QC Quebec|
SK Saskatchewan|YT Yukon`),
	"AUS": pairs(`ACT Australian Capital Territory|NSW New South Wales|NT Northern Territory|QLD Queensland|
SA South Australia|TAS Tasmania|VIC Victoria|WA Western Australia`),
	"MEX": pairs(`AGU Aguascalientes|BCN Baja California|BCS Baja California Sur|CAM Campeche|CHP Chiapas|
CHH Chihuahua|CMX Ciudad de Mexico|COA Coahuila|COL Colima|DUR Durango|GUA Guanajuato|GRO Guerrero|
HID Hidalgo|JAL Jalisco|MEX Estado de Mexico|MIC Michoacan|MOR Morelos|NAY Nayarit|NLE Nuevo Leon|
OAX Oaxaca|PUE Puebla|QUE Queretaro|ROO Quintana Roo|SLP San Luis Potosi|SIN Sinaloa|SON Sonora|
TAB Tabasco|TAM Tamaulipas|TLA Tlaxcala|VER Veracruz|YUC Yucatan|ZAC Zacatecas`),
}

func pairs(s string) map[string]string {
	out := map[string]string{}
	for _, p := range strings.Split(s, "|") {
		p = strings.TrimSpace(p)
		code, name, _ := strings.Cut(p, " ")
		out[code] = strings.ToUpper(name)
	}
	return out
}

// postalPatterns are the postal code formats of the countries the service knows
// (validator.isPostalCode's role in seed 003); other countries take 2 to 10 letters,
// digits, spaces and hyphens.
var postalPatterns = map[string]*regexp.Regexp{
	"USA": regexp.MustCompile(`^\d{5}(-\d{4})?$`),
	"CAN": regexp.MustCompile(`^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$`),
	"GBR": regexp.MustCompile(`^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$`),
	"AUS": regexp.MustCompile(`^\d{4}$`),
	"MEX": regexp.MustCompile(`^\d{5}$`),
	"DEU": regexp.MustCompile(`^\d{5}$`),
	"FRA": regexp.MustCompile(`^\d{5}$`),
	"ESP": regexp.MustCompile(`^\d{5}$`),
	"ITA": regexp.MustCompile(`^\d{5}$`),
	"NLD": regexp.MustCompile(`^\d{4} ?[A-Z]{2}$`),
	"IND": regexp.MustCompile(`^\d{6}$`),
	"JPN": regexp.MustCompile(`^\d{3}-?\d{4}$`),
	"BRA": regexp.MustCompile(`^\d{5}-?\d{3}$`),
}

var (
	genericPostal = regexp.MustCompile(`^[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]$`)
	genericState  = regexp.MustCompile(`^[\pL\pN][\pL\pN .'-]{0,39}$`)
)

// Address is a venue's or unit's postal address as stored.
type Address struct {
	AddressLine1, AddressLine2, City, State, PostalCode, Country string
}

// validCountry returns the upper-cased ISO 3166-1 alpha-3 code, or an error naming field.
func validCountry(field, country string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(country))
	if !iso3166Alpha3[c] {
		return "", &gremlinconsole.ValidationError{Field: field, Message: "must be an ISO 3166-1 alpha-3 country code such as USA"}
	}
	return c, nil
}

// validState returns the state as stored (the subdivision code for a known country,
// whether given as code or full name) or an error naming State.
func validState(country, state string) (string, error) {
	s := strings.TrimSpace(state)
	known, ok := subdivisions[country]
	if !ok {
		if !genericState.MatchString(s) {
			return "", &gremlinconsole.ValidationError{Field: "State", Message: "is not a valid state for " + country}
		}
		return s, nil
	}
	up := strings.ToUpper(s)
	if _, ok := known[up]; ok {
		return up, nil
	}
	for code, name := range known {
		if name == up {
			return code, nil
		}
	}
	return "", &gremlinconsole.ValidationError{Field: "State", Message: "is not a valid state for " + country}
}

// validPostalCode returns the upper-cased postal code or an error naming PostalCode.
func validPostalCode(country, code string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(code))
	re, ok := postalPatterns[country]
	if !ok {
		re = genericPostal
	}
	if !re.MatchString(c) {
		return "", &gremlinconsole.ValidationError{Field: "PostalCode", Message: "is not a valid postal code for " + country}
	}
	return c, nil
}

// validateAddress normalises and checks a full address: country, then state for the
// country, then postal code for the country.
func validateAddress(a Address, countryField string) (Address, error) {
	var err error
	if a.Country, err = validCountry(countryField, a.Country); err != nil {
		return a, err
	}
	if a.State, err = validState(a.Country, a.State); err != nil {
		return a, err
	}
	if a.PostalCode, err = validPostalCode(a.Country, a.PostalCode); err != nil {
		return a, err
	}
	a.AddressLine1 = sanitizeText(a.AddressLine1)
	a.AddressLine2 = sanitizeText(a.AddressLine2)
	a.City = sanitizeText(a.City)
	return a, nil
}

var htmlTag = regexp.MustCompile(`<[^>]*>|&[A-Za-z0-9#]+;`)

// sanitizeText strips HTML tags and entities and trims spaces (the seeds' "HTML
// sanitized" fields).
func sanitizeText(s string) string {
	return strings.TrimSpace(htmlTag.ReplaceAllString(s, ""))
}
