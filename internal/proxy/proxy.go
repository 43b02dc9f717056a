// Package proxy sends a script's proxied calls straight to the provider, as the Nango
// server's proxy would build them: base URL from the provider catalog (or an override),
// the catalog's header/query/body templates, credentials injected per credential type,
// retries with the catalog's rate-limit rules, and OAuth2 token refresh. Local mode
// (`nango dryrun --local`, internal/localmode) is its user: credentials come from
// connections.local.yaml instead of a Nango server.
//
// A provider's 4xx/5xx is an answer (the script sees an axios error, built by
// internal/sdk); Do returns an error only for what has no answer: an unreachable provider
// after the retries, a configuration that cannot make a request, a failed token request.
package proxy

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/providers"
)

// Connection is what the engine needs of a connection. Credentials is the connection's own
// map: a refresh updates it in place (under the engine's lock) and then calls Save.
type Connection struct {
	ID               string
	Credentials      map[string]any
	ConnectionConfig map[string]any
	Metadata         map[string]any
	// BaseURL replaces the catalog's proxy.base_url (connections.local.yaml base_url).
	BaseURL string
	// ClientID and ClientSecret are the integration's, for OAuth2 refresh.
	ClientID, ClientSecret string
	// Save persists refreshed credential fields (nil: kept in memory only).
	Save func(fields map[string]any) error
}

// Engine sends requests for one connection of one provider. Safe for concurrent use.
type Engine struct {
	// Provider is the catalog entry (nil: unknown to the catalog; only base_url can serve).
	Provider *providers.Provider
	Conn     *Connection
	HTTP     *http.Client
	Now      func() time.Time
	// Sleep waits between retries (nil: a timer bounded by ctx); tests make it instant.
	Sleep func(ctx context.Context, d time.Duration) error
	// Debug receives one line per attempt and per retry decision (--debug); lines never
	// hold a credential.
	Debug func(msg string)
	// BaseWait and MaxWait are the backoff's first wait and cap (3 s and 10 min as the
	// reference's retry loop; 0 means those).
	BaseWait, MaxWait time.Duration

	mu sync.Mutex
}

// Do sends req (the same request the sdk would send to a Nango server's /proxy) to the
// provider, with retries, and returns the last answer.
func (e *Engine) Do(ctx context.Context, req nangoapi.ProxyRequest) (*nangoapi.Response, error) {
	reauthed := false
	for attempt := 0; ; attempt++ {
		if err := e.ensureToken(ctx); err != nil {
			return nil, err
		}
		hr, err := e.build(ctx, req)
		if err != nil {
			return nil, err
		}
		started := e.now()
		resp, sendErr := e.send(hr)
		e.logAttempt(hr, resp, sendErr, attempt, req.Retries, e.now().Sub(started))
		if resp != nil && resp.Status == http.StatusUnauthorized && !reauthed && e.canReauth() {
			// A 401 means the token may have been revoked or expired early: get a new one and
			// try again, without spending one of the script's retries (the reference server
			// refreshes on the next credentials fetch the same way).
			reauthed = true
			e.debugf("proxy: 401 from the provider, getting a new token for connection %q", e.Conn.ID)
			if err := e.reauth(ctx); err != nil {
				return nil, err
			}
			attempt--
			continue
		}
		d := e.decide(resp, sendErr, req.RetryOn, reauthed)
		if attempt >= req.Retries || !d.retry {
			if attempt < req.Retries && d.reason != "success" {
				e.debugf("proxy: Skipping retry HTTP call (reason: %s) [%d/%d]", d.reason, attempt+1, req.Retries)
			}
			return e.finish(hr, resp, sendErr)
		}
		wait := d.wait
		if wait < 0 {
			wait = e.backoff(attempt)
		}
		if dl, ok := ctx.Deadline(); ok && e.now().Add(wait).After(dl) {
			e.debugf("proxy: Skipping retry HTTP call (reason: %s): waiting %dms would pass the run's --timeout [%d/%d]", d.reason, wait.Milliseconds(), attempt+1, req.Retries)
			return e.finish(hr, resp, sendErr)
		}
		e.debugf("proxy: Retrying HTTP call (reason: %s). Waiting for %dms [%d/%d]", d.reason, wait.Milliseconds(), attempt+1, req.Retries)
		if err := e.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

func (e *Engine) finish(hr *http.Request, resp *nangoapi.Response, sendErr error) (*nangoapi.Response, error) {
	if sendErr != nil {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Unavailable, "%s %s: the provider did not answer: %v",
			hr.Method, e.redact(hr.URL.String()), e.redactErr(sendErr)),
			"check the provider's address (base_url in "+"connections.local.yaml or the catalog's proxy.base_url) and your network")
	}
	return resp, nil
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) debugf(format string, args ...any) {
	if e.Debug != nil {
		e.Debug(e.redact(fmt.Sprintf(format, args...)))
	}
}

func (e *Engine) logAttempt(hr *http.Request, resp *nangoapi.Response, err error, attempt, retries int, took time.Duration) {
	status := "no answer: " + e.redactErr(err)
	if resp != nil {
		status = fmt.Sprint(resp.Status)
	}
	e.debugf("proxy: %s %s -> %s (attempt %d/%d, %dms)", hr.Method, hr.URL.String(), status, attempt+1, retries+1, took.Milliseconds())
}

// redact removes the connection's secrets (and their encodings) from text.
func (e *Engine) redact(text string) string {
	e.mu.Lock()
	secrets := nangoapi.CredentialSecrets(e.Conn.Credentials)
	e.mu.Unlock()
	return nangoapi.Redact(text, append(secrets, e.Conn.ClientSecret))
}

func (e *Engine) redactErr(err error) string {
	if err == nil {
		return ""
	}
	return e.redact(err.Error())
}

// send makes one attempt; the answer's body is bounded and decompressed.
func (e *Engine) send(hr *http.Request) (*nangoapi.Response, error) {
	client := e.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	if hr.GetBody != nil {
		hr.Body, _ = hr.GetBody()
	}
	resp, err := client.Do(hr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := nangoapi.ReadBody(resp.Body, nangoapi.MaxResponseBody)
	if err != nil {
		return nil, err
	}
	h := resp.Header.Clone()
	if body, err = decompress(h, body); err != nil {
		return nil, fmt.Errorf("decompress the answer: %w", err)
	}
	return &nangoapi.Response{Status: resp.StatusCode, Header: h, Body: body}, nil
}

// decompress undoes a gzip or deflate Content-Encoding that Go's client left in place (it
// does so when the script set its own Accept-Encoding), as axios does by default.
func decompress(h http.Header, body []byte) ([]byte, error) {
	var r io.Reader
	switch strings.ToLower(h.Get("Content-Encoding")) {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		r = zr
	case "deflate":
		r = flate.NewReader(bytes.NewReader(body))
	default:
		return body, nil
	}
	out, err := nangoapi.ReadBody(r, nangoapi.MaxResponseBody)
	if err != nil {
		return nil, err
	}
	h.Del("Content-Encoding")
	h.Del("Content-Length")
	return out, nil
}

func (e *Engine) sleep(ctx context.Context, d time.Duration) error {
	if e.Sleep != nil {
		return e.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// jsonObject decodes an object body (nil when the body is not a JSON object).
func jsonObject(b []byte) map[string]any {
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}
