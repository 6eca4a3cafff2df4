package network

import (
	"regexp"
)

// Terms & Conditions are operator-written HTML shown to subscribers; the seeds say
// "Scripts will be sanitized". sanitizeTandC removes what runs code or loads active
// content in a browser: the elements script, iframe, object, embed, applet, frame(set),
// base, meta and link; inline event handlers (on...=); and javascript:, vbscript: and
// data: URLs in attributes. It is a denylist over the constructs that execute, applied
// until nothing changes (so nested tricks like <scr<script>ipt> do not survive).
var (
	tandcActiveElement = regexp.MustCompile(`(?is)<\s*(script|iframe|object|embed|base|meta|link|frame|frameset|applet)\b.*?(<\s*/\s*(script|iframe|object|embed|frameset|applet)\s*>|$)`)
	tandcVoidActive    = regexp.MustCompile(`(?is)<\s*/?\s*(script|iframe|object|embed|base|meta|link|frame|frameset|applet)\b[^>]*>`)
	tandcEventHandler  = regexp.MustCompile(`(?is)\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
	tandcScriptURL     = regexp.MustCompile(`(?is)(href|src|action|formaction|xlink:href)\s*=\s*("\s*(javascript|vbscript|data):[^"]*"|'\s*(javascript|vbscript|data):[^']*'|(javascript|vbscript|data):[^\s>]*)`)
)

// sanitizeTandC returns html without scripts, active elements, event handlers and
// script URLs.
func sanitizeTandC(html string) string {
	for {
		out := tandcActiveElement.ReplaceAllString(html, "")
		out = tandcVoidActive.ReplaceAllString(out, "")
		out = tandcEventHandler.ReplaceAllString(out, "")
		out = tandcScriptURL.ReplaceAllString(out, `$1=""`)
		if out == html {
			return out
		}
		html = out
	}
}
