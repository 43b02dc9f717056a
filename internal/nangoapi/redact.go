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

// Redactor is Redact prepared once for many texts: one scan of each text whatever the number
// of secrets. The zero value and a Redactor without secrets return texts unchanged.
type Redactor struct {
	re *regexp.Regexp
}

// NewRedactor prepares the secrets (empty values are ignored).
func NewRedactor(secrets []string) *Redactor {
	seen := map[string]bool{}
	var forms []string
	add := func(f string) {
		if f != "" && !seen[strings.ToLower(f)] {
			seen[strings.ToLower(f)] = true
			forms = append(forms, f)
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
	if len(forms) == 0 {
		return &Redactor{}
	}
	// longest first: at one position the longest form wins, so a secret containing another
	// is replaced whole
	sort.SliceStable(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
	quoted := make([]string, len(forms))
	for i, f := range forms {
		quoted[i] = regexp.QuoteMeta(f)
	}
	return &Redactor{re: regexp.MustCompile(`(?i)(?:` + strings.Join(quoted, "|") + `)`)}
}

// Replace returns text with every secret form replaced.
func (r *Redactor) Replace(text string) string {
	if r == nil || r.re == nil {
		return text
	}
	var b strings.Builder
	last, pos := 0, 0
	for pos <= len(text) {
		loc := r.re.FindStringIndex(text[pos:])
		if loc == nil {
			break
		}
		start, end := pos+loc[0], pos+loc[1]
		if end-start >= anywhereLen || wholeWord(text, start, end) {
			b.WriteString(text[last:start])
			b.WriteString(RedactedText)
			last, pos = end, end
			continue
		}
		// Not a whole word here; a shorter form may still match from the next character.
		_, size := utf8.DecodeRuneInString(text[start:])
		pos = start + max(size, 1)
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
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
