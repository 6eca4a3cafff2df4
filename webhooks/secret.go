package webhooks

import (
	"fmt"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
)

// KeySigningSecret is the operator vertex property holding the sealed signing secret;
// KeyWebhookURL the receiver's URL.
const (
	KeySigningSecret = "WebhookSigningSecret"
	KeyWebhookURL    = "WebhookURL"
)

// signingSecretContext binds the sealed secret to its purpose.
const signingSecretContext = "webhook signing secret"

// secretPrefix marks a signing secret so it is recognisable in a receiver's configuration.
const secretPrefix = "whsec_"

// NewSigningSecret generates a signing secret: "whsec_" and 32 random bytes in base64url.
func NewSigningSecret() (string, error) {
	tok, err := vaultcrypto.RandomToken(32)
	if err != nil {
		return "", fmt.Errorf("webhook signing secret: %w", err)
	}
	return secretPrefix + tok, nil
}

// SealSigningSecret encrypts a signing secret for the WebhookSigningSecret property.
func SealSigningSecret(ring *vaultcrypto.KeyRing, secret string) (string, error) {
	return ring.EncryptString(secret, signingSecretContext)
}

// OpenSigningSecret decrypts the WebhookSigningSecret property.
func OpenSigningSecret(ring *vaultcrypto.KeyRing, sealed string) (string, error) {
	return ring.DecryptString(sealed, signingSecretContext)
}
