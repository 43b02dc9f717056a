// Command fakenango-serve runs the fake Nango server (internal/fakenango) outside tests, for
// benchmarks of whole commands (.ci/bench.d/dryrun.sh). It prints its URL on the first line
// of stdout and serves until stdin closes or it is interrupted.
//
//	fakenango-serve -integration acme-crm:acme -connection acme-crm:conn-1 \
//	    -provider 'POST /v1/contacts=201:{"id":"new-1"}'
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/nango-go/nango/internal/fakenango"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var integrations, connections, provs list
	flag.Var(&integrations, "integration", "KEY:PROVIDER (repeatable)")
	flag.Var(&connections, "connection", "KEY:CONNECTION_ID (repeatable)")
	flag.Var(&provs, "provider", "'METHOD ENDPOINT=STATUS:BODY' scripted provider answer (repeatable)")
	flag.Parse()

	srv := fakenango.New()
	defer srv.Close()
	env := srv.Dev()
	for _, i := range integrations {
		k, p, _ := strings.Cut(i, ":")
		env.AddIntegration(k, p)
	}
	for _, c := range connections {
		k, id, _ := strings.Cut(c, ":")
		env.AddConnection(fakenango.Connection{ProviderConfigKey: k, ConnectionID: id})
	}
	for _, p := range provs {
		route, answer, ok := strings.Cut(p, "=")
		method, endpoint, ok2 := strings.Cut(route, " ")
		st, body, ok3 := strings.Cut(answer, ":")
		status, err := strconv.Atoi(st)
		if !ok || !ok2 || !ok3 || err != nil {
			fmt.Fprintf(os.Stderr, "fakenango-serve: bad -provider %q (want 'METHOD ENDPOINT=STATUS:BODY')\n", p)
			os.Exit(2)
		}
		srv.Provider(method, endpoint, fakenango.Response{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)})
	}
	fmt.Println(srv.URL)
	done := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); close(done) }()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	select {
	case <-done:
	case <-sig:
	}
}
