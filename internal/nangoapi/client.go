// Package nangoapi is the client for a Nango server (Nango Cloud or self-hosted): the calls the
// CLI makes itself (connection and integration lookups, deploy) and the raw proxy call that
// scripts make through the `nango` object during a dry run.
//
// Requests carry what the reference CLI sends (Authorization, a User-Agent whose
// `nango-cli/<version>` passes the server's CLI-version gate, the reference's odd
// `Accept-Encoding: application/json`), so the server treats them the same. Every failure is
// an *APIError wrapped in a *exitcode.Error that carries its exit code and a hint; the secret
// key and connection credentials never appear in an error.
package nangoapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/text"
)

// Options configure a Client.
type Options struct {
	// Host is the server base URL (NANGO_HOSTPORT), without a trailing slash.
	Host string
	// SecretKey is the environment's secret key.
	SecretKey string
	// SecretKeyVar names the variable the key came from (or should come from), for hints.
	SecretKeyVar string
	// AppVersion is this binary's version, named in the User-Agent.
	AppVersion string
	// HTTPClient sends the requests; nil means a default client.
	HTTPClient *http.Client
	// Timeout bounds each request, from sending it to the last byte of the answer (0: no
	// bound besides the caller's context). Commands set it from their --timeout so that a
	// server that never answers cannot hang them (issue 13, item 7).
	Timeout time.Duration
	// MaxBody bounds the body of one answer held in memory (0: MaxResponseBody).
	MaxBody int64
}

// MaxResponseBody bounds the body of any one answer read from a Nango server, the CLI's own
// calls and the provider answers a script gets through /proxy alike (README, `nango dryrun`).
// sdk's uncontrolledFetch uses it too. Without a bound, a server streaming gigabytes drives
// the process out of memory (issue 13, item 7); 256 MiB is far above any page of records a
// provider sends and well below the script's memory limit.
const MaxResponseBody int64 = 256 << 20

// Client talks to one Nango server with one secret key. It is safe for concurrent use.
type Client struct {
	host string
	// display is host without `user:password@`, the form every message prints (issue 13).
	display      string
	secretKey    string
	secretKeyVar string
	appVersion   string
	http         *http.Client
	timeout      time.Duration
	maxBody      int64
}

// New returns a client for opts.
func New(opts Options) *Client {
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	keyVar := opts.SecretKeyVar
	if keyVar == "" {
		keyVar = "NANGO_SECRET_KEY"
	}
	host := strings.TrimRight(opts.Host, "/")
	maxBody := opts.MaxBody
	if maxBody <= 0 {
		maxBody = MaxResponseBody
	}
	return &Client{
		host:         host,
		display:      text.StripUserinfo(host),
		secretKey:    opts.SecretKey,
		secretKeyVar: keyVar,
		appVersion:   opts.AppVersion,
		http:         hc,
		timeout:      opts.Timeout,
		maxBody:      maxBody,
	}
}

// ReadBody reads an answer's body, failing with *BodyTooLargeError past limit bytes rather
// than holding an unbounded body in memory. It is the one place bodies from a server are read
// (the Client's calls and sdk's uncontrolledFetch).
func ReadBody(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &BodyTooLargeError{Limit: limit}
	}
	return data, nil
}

// BodyTooLargeError is an answer whose body is larger than the limit.
type BodyTooLargeError struct{ Limit int64 }

func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("the answer is larger than %s, the limit for one response", FormatSize(e.Limit))
}

// FormatSize prints a byte count as MiB when it is a whole number of them.
func FormatSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// requestTimeoutError is Options.Timeout running out; it is a context.DeadlineExceeded.
type requestTimeoutError struct{ d time.Duration }

func (e *requestTimeoutError) Error() string {
	return fmt.Sprintf("no complete answer within %s", e.d)
}
func (e *requestTimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// Host returns the server base URL as it may be printed: without the user name and password
// NANGO_HOSTPORT may carry. Requests still go to the URL as configured.
func (c *Client) Host() string { return c.display }

// CLIUserAgent is the User-Agent of the CLI's own calls. The server's version gate reads
// `nango-cli/<semver>` from it (deploy needs ≥ 0.39.25; a server that enforces versions
// rejects one newer than itself), so it names the reference version this binary follows,
// then our product and version in the comment.
func CLIUserAgent(appVersion string) string {
	return fmt.Sprintf("nango-cli/%s (%s/%s; nango-go/%s)", build.ReferenceCLIVersion, runtime.GOOS, runtime.GOARCH, appVersion)
}

// SDKUserAgent is the User-Agent of calls made on behalf of a script (the reference sends
// them through its node client, `nango-node-client/<v> (...); sdk`).
func SDKUserAgent(appVersion string) string {
	return fmt.Sprintf("nango-node-client/%s (%s/%s; nango-go/%s); sdk", build.ReferenceCLIVersion, runtime.GOOS, runtime.GOARCH, appVersion)
}

// caller says on whose behalf a request is made: headers differ between the CLI's own calls
// and the SDK calls scripts make.
type caller int

const (
	callerCLI caller = iota
	callerSDK
	// callerNodeClient is the node client the CLI itself creates (no "; sdk" in its User-Agent).
	callerNodeClient
)

type request struct {
	method string
	path   string // starts with "/"; may contain a query
	query  url.Values
	header http.Header
	body   []byte
	caller caller
	// what names the object of the call for 404 messages, e.g. `connection "x"`.
	what string
	// integration is the provider config key the call names, for unknown_provider_config.
	integration string
}

// do sends req and returns the response with its body read. Non-2xx statuses and transport
// failures come back as errors (see errors.go).
func (c *Client) do(ctx context.Context, req request) (*http.Response, []byte, error) {
	u := c.host + req.path
	if len(req.query) > 0 {
		sep := "?"
		if strings.Contains(req.path, "?") {
			sep = "&"
		}
		u += sep + req.query.Encode()
	}
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, c.timeout, &requestTimeoutError{c.timeout})
		defer cancel()
	}
	hr, err := http.NewRequestWithContext(ctx, req.method, u, body)
	if err != nil {
		return nil, nil, c.transportError(req, err)
	}
	hr.Header.Set("Accept", "application/json, text/plain, */*")
	switch req.caller {
	case callerCLI:
		hr.Header.Set("User-Agent", CLIUserAgent(c.appVersion))
		// The reference's odd value; servers answer uncompressed.
		hr.Header.Set("Accept-Encoding", "application/json")
	case callerSDK:
		hr.Header.Set("User-Agent", SDKUserAgent(c.appVersion))
	case callerNodeClient:
		hr.Header.Set("User-Agent", strings.TrimSuffix(SDKUserAgent(c.appVersion), "; sdk"))
	}
	hr.Header.Set("Authorization", "Bearer "+c.secretKey)
	for k, vs := range req.header {
		hr.Header[k] = vs
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		return nil, nil, c.transportError(req, timeoutCause(ctx, err))
	}
	defer resp.Body.Close()
	data, err := ReadBody(resp.Body, c.maxBody)
	if err != nil {
		var tl *BodyTooLargeError
		if errors.As(err, &tl) {
			return nil, nil, c.tooLargeError(req, resp.StatusCode, tl)
		}
		return nil, nil, c.transportError(req, timeoutCause(ctx, err))
	}
	return resp, data, nil
}

// timeoutCause returns the request timeout as the error when it is what ended ctx, so the
// message can say which limit ran out.
func timeoutCause(ctx context.Context, err error) error {
	var te *requestTimeoutError
	if errors.As(context.Cause(ctx), &te) {
		return te
	}
	return err
}

// call is do for JSON endpoints: it turns non-2xx answers into errors and decodes out.
func (c *Client) call(ctx context.Context, req request, out any) error {
	resp, data, err := c.do(ctx, req)
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.statusError(req, resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return c.wrap(&APIError{Method: req.method, Path: pathOnly(req.path), Status: resp.StatusCode,
			Kind: KindUnavailable, Message: fmt.Sprintf("the Nango server sent a response that is not the expected JSON: %v", err)})
	}
	return nil
}

func jsonBody(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func pathOnly(p string) string {
	if i := strings.IndexByte(p, '?'); i >= 0 {
		return p[:i]
	}
	return p
}

// IsAPIError returns the *APIError inside err, if any.
func IsAPIError(err error) (*APIError, bool) {
	var e *APIError
	ok := errors.As(err, &e)
	return e, ok
}
