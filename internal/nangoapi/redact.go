package nangoapi

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nango-go/nango/pkg/jsjson"
)

// Redaction keeps credentials out of what a dry run prints (issue 13 item 3). Which values
// are secret is decided by where they sit in the credentials, never by their length: a BASIC
// username, a token_type or an expiry date are data and are printed as they are. A secret is
// replaced in its own form and in the encodings a script commonly applies to it (base64 as
// btoa gives, URL-encoding, JSON escaping), in any letter case (token.toUpperCase()).

// RedactedText replaces a secret in printed output.
const RedactedText = "<redacted>"

// secretFieldNames are credential fields that authenticate, in every auth mode and in a
// provider's raw token answer, compared lower-case without `_` and `-`.
var secretFieldNames = map[string]bool{
	"accesstoken": true, "refreshtoken": true, "idtoken": true, "token": true, "apitoken": true,
	"authtoken": true, "bearertoken": true, "oauthtoken": true, "oauthtokensecret": true,
	"tokensecret": true, "apikey": true, "password": true, "clientsecret": true, "secret": true,
	"secretkey": true, "privatekey": true, "jwttoken": true, "patsecret": true, "devkey": true,
	"sessionid": true, "sessiontoken": true, "secretaccesskey": true,
}

// secretFieldsByType adds the fields that are secret only in one auth mode: a NetSuite TBA
// token id is half of the token pair, a JWT or App Store private key may be an object.
var secretFieldsByType = map[string]map[string]bool{
	"TBA": {"tokenid": true},
}

func normField(k string) string {
	return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(k))
}

// Secrets returns the secret values of the connection's credentials (tokens, refresh tokens,
// API keys, passwords, client secrets, private keys, also inside `raw` and `config_override`),
// for a Redactor. For BASIC it adds `username:password`, which scripts base64-encode into an
// Authorization header.
func (c *Connection) Secrets() []string {
	return CredentialSecrets(c.Credentials)
}

// CredentialSecrets is Connection.Secrets for a decoded credentials object.
func CredentialSecrets(creds map[string]any) []string {
	typ, _ := creds["type"].(string)
	extra := secretFieldsByType[strings.ToUpper(typ)]
	var out []string
	var all func(v any)
	all = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case map[string]any:
			for _, e := range x {
				all(e)
			}
		case []any:
			for _, e := range x {
				all(e)
			}
		}
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if n := normField(k); secretFieldNames[n] || extra[n] {
					all(e)
				} else {
					walk(e)
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(creds)
	if strings.EqualFold(typ, "BASIC") {
		user, _ := creds["username"].(string)
		if pw, _ := creds["password"].(string); pw != "" {
			out = append(out, user+":"+pw)
		}
	}
	return out
}

// Redact replaces every secret (and its encodings) in text with RedactedText.
func Redact(text string, secrets []string) string {
	return NewRedactor(secrets).Replace(text)
}

// anywhereLen: a secret form this long is replaced wherever it occurs, even inside a word
// (`Bearer`+token): a random value of 16 characters does not occur by chance. A shorter one
// (a short password) is replaced only as a whole word, so that it cannot turn `first_name`
// into `first_<redacted>`.
const anywhereLen = 16

// Redactor is Redact prepared once for many texts (a sync prints one line per record). The
// zero value and a Redactor without secrets return texts unchanged.
type Redactor struct {
	// forms are the secrets and their encodings, ASCII lower-cased, longest first.
	forms []string
}

// NewRedactor prepares the secrets (empty values are ignored).
func NewRedactor(secrets []string) *Redactor {
	seen := map[string]bool{}
	r := &Redactor{}
	add := func(f string) {
		f = asciiLower(f)
		if f != "" && !seen[f] {
			seen[f] = true
			r.forms = append(r.forms, f)
		}
	}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		add(s)
		add(url.QueryEscape(s))
		add(url.PathEscape(s))
		q := string(jsjson.AppendQuoted(nil, s))
		add(q[1 : len(q)-1])
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			b := enc.EncodeToString([]byte(s))
			add(b)
			add(strings.TrimRight(b, "="))
		}
	}
	// longest first: where two forms start at one place the longest wins, so a secret
	// containing another is replaced whole
	sort.SliceStable(r.forms, func(i, j int) bool { return len(r.forms[i]) > len(r.forms[j]) })
	return r
}

// Replace returns text with every secret form replaced. Letter case is compared for ASCII
// only (token.toUpperCase() of an ASCII token), which keeps byte offsets of the lower-cased
// copy equal to the text's; strings.Index per form is far faster than one big (?i) regexp.
func (r *Redactor) Replace(text string) string {
	if r == nil || len(r.forms) == 0 || text == "" {
		return text
	}
	lower := asciiLower(text)
	type span struct{ start, end int }
	var found []span
	for _, f := range r.forms {
		for pos := 0; pos < len(lower); {
			i := strings.Index(lower[pos:], f)
			if i < 0 {
				break
			}
			start, end := pos+i, pos+i+len(f)
			if len(f) >= anywhereLen || wholeWord(text, start, end) {
				found = append(found, span{start, end})
			}
			pos = start + 1
		}
	}
	if len(found) == 0 {
		return text
	}
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].start != found[j].start {
			return found[i].start < found[j].start
		}
		return found[i].end > found[j].end
	})
	var b strings.Builder
	last := 0
	for _, sp := range found {
		if sp.start < last {
			continue // inside a replaced span
		}
		b.WriteString(text[last:sp.start])
		b.WriteString(RedactedText)
		last = sp.end
	}
	b.WriteString(text[last:])
	return b.String()
}

// asciiLower lower-cases ASCII letters only, so that byte offsets do not move.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isWordRune(r rune) bool {
	return r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// jsonEscape matches a JSON/JS escape that ends just before a match (`\n`, `\u00e9`): its
// letters are not part of the word that follows.
var jsonEscape = regexp.MustCompile(`\\(?:[bfnrt/]|u[0-9A-Fa-f]{4})$`)

// wholeWord reports whether text[start:end] is not glued to letters, digits, `_` or `-`.
func wholeWord(text string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:start])
		if isWordRune(r) && !jsonEscape.MatchString(text[max(0, start-6):start]) {
			return false
		}
	}
	if end < len(text) {
		r, _ := utf8.DecodeRuneInString(text[end:])
		if isWordRune(r) {
			return false
		}
	}
	return true
}
