package cli

import (
	"github.com/rogpeppe/go-internal/testscript"
)

// `fakenango-forward-headers on|off` makes the fake server's /proxy pass every provider
// header on success (an account flag of the real server; by default only content-type and a
// few ids pass), so that dry runs can page through a `Link` header.
func init() {
	scriptCmds["fakenango-forward-headers"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 || (args[0] != "on" && args[0] != "off") {
			ts.Fatalf("usage: fakenango-forward-headers on|off")
		}
		fakeServers.Lock()
		srv := fakeServers.m[ts]
		fakeServers.Unlock()
		if srv == nil {
			ts.Fatalf("fakenango-forward-headers: run `fakenango start` first")
		}
		srv.ForwardAllResponseHeaders(args[0] == "on")
	}
}
