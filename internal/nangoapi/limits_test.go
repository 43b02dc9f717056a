package nangoapi_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/nangoapi"
)

// Issue 13, item 7: every body read from a server is bounded, and Options.Timeout bounds each
// request (the CLI's own lookups, deploy, and the proxy calls of scripts alike).

func TestReadBodyIsBounded(t *testing.T) {
	if b, err := nangoapi.ReadBody(strings.NewReader("12345"), 5); err != nil || string(b) != "12345" {
		t.Fatalf("at the limit: %q %v", b, err)
	}
	_, err := nangoapi.ReadBody(strings.NewReader("123456"), 5)
	var tl *nangoapi.BodyTooLargeError
	if !errors.As(err, &tl) || tl.Limit != 5 {
		t.Fatalf("past the limit: %v", err)
	}
}

func limitedClient(srv *fakenango.Server, o nangoapi.Options) *nangoapi.Client {
	o.Host, o.SecretKey, o.SecretKeyVar = srv.URL, fakenango.DefaultSecretKey, "NANGO_SECRET_KEY_DEV"
	return nangoapi.New(o)
}

func TestClientBoundsBodies(t *testing.T) {
	srv, _ := setup(t)
	// A server that would stream 1 GB: the client stops after MaxBody+1 bytes.
	srv.Respond("GET", "/connection/conn-123", fakenango.Response{Status: 200, Body: []byte(`{"connection_id":"`), Stream: 1 << 30})
	srv.Provider("GET", "/v1/huge", fakenango.Response{Status: 200, Body: []byte(`[`), Stream: 1 << 30})
	c := limitedClient(srv, nangoapi.Options{MaxBody: 1 << 20})

	_, err := c.GetConnection(context.Background(), nangoapi.ConnectionRequest{ConnectionID: "conn-123", ProviderConfigKey: "acme-crm"})
	if code := exitOf(t, err); code != exitcode.Unavailable {
		t.Fatalf("exit %d: %v", code, err)
	}
	if !strings.Contains(err.Error(), "GET /connection/conn-123 is larger than 1 MiB") || !strings.Contains(exitcode.HintOf(err), "NANGO_HOSTPORT") {
		t.Errorf("message %q, hint %q", err, exitcode.HintOf(err))
	}

	_, err = c.Proxy(context.Background(), nangoapi.ProxyRequest{Method: "GET", Endpoint: "/v1/huge", ConnectionID: "conn-123", ProviderConfigKey: "acme-crm"})
	if err == nil || !strings.Contains(err.Error(), "the answer of the provider") || !strings.Contains(exitcode.HintOf(err), "smaller pages") {
		t.Fatalf("proxy: %v (hint %q)", err, exitcode.HintOf(err))
	}
	var tl *nangoapi.BodyTooLargeError
	if !errors.As(err, &tl) {
		t.Errorf("proxy: %v is not a BodyTooLargeError", err)
	}
}

func TestClientTimeoutBoundsEachRequest(t *testing.T) {
	srv, _ := setup(t)
	srv.Respond("GET", "/config/acme-crm", fakenango.Response{Status: 200, Body: []byte(`{}`), Delay: time.Hour})
	c := limitedClient(srv, nangoapi.Options{Timeout: 200 * time.Millisecond})
	start := time.Now()
	_, err := c.GetConfig(context.Background(), "acme-crm")
	if time.Since(start) > 5*time.Second {
		t.Fatalf("took %s", time.Since(start))
	}
	if code := exitOf(t, err); code != exitcode.Unavailable {
		t.Fatalf("exit %d: %v", code, err)
	}
	if !strings.Contains(err.Error(), "did not answer GET /config/acme-crm within 200ms") ||
		!strings.Contains(exitcode.HintOf(err), "--timeout (now 200ms)") {
		t.Errorf("message %q, hint %q", err, exitcode.HintOf(err))
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("a request timeout should still be a context.DeadlineExceeded")
	}
	// A body that trickles in past the timeout is cut too: the bound covers the whole answer.
	srv.Respond("GET", "/environment-variables", fakenango.Response{Status: 200, Header: http.Header{}, Body: []byte(`[`), Stream: 1 << 40})
	start = time.Now()
	_, err = limitedClient(srv, nangoapi.Options{Timeout: 300 * time.Millisecond, MaxBody: 1 << 40}).GetEnvironmentVariables(context.Background())
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("streaming body: %v after %s", err, time.Since(start))
	}
}
