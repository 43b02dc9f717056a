package proxy

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/nangoapi"
)

// defaultExpiryMargin: a token this close to expires_at is refreshed first, as the
// reference server does when the catalog has no token_expiration_buffer.
const defaultExpiryMargin = 15 * time.Minute

// ensureToken refreshes an OAUTH2 token that expired (or is about to) when it can, and
// fetches an OAUTH2_CC token when there is none or it expired.
func (e *Engine) ensureToken(ctx context.Context) error {
	e.mu.Lock()
	typ := e.credType()
	expired := e.expiredLocked()
	_, hasToken := e.Conn.Credentials["token"].(string)
	e.mu.Unlock()
	switch {
	case typ == "OAUTH2_CC" && (!hasToken || expired):
		return e.reauth(ctx)
	case typ == "OAUTH2" && expired && e.canRefresh():
		e.debugf("proxy: the access token of connection %q has expired, refreshing it", e.Conn.ID)
		return e.reauth(ctx)
	}
	return nil
}

func (e *Engine) expiredLocked() bool {
	s, _ := e.Conn.Credentials["expires_at"].(string)
	if s == "" {
		return false
	}
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return false
	}
	margin := defaultExpiryMargin
	if e.Provider != nil && e.Provider.TokenExpirationBuffer > 0 {
		margin = time.Duration(e.Provider.TokenExpirationBuffer) * time.Second
	}
	return !e.now().Add(margin).Before(at)
}

func (e *Engine) canRefresh() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	rt, _ := e.Conn.Credentials["refresh_token"].(string)
	return rt != "" && e.Conn.ClientID != "" && e.Conn.ClientSecret != "" && e.Provider != nil && e.Provider.TokenURL != ""
}

// canReauth: a 401 can be answered with a new token.
func (e *Engine) canReauth() bool {
	e.mu.Lock()
	typ := e.credType()
	e.mu.Unlock()
	return typ == "OAUTH2_CC" || (typ == "OAUTH2" && e.canRefresh())
}

// reauth gets a new token from the provider's token endpoint (refresh_token grant for
// OAUTH2, client_credentials for OAUTH2_CC), stores it in the credentials and saves it.
func (e *Engine) reauth(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	typ := e.credType()
	creds := e.Conn.Credentials
	form := url.Values{}
	clientID, clientSecret := e.Conn.ClientID, e.Conn.ClientSecret
	var params map[string]string
	if typ == "OAUTH2_CC" {
		clientID, _ = creds["client_id"].(string)
		clientSecret, _ = creds["client_secret"].(string)
		form.Set("grant_type", "client_credentials")
		if e.Provider != nil {
			params = e.Provider.TokenParams
		}
	} else {
		rt, _ := creds["refresh_token"].(string)
		form.Set("grant_type", "refresh_token")
		form.Set("refresh_token", rt)
		if e.Provider != nil {
			params = e.Provider.RefreshParams
		}
	}
	for k, v := range params {
		form.Set(k, v)
	}
	tok, err := e.tokenRequest(ctx, form, clientID, clientSecret)
	if err != nil {
		return err
	}
	fields := map[string]any{}
	if typ == "OAUTH2_CC" {
		fields["token"] = tok.AccessToken
	} else {
		fields["access_token"] = tok.AccessToken
		if tok.RefreshToken != "" {
			fields["refresh_token"] = tok.RefreshToken
		}
	}
	if tok.ExpiresIn > 0 {
		fields["expires_at"] = e.now().Add(time.Duration(tok.ExpiresIn) * time.Second).UTC().Format(time.RFC3339)
	}
	for k, v := range fields {
		creds[k] = v
	}
	if e.Conn.Save != nil {
		if err := e.Conn.Save(fields); err != nil {
			return fmt.Errorf("save the new token of connection %q: %w", e.Conn.ID, err)
		}
	}
	return nil
}

type tokenAnswer struct {
	AccessToken  string  `json:"access_token"`
	RefreshToken string  `json:"refresh_token"`
	ExpiresIn    float64 `json:"expires_in"`
}

// tokenRequest posts the grant to the catalog's token_url. Callers hold e.mu.
func (e *Engine) tokenRequest(ctx context.Context, form url.Values, clientID, clientSecret string) (*tokenAnswer, error) {
	if e.Provider == nil || e.Provider.TokenURL == "" {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "connection %q needs a token, and its provider has no token_url in the catalog", e.Conn.ID),
			"give the connection an access token in connections.local.yaml, or use a catalog entry with token_url (--providers)")
	}
	tokenURL, _ := interpolate(e.Provider.TokenURL, e.templateData())
	basic := strings.EqualFold(e.Provider.TokenRequestAuthMethod, "basic")
	if !basic {
		form.Set("client_id", clientID)
		form.Set("client_secret", clientSecret)
	}
	body, ctype := form.Encode(), "application/x-www-form-urlencoded"
	if strings.EqualFold(e.Provider.BodyFormat, "json") {
		m := map[string]string{}
		for k := range form {
			m[k] = form.Get(k)
		}
		b, _ := json.Marshal(m)
		body, ctype = string(b), "application/json"
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(body))
	if err != nil {
		return nil, exitcode.Errorf(exitcode.Usage, "token_url %q: %v", tokenURL, err)
	}
	hr.Header.Set("Content-Type", ctype)
	hr.Header.Set("Accept", "application/json")
	if basic {
		hr.SetBasicAuth(clientID, clientSecret)
	}
	e.debugLocked("proxy: POST %s (token request for connection %q)", tokenURL, e.Conn.ID)
	resp, err := e.send(hr)
	if err != nil {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Unavailable, "token request for connection %q: %v", e.Conn.ID, err), "check the provider's token_url and your network")
	}
	var tok tokenAnswer
	if resp.Status >= 300 || json.Unmarshal(resp.Body, &tok) != nil || tok.AccessToken == "" {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Auth, "the provider refused the token request for connection %q (status %d)", e.Conn.ID, resp.Status),
			"check the client_id/client_secret and refresh_token in connections.local.yaml; if the refresh token was revoked, get new tokens and write them there")
	}
	return &tok, nil
}

// debugLocked is debugf for callers holding e.mu (debugf's redaction takes the lock).
func (e *Engine) debugLocked(format string, args ...any) {
	if e.Debug != nil {
		secrets := append(nangoapi.CredentialSecrets(e.Conn.Credentials), e.Conn.ClientSecret)
		e.Debug(nangoapi.Redact(fmt.Sprintf(format, args...), secrets))
	}
}
