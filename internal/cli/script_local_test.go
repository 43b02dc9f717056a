package cli

import (
	"fmt"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nango-go/nango/internal/fakeprovider"
)

// The `fakeprovider` testscript command runs a provider API on loopback (internal/fakeprovider)
// for local mode (`nango dryrun --local`): it refuses every request that does not
// authenticate the way it was started with.
//
//	fakeprovider start bearer TOKEN | basic USER PASS | query NAME VALUE | header NAME VALUE | oauth
//	                                     start; set FAKEPROVIDER_URL (oauth: only issued tokens)
//	fakeprovider client ID SECRET        the OAuth client its token endpoint (/oauth/token) accepts
//	fakeprovider refresh-token RT        a refresh token the token endpoint accepts
//	fakeprovider respond METHOD PATH STATUS [-body JSON|-file F] [-header K:V]... [-times N]
//	fakeprovider reject-all              answer 401 to every API request from now on
//	fakeprovider requests                print "METHOD /path?query STATUS" per request
var fakeProviders = struct {
	sync.Mutex
	m map[*testscript.TestScript]*fakeprovider.Server
}{m: map[*testscript.TestScript]*fakeprovider.Server{}}

func init() {
	scriptCmds["fakeprovider"] = cmdFakeProvider
}

func cmdFakeProvider(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: fakeprovider start|client|refresh-token|respond|reject-all|requests ...")
	}
	if args[0] == "start" {
		fakeProviderStart(ts, args[1:])
		return
	}
	fakeProviders.Lock()
	srv := fakeProviders.m[ts]
	fakeProviders.Unlock()
	if srv == nil {
		ts.Fatalf("fakeprovider %s: run `fakeprovider start` first", args[0])
	}
	rest := args[1:]
	switch args[0] {
	case "client":
		if len(rest) != 2 {
			ts.Fatalf("usage: fakeprovider client ID SECRET")
		}
		srv.SetClient(rest[0], rest[1])
	case "refresh-token":
		if len(rest) != 1 {
			ts.Fatalf("usage: fakeprovider refresh-token RT")
		}
		srv.AddRefreshToken(rest[0])
	case "respond":
		method, path, r := scriptedResponse(ts, "fakeprovider respond", rest)
		srv.Routes.Add(method, path, r)
	case "reject-all":
		srv.RejectAll(true)
	case "requests":
		for _, line := range srv.Requests() {
			fmt.Fprintln(ts.Stdout(), line)
		}
	default:
		ts.Fatalf("fakeprovider: unknown subcommand %q", args[0])
	}
}

func fakeProviderStart(ts *testscript.TestScript, args []string) {
	var a fakeprovider.Auth
	switch {
	case len(args) == 2 && args[0] == "bearer":
		a = fakeprovider.Auth{Kind: "bearer", Value: args[1]}
	case len(args) == 1 && args[0] == "oauth":
		a = fakeprovider.Auth{Kind: "bearer"}
	case len(args) == 3 && (args[0] == "basic" || args[0] == "query" || args[0] == "header"):
		a = fakeprovider.Auth{Kind: args[0], Name: args[1], Value: args[2]}
	default:
		ts.Fatalf("usage: fakeprovider start bearer TOKEN | basic USER PASS | query NAME VALUE | header NAME VALUE | oauth (got %s)", strings.Join(args, " "))
	}
	srv := fakeprovider.New()
	srv.SetAuth(a)
	ts.Defer(srv.Close)
	fakeProviders.Lock()
	fakeProviders.m[ts] = srv
	fakeProviders.Unlock()
	ts.Setenv("FAKEPROVIDER_URL", srv.URL)
}
