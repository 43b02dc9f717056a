// Command fakenango-serve runs the fake Nango server (internal/fakenango) outside tests, for
// benchmarks of whole commands (.ci/bench.d/dryrun.sh). It prints its URL on the first line
// of stdout and serves until stdin closes or it is interrupted.
//
//	fakenango-serve -integration acme-crm:acme -connection acme-crm:conn-1 \
//	    -provider 'POST /v1/contacts=201:{"id":"new-1"}' -providers testdata/providers/providers.yaml
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/providers"
)

var providerFlagRe = regexp.MustCompile(`^(\S+) (\S+?)=(\d{3}):(.*)$`)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var integrations, connections, provs list
	flag.Var(&integrations, "integration", "KEY:PROVIDER (repeatable)")
	flag.Var(&connections, "connection", "KEY:CONNECTION_ID (repeatable)")
	flag.Var(&provs, "provider", "'METHOD ENDPOINT=STATUS:BODY' scripted provider answer (repeatable)")
	catalogFile := flag.String("providers", "", "providers.yaml that GET /providers/:name answers from (default: no provider known)")
	flag.Parse()

	srv := fakenango.New()
	defer srv.Close()
	if *catalogFile != "" {
		cat, err := providers.Load(*catalogFile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "fakenango-serve: %v\n", err)
			os.Exit(2)
		}
		srv.SetProviders(cat)
	}
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
		// The endpoint may carry a query (`GET /v1/items?cursor=p2=200:{...}`): the answer
		// starts at the first "=" followed by a status and ":".
		m := providerFlagRe.FindStringSubmatch(p)
		var method, endpoint, body string
		status, err := 0, error(nil)
		if m != nil {
			method, endpoint, body = m[1], m[2], m[4]
			status, err = strconv.Atoi(m[3])
		}
		if m == nil || err != nil {
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
