package auth

import (
	"errors"
	"testing"
)

func TestExtractToken(t *testing.T) {
	tests := []struct {
		name          string
		authorization string
		body          string
		want          string
		wantErr       error
	}{
		{"bearer header", "Bearer abc.def.ghi", "", "abc.def.ghi", nil},
		{"scheme case-insensitive", "bearer abc", "", "abc", nil},
		{"extra spaces", "  Bearer   abc  ", "", "abc", nil},
		{"body field", "", "abc", "abc", nil},
		{"body field trimmed", "", "  abc ", "abc", nil},
		{"both equal", "Bearer abc", "abc", "abc", nil},
		{"both differ", "Bearer abc", "xyz", "", ErrConflictingTokens},
		{"neither", "", "", "", ErrNoToken},
		{"blank header and body", "   ", "  ", "", ErrNoToken},
		{"basic scheme", "Basic dXNlcjpwdw==", "", "", ErrMalformedAuthorization},
		{"bearer without token", "Bearer", "", "", ErrMalformedAuthorization},
		{"bearer with spaces only", "Bearer    ", "abc", "", ErrMalformedAuthorization},
		{"token with inner space", "Bearer abc def", "", "", ErrMalformedAuthorization},
		{"raw token without scheme", "abc.def.ghi", "", "", ErrMalformedAuthorization},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExtractToken(tt.authorization, tt.body)
			if !errors.Is(err, tt.wantErr) || (err != nil) != (tt.wantErr != nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("token = %q, want %q", got, tt.want)
			}
		})
	}
}
