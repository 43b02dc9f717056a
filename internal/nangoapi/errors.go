package nangoapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/text"
)

// Kind classifies a failed call; each kind has its own exit code.
type Kind string

const (
	// KindAuth: the server refused the secret key (401, or the 500 older servers answer for
	// a well-formed but unknown key). ExitAuth.
	KindAuth Kind = "auth"
	// KindRejected: the server refused the request (400 validation, other 4xx). ExitRejected.
	KindRejected Kind = "rejected"
	// KindNotFound: the connection or integration does not exist (404, or 400
	// unknown_provider_config). ExitRejected.
	KindNotFound Kind = "not_found"
	// KindConflict: another deploy is in progress (409). ExitConflict.
	KindConflict Kind = "conflict"
	// KindUnavailable: unreachable server, dropped connection, 5xx, unreadable answer.
	// ExitUnavailable.
	KindUnavailable Kind = "unavailable"
	// KindCancelled: the context was cancelled (Ctrl-C). ExitCancel.
	KindCancelled Kind = "cancelled"
)

// Issue is one entry of a validation error's list: where (path) and what.
type Issue struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Path    []any  `json:"path"`
}

// Field returns the issue's path in dotted form with [n] for indexes, e.g.
// `flowConfigs[0].runs`; "(body)" for the root.
func (i Issue) Field() string {
	var b strings.Builder
	for _, p := range i.Path {
		switch v := p.(type) {
		case float64:
			fmt.Fprintf(&b, "[%s]", strconv.FormatFloat(v, 'f', -1, 64))
		case int:
			fmt.Fprintf(&b, "[%d]", v)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, v)
		}
	}
	if b.Len() == 0 {
		return "(body)"
	}
	return b.String()
}

// APIError is a failed call to the Nango server.
type APIError struct {
	Method string
	// Path is the request path without its query string.
	Path string
	// Status is the HTTP status, 0 when no answer arrived.
	Status int
	Kind   Kind
	// Code and ServerMessage are the server's `error.code` and `error.message`.
	Code          string
	ServerMessage string
	// Issues are the server's per-field validation errors (`error.errors`).
	Issues []Issue
	// Body is the raw answer, with the secret key and credentials redacted.
	Body []byte
	// Message is our explanation, without the issue list.
	Message string
	// Err is the transport error, for failures without an answer.
	Err error
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for _, is := range e.Issues {
		fmt.Fprintf(&b, "\n  %s: %s", is.Field(), is.Message)
		if is.Code != "" {
			fmt.Fprintf(&b, " (%s)", is.Code)
		}
	}
	return b.String()
}

func (e *APIError) Unwrap() error { return e.Err }

// ExitCode is the process exit code for the error's kind.
func (e *APIError) ExitCode() exitcode.Code {
	switch e.Kind {
	case KindAuth:
		return exitcode.Auth
	case KindRejected, KindNotFound:
		return exitcode.Rejected
	case KindConflict:
		return exitcode.Conflict
	case KindCancelled:
		return exitcode.Cancel
	}
	return exitcode.Unavailable
}

// serverError is the `{"error": ...}` envelope of every Nango error answer.
type serverError struct {
	Error json.RawMessage `json:"error"`
}

type serverErrorBody struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Errors  []Issue        `json:"errors"`
	Payload map[string]any `json:"payload"`
}

func (c *Client) wrap(e *APIError) error {
	return &exitcode.Error{Code: e.ExitCode(), Err: e, Hint: c.hint(e)}
}

func (c *Client) hint(e *APIError) string {
	switch e.Kind {
	case KindAuth:
		return fmt.Sprintf("check %s: it must hold the secret key of the environment you target (Nango dashboard, Environment Settings)", c.secretKeyVar)
	case KindConflict:
		return "wait for the other deploy to finish, then run the command again"
	case KindUnavailable:
		var timeout *requestTimeoutError
		if errors.As(e.Err, &timeout) {
			return fmt.Sprintf("raise the limit with --timeout (now %s), or check the server at %s", timeout.d, c.display)
		}
		var tl *BodyTooLargeError
		if errors.As(e.Err, &tl) {
			if strings.HasPrefix(e.Path, "/proxy") {
				return "request smaller pages from the provider (a limit or page-size parameter)"
			}
			return fmt.Sprintf("check NANGO_HOSTPORT (now %s): a Nango server's answers are far smaller", c.display)
		}
		if e.Status == 0 {
			return fmt.Sprintf("check NANGO_HOSTPORT (now %s) and your network", c.display)
		}
		return "the server failed; try again later, or check the server's logs"
	}
	if e.Kind == KindNotFound && strings.HasPrefix(e.Message, "connection ") {
		return fmt.Sprintf("check the connection id in the Nango dashboard (Connections) of the environment whose key is in %s; -e targets another environment", c.secretKeyVar)
	}
	if e.Code == "unknown_provider_config" {
		return fmt.Sprintf("create the integration in the Nango dashboard, in the environment that %s belongs to", c.secretKeyVar)
	}
	if e.Code == "invalid_cli_version" {
		return "this server does not accept the CLI version this binary presents; see README, Compatibility notes"
	}
	return ""
}

// statusError explains a non-2xx answer.
func (c *Client) statusError(req request, status int, data []byte) error {
	e := &APIError{Method: req.method, Path: pathOnly(req.path), Status: status, Body: []byte(c.redact(string(data)))}
	var env serverError
	if json.Unmarshal(data, &env) == nil && len(env.Error) > 0 {
		var body serverErrorBody
		if json.Unmarshal(env.Error, &body) == nil {
			e.Code, e.ServerMessage, e.Issues = body.Code, c.redact(body.Message), body.Errors
			if key, ok := body.Payload["providerConfigKey"].(string); ok && key != "" {
				req.what = "integration " + strconv.Quote(key)
			} else if body.Code == "unknown_provider_config" && req.integration != "" {
				req.what = "integration " + strconv.Quote(req.integration)
			}
			for i := range e.Issues {
				e.Issues[i].Message = c.redact(e.Issues[i].Message)
			}
		} else {
			var s string
			if json.Unmarshal(env.Error, &s) == nil {
				e.ServerMessage = c.redact(s)
			}
		}
	}
	if e.ServerMessage == "" && e.Code == "" && len(data) > 0 && len(data) < 500 && !strings.HasPrefix(strings.TrimSpace(string(data)), "{") {
		e.ServerMessage = strings.TrimSpace(c.redact(string(data)))
	}
	what := req.what
	detail := e.ServerMessage
	if e.Code != "" {
		if detail != "" {
			detail = e.Code + ": " + detail
		} else {
			detail = e.Code
		}
	}
	suffix := ""
	if detail != "" {
		suffix = " (" + detail + ")"
	}
	call := fmt.Sprintf("%s %s", req.method, e.Path)
	switch {
	case status == 401 || e.Code == "unhandled_unknown_user_account" || e.Code == "unknown_account":
		e.Kind = KindAuth
		if e.Code == "unhandled_unknown_user_account" || e.Code == "unknown_account" {
			e.Message = fmt.Sprintf("the Nango server at %s does not know this secret key (%s)", c.display, c.secretKeyVar)
		} else {
			e.Message = fmt.Sprintf("the Nango server at %s refused the secret key from %s: %d%s", c.display, c.secretKeyVar, status, suffix)
		}
	case status == 409:
		e.Kind = KindConflict
		e.Message = fmt.Sprintf("another deploy is in progress on this environment: %s answered 409%s", call, suffix)
	case status == 404 || (status == 400 && e.Code == "unknown_provider_config"):
		e.Kind = KindNotFound
		if what == "" {
			what = "the requested object"
		}
		e.Message = fmt.Sprintf("%s does not exist on the Nango server: %s answered %d%s", what, call, status, suffix)
	case status >= 400 && status < 500:
		e.Kind = KindRejected
		if len(e.Issues) > 0 {
			e.Message = fmt.Sprintf("the Nango server rejected %s: %d %s, %d problem(s):", call, status, e.Code, len(e.Issues))
		} else {
			e.Message = fmt.Sprintf("the Nango server rejected %s: %d%s", call, status, suffix)
		}
	default:
		e.Kind = KindUnavailable
		e.Message = fmt.Sprintf("the Nango server failed on %s: %d%s", call, status, suffix)
	}
	return c.wrap(e)
}

// transportError explains a call that got no (complete) answer.
func (c *Client) transportError(req request, err error) error {
	e := &APIError{Method: req.method, Path: pathOnly(req.path), Kind: KindUnavailable, Err: err}
	cause := c.redact(err.Error())
	var timeout *requestTimeoutError
	switch {
	case errors.Is(err, context.Canceled):
		e.Kind = KindCancelled
		e.Message = fmt.Sprintf("%s %s cancelled", req.method, e.Path)
	case errors.As(err, &timeout):
		e.Message = fmt.Sprintf("the Nango server at %s did not answer %s %s within %s", c.display, req.method, e.Path, timeout.d)
	case errors.Is(err, context.DeadlineExceeded):
		e.Message = fmt.Sprintf("the Nango server at %s did not answer %s %s in time", c.display, req.method, e.Path)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(cause, "connection reset"):
		e.Message = fmt.Sprintf("the Nango server at %s dropped the connection during %s %s", c.display, req.method, e.Path)
	default:
		var opErr *net.OpError
		if errors.As(err, &opErr) && opErr.Op == "dial" {
			e.Message = fmt.Sprintf("cannot reach the Nango server at %s: %v", c.display, c.redact(opErr.Err.Error()))
		} else {
			e.Message = fmt.Sprintf("request to the Nango server at %s failed (%s %s): %s", c.display, req.method, e.Path, cause)
		}
	}
	return c.wrap(e)
}

// tooLargeError is an answer whose body passed the client's limit: the server (or the
// provider behind /proxy) failed, exit 7.
func (c *Client) tooLargeError(req request, status int, tl *BodyTooLargeError) error {
	from := "the Nango server at " + c.display
	if strings.HasPrefix(req.path, "/proxy") {
		from = "the provider (through the Nango server at " + c.display + ")"
	}
	return c.wrap(&APIError{Method: req.method, Path: pathOnly(req.path), Status: status, Kind: KindUnavailable, Err: tl,
		Message: fmt.Sprintf("the answer of %s to %s %s is larger than %s, the limit for one response; nothing of it was used",
			from, req.method, pathOnly(req.path), FormatSize(tl.Limit))})
}

// redact removes the secret key, and the user name and password of every URL, from text
// (net/http's errors quote the request URL).
func (c *Client) redact(s string) string {
	return Redact(text.StripUserinfo(s), []string{c.secretKey})
}
