package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nango-go/nango/internal/envfile"
	"github.com/nango-go/nango/internal/fakenango"
	"github.com/nango-go/nango/internal/providers"
)

// The `fakenango` testscript command runs a fake Nango server (internal/fakenango) for the
// rest of a script:
//
//	fakenango start [-env dev] [-key UUID] [-no-key]   start; set NANGO_HOSTPORT and NANGO_SECRET_KEY_<ENV>
//	                                                    (and FAKENANGO_URL, FAKENANGO_ADDR, FAKENANGO_KEY)
//	                                                    (GET /providers/:name answers from testdata/providers/providers.yaml)
//	fakenango providers FILE|none                       serve GET /providers/:name from FILE (none: know no provider)
//	fakenango integration KEY PROVIDER                  add an integration
//	fakenango connection KEY ID [-metadata JSON|@file] [-config JSON] [-credentials JSON]
//	fakenango envvar NAME VALUE                         add an environment variable
//	fakenango deployed sync|action KEY NAME [-models A,B] [-version V] [-auto-start=false]
//	fakenango deployed on-event KEY NAME -event post-connection-creation|pre-connection-deletion
//	fakenango respond METHOD PATH STATUS|drop [-body JSON|-file F] [-header K:V]... [-times N] [-delay 1s] [-stream BYTES]
//	fakenango provider METHOD ENDPOINT STATUS|drop [same flags]   script the provider behind /proxy
//	fakenango deploy-in-progress on|off                 /sync/deploy answers 409
//	fakenango records KEY CONNECTION MODEL JSON|@file    set the stored records of a model (Model or Model::variant; a JSON array)
//	fakenango action-result KEY ACTION STATUS [-body JSON|-file F]   what POST /action/trigger answers (the action becomes deployed)
//	fakenango enforce-cli-version VERSION               reject CLIs newer than VERSION
//	fakenango requests [-v] [-json] [METHOD [PATH]]     print the recorded requests
//	fakenango body METHOD PATH [N]                      print the Nth (default last) body, pretty, keys sorted
//	fakenango state                                     print what is deployed
//	fakenango reset-requests                            forget the recorded requests
//	fakenango environment NAME KEY                      add an environment reached with KEY
//	fakenango call METHOD PATH [-header K:V]... [-body JSON]   send a request (key of FAKENANGO_KEY); print status, headers, body
//
// Every subcommand except start needs a started server. `-env NAME` on the setup commands
// (integration, connection, envvar, deployed, deploy-in-progress) picks another environment
// than dev.
var fakeServers = struct {
	sync.Mutex
	m map[*testscript.TestScript]*fakenango.Server
}{m: map[*testscript.TestScript]*fakenango.Server{}}

func init() {
	scriptCmds["fakenango"] = cmdFakeNango
}

func cmdFakeNango(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("fakenango does not support !")
	}
	if len(args) == 0 {
		ts.Fatalf("usage: fakenango start|integration|connection|envvar|deployed|respond|provider|deploy-in-progress|enforce-cli-version|requests|body|state|reset-requests|environment|call ...")
	}
	if args[0] == "start" {
		fakeStart(ts, args[1:])
		return
	}
	fakeServers.Lock()
	srv := fakeServers.m[ts]
	fakeServers.Unlock()
	if srv == nil {
		ts.Fatalf("fakenango %s: run `fakenango start` first", args[0])
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "integration", "connection", "envvar", "deployed", "deploy-in-progress", "records", "action-result":
		envName := "dev"
		rest, envName = takeEnvFlag(rest, envName)
		env := srv.Environment(envName)
		if env == nil {
			ts.Fatalf("fakenango: no environment %q", envName)
		}
		fakeSetup(ts, env, sub, rest)
	case "respond", "provider":
		fakeScript(ts, srv, sub, rest)
	case "providers":
		if len(rest) != 1 {
			ts.Fatalf("usage: fakenango providers FILE|none")
		}
		if rest[0] == "none" {
			srv.SetProviders(nil)
			break
		}
		cat, err := providers.Load(ts.MkAbs(rest[0]))
		ts.Check(err)
		srv.SetProviders(cat)
	case "enforce-cli-version":
		if len(rest) != 1 {
			ts.Fatalf("usage: fakenango enforce-cli-version VERSION")
		}
		srv.EnforceCLIVersion(rest[0])
	case "requests":
		fakeRequests(ts, srv, rest)
	case "body":
		fakeBody(ts, srv, rest)
	case "state":
		for _, f := range srv.Dev().Deployed() {
			fmt.Fprintf(ts.Stdout(), "%s %s/%s v%s models=%s\n", f.Type, f.ProviderConfigKey, f.Name, f.Version, strings.Join(f.Models, ","))
		}
		for _, o := range srv.Dev().DeployedOnEvents() {
			fmt.Fprintf(ts.Stdout(), "on-event %s/%s %s v%s\n", o.ProviderConfigKey, o.Name, o.Event, o.Version)
		}
	case "reset-requests":
		srv.ResetRequests()
	case "call":
		fakeCall(ts, srv, rest)
	case "environment":
		if len(rest) != 2 {
			ts.Fatalf("usage: fakenango environment NAME SECRET_KEY")
		}
		srv.AddEnvironment(rest[0], rest[1])
	default:
		ts.Fatalf("fakenango: unknown subcommand %q", sub)
	}
}

func takeEnvFlag(args []string, def string) ([]string, string) {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == "-env" && i+1 < len(args) {
			def = args[i+1]
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out, def
}

func fakeStart(ts *testscript.TestScript, args []string) {
	fs := flag.NewFlagSet("fakenango start", flag.ContinueOnError)
	envName := fs.String("env", "dev", "environment whose secret key variable is set")
	key := fs.String("key", "", "secret key of that environment (default: the dev key, or a generated one)")
	noKey := fs.Bool("no-key", false, "do not set the secret key variable")
	if err := fs.Parse(args); err != nil {
		ts.Fatalf("fakenango start: %v", err)
	}
	fakeServers.Lock()
	if fakeServers.m[ts] != nil {
		fakeServers.Unlock()
		ts.Fatalf("fakenango start: already started")
	}
	srv := fakenango.New()
	// A real server always has a provider catalog: the fake starts with the test one.
	cat, err := providers.Load(filepath.Join("..", "..", "testdata", "providers", "providers.yaml"))
	if err != nil {
		fakeServers.Unlock()
		srv.Close()
		ts.Fatalf("fakenango start: %v", err)
	}
	srv.SetProviders(cat)
	fakeServers.m[ts] = srv
	fakeServers.Unlock()
	ts.Defer(func() {
		fakeServers.Lock()
		delete(fakeServers.m, ts)
		fakeServers.Unlock()
		srv.Close()
	})
	k := *key
	if *envName == "dev" {
		if k != "" && k != fakenango.DefaultSecretKey {
			ts.Fatalf("fakenango start: the dev environment's key is %s; use -env for another one", fakenango.DefaultSecretKey)
		}
		k = fakenango.DefaultSecretKey
	} else {
		if k == "" {
			k = fmt.Sprintf("00000000-0000-4000-8000-%012d", len(*envName))
		}
		srv.AddEnvironment(*envName, k)
	}
	ts.Setenv("NANGO_HOSTPORT", srv.URL)
	ts.Setenv("FAKENANGO_URL", srv.URL)
	// host:port alone, to build URLs such as http://user:password@$FAKENANGO_ADDR.
	ts.Setenv("FAKENANGO_ADDR", strings.TrimPrefix(srv.URL, "http://"))
	ts.Setenv("FAKENANGO_KEY", k)
	if !*noKey {
		ts.Setenv(envfile.SecretKeyVar(*envName), k)
	}
}

func jsonArg(ts *testscript.TestScript, v string) map[string]any {
	if v == "" {
		return nil
	}
	data := []byte(v)
	if strings.HasPrefix(v, "@") {
		var err error
		data, err = os.ReadFile(ts.MkAbs(v[1:]))
		ts.Check(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		ts.Fatalf("fakenango: %q is not a JSON object: %v", v, err)
	}
	return m
}

// splitPositional separates the first n positional arguments from the flags after them.
func splitPositional(ts *testscript.TestScript, args []string, n int, usage string) ([]string, []string) {
	if len(args) < n {
		ts.Fatalf("usage: %s", usage)
	}
	return args[:n], args[n:]
}

func fakeSetup(ts *testscript.TestScript, env *fakenango.Environment, sub string, args []string) {
	switch sub {
	case "integration":
		pos, _ := splitPositional(ts, args, 2, "fakenango integration KEY PROVIDER")
		env.AddIntegration(pos[0], pos[1])
	case "connection":
		pos, rest := splitPositional(ts, args, 2, "fakenango connection KEY ID [-metadata JSON] [-config JSON] [-credentials JSON]")
		fs := flag.NewFlagSet("fakenango connection", flag.ContinueOnError)
		meta := fs.String("metadata", "", "metadata JSON or @file")
		cfg := fs.String("config", "", "connection_config JSON or @file")
		creds := fs.String("credentials", "", "credentials JSON or @file")
		if err := fs.Parse(rest); err != nil {
			ts.Fatalf("%v", err)
		}
		env.AddConnection(fakenango.Connection{ProviderConfigKey: pos[0], ConnectionID: pos[1],
			Metadata: jsonArg(ts, *meta), ConnectionConfig: jsonArg(ts, *cfg), Credentials: jsonArg(ts, *creds)})
	case "envvar":
		pos, _ := splitPositional(ts, args, 2, "fakenango envvar NAME VALUE")
		fakeEnvVars.Lock()
		fakeEnvVars.m[env] = append(fakeEnvVars.m[env], fakenango.EnvironmentVariable{Name: pos[0], Value: pos[1]})
		env.SetEnvironmentVariables(fakeEnvVars.m[env])
		fakeEnvVars.Unlock()
	case "deployed":
		pos, rest := splitPositional(ts, args, 3, "fakenango deployed sync|action|on-event KEY NAME [-models A,B] [-version V] [-auto-start=false] [-event E]")
		fs := flag.NewFlagSet("fakenango deployed", flag.ContinueOnError)
		models := fs.String("models", "", "comma-separated models")
		version := fs.String("version", "", "deployed version")
		autoStart := fs.Bool("auto-start", true, "auto_start of a sync")
		event := fs.String("event", "post-connection-creation", "on-event hook")
		if err := fs.Parse(rest); err != nil {
			ts.Fatalf("%v", err)
		}
		var ms []string
		if *models != "" {
			ms = strings.Split(*models, ",")
		}
		switch pos[0] {
		case "sync", "action":
			env.AddDeployed(fakenango.DeployedFlow{Type: pos[0], ProviderConfigKey: pos[1], Name: pos[2], Models: ms, Version: *version, AutoStart: pos[0] == "sync" && *autoStart})
		case "on-event":
			env.AddDeployedOnEvent(fakenango.DeployedOnEvent{ProviderConfigKey: pos[1], Name: pos[2], Event: *event, Version: *version})
		default:
			ts.Fatalf("fakenango deployed: type must be sync, action or on-event")
		}
	case "deploy-in-progress":
		pos, _ := splitPositional(ts, args, 1, "fakenango deploy-in-progress on|off")
		env.SetDeployInProgress(pos[0] == "on")
	case "records":
		pos, _ := splitPositional(ts, args, 4, "fakenango records KEY CONNECTION MODEL JSON|@file")
		data := []byte(pos[3])
		if strings.HasPrefix(pos[3], "@") {
			var err error
			data, err = os.ReadFile(ts.MkAbs(pos[3][1:]))
			ts.Check(err)
		}
		var recs []map[string]any
		if err := json.Unmarshal(data, &recs); err != nil {
			ts.Fatalf("fakenango records: %q is not a JSON array of objects: %v", pos[3], err)
		}
		env.SetRecords(pos[0], pos[1], pos[2], recs)
	case "action-result":
		pos, rest := splitPositional(ts, args, 3, "fakenango action-result KEY ACTION STATUS [-body JSON|-file F]")
		fs := flag.NewFlagSet("fakenango action-result", flag.ContinueOnError)
		body := fs.String("body", "", "body text")
		file := fs.String("file", "", "file holding the body")
		if err := fs.Parse(rest); err != nil {
			ts.Fatalf("%v", err)
		}
		status, err := strconv.Atoi(pos[2])
		if err != nil {
			ts.Fatalf("fakenango action-result: status %q is not a number", pos[2])
		}
		r := fakenango.Response{Status: status, Body: []byte(*body)}
		if *file != "" {
			r.Body, err = os.ReadFile(ts.MkAbs(*file))
			ts.Check(err)
		}
		env.SetActionResult(pos[0], pos[1], r)
	}
}

var fakeEnvVars = struct {
	sync.Mutex
	m map[*fakenango.Environment][]fakenango.EnvironmentVariable
}{m: map[*fakenango.Environment][]fakenango.EnvironmentVariable{}}

type headerFlags []string

func (h *headerFlags) String() string     { return strings.Join(*h, ",") }
func (h *headerFlags) Set(v string) error { *h = append(*h, v); return nil }

func fakeScript(ts *testscript.TestScript, srv *fakenango.Server, sub string, args []string) {
	method, path, r := scriptedResponse(ts, "fakenango "+sub, args)
	if sub == "respond" {
		srv.Respond(method, path, r)
	} else {
		srv.Provider(method, path, r)
	}
}

// scriptedResponse reads `METHOD PATH STATUS|drop [-body JSON|-file F] [-header K:V]...
// [-times N] [-delay D] [-stream BYTES]`, the answer scripts of fakenango and fakeprovider.
func scriptedResponse(ts *testscript.TestScript, name string, args []string) (method, path string, r fakenango.Response) {
	pos, rest := splitPositional(ts, args, 3, name+" METHOD PATH STATUS|drop [-body JSON|-file F] [-header K:V] [-times N] [-delay D] [-stream BYTES]")
	sub := name
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	body := fs.String("body", "", "body text")
	file := fs.String("file", "", "file holding the body")
	times := fs.Int("times", 0, "answer this many requests (0: all)")
	delay := fs.Duration("delay", 0, "wait before answering")
	stream := fs.Int64("stream", 0, "then stream this many bytes of filler")
	var headers headerFlags
	fs.Var(&headers, "header", "K:V response header (repeatable)")
	if err := fs.Parse(rest); err != nil {
		ts.Fatalf("%v", err)
	}
	r = fakenango.Response{Header: http.Header{}, Times: *times, Delay: *delay, Stream: *stream}
	if pos[2] == "drop" {
		r.Drop = true
	} else {
		n, err := strconv.Atoi(pos[2])
		if err != nil {
			ts.Fatalf("%s: status %q is not a number or drop", sub, pos[2])
		}
		r.Status = n
	}
	switch {
	case *file != "":
		data, err := os.ReadFile(ts.MkAbs(*file))
		ts.Check(err)
		r.Body = data
	case *body != "":
		r.Body = []byte(*body)
	}
	if len(r.Body) > 0 && json.Valid(r.Body) {
		r.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		k, v, ok := strings.Cut(h, ":")
		if !ok {
			ts.Fatalf("%s: header %q is not K:V", sub, h)
		}
		r.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	return pos[0], pos[1], r
}

// volatileHeaders change between runs or machines; `requests -v` leaves them out.
var volatileHeaders = map[string]bool{"Host": true, "Content-Length": true, "Connection": true}

func fakeRequests(ts *testscript.TestScript, srv *fakenango.Server, args []string) {
	fs := flag.NewFlagSet("fakenango requests", flag.ContinueOnError)
	verbose := fs.Bool("v", false, "print headers and bodies")
	asJSON := fs.Bool("json", false, "one JSON object per line, as the reference recordings")
	if err := fs.Parse(args); err != nil {
		ts.Fatalf("%v", err)
	}
	filter := fs.Args()
	out := ts.Stdout()
	for _, r := range srv.Requests() {
		if len(filter) > 0 && r.Method != filter[0] {
			continue
		}
		if len(filter) > 1 && r.Path != filter[1] {
			continue
		}
		if *asJSON {
			line, err := json.Marshal(r)
			ts.Check(err)
			fmt.Fprintf(out, "%s\n", line)
			continue
		}
		target := r.Path
		if q := r.Query.Encode(); q != "" {
			target += "?" + q
		}
		fmt.Fprintf(out, "%s %s %d\n", r.Method, target, r.Status)
		if !*verbose {
			continue
		}
		keys := make([]string, 0, len(r.Header))
		for k := range r.Header {
			if !volatileHeaders[k] {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(out, "  %s: %s\n", k, strings.Join(r.Header[k], ", "))
		}
		if len(r.Body) > 0 {
			fmt.Fprintf(out, "  body: %s\n", r.Body)
		}
	}
}

func fakeBody(ts *testscript.TestScript, srv *fakenango.Server, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: fakenango body METHOD PATH [N]")
	}
	reqs := srv.RequestsTo(args[0], args[1])
	if len(reqs) == 0 {
		ts.Fatalf("fakenango body: no %s %s request was recorded", args[0], args[1])
	}
	r := reqs[len(reqs)-1]
	if len(args) > 2 {
		n, err := strconv.Atoi(args[2])
		if err != nil || n < 1 || n > len(reqs) {
			ts.Fatalf("fakenango body: N must be 1..%d", len(reqs))
		}
		r = reqs[n-1]
	}
	v := r.JSONBody()
	if v == nil {
		fmt.Fprintf(ts.Stdout(), "%s\n", r.Body)
		return
	}
	data, err := json.MarshalIndent(v, "", "  ")
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "%s\n", data)
}

// fakeCall sends one request to the server, authenticated with $FAKENANGO_KEY unless an
// Authorization header is given, and prints the status line, the response headers (sorted,
// volatile ones left out) and the body: a way to check scripted answers without a client.
func fakeCall(ts *testscript.TestScript, srv *fakenango.Server, args []string) {
	pos, rest := splitPositional(ts, args, 2, "fakenango call METHOD PATH [-header K:V]... [-body JSON]")
	fs := flag.NewFlagSet("fakenango call", flag.ContinueOnError)
	body := fs.String("body", "", "request body")
	var headers headerFlags
	fs.Var(&headers, "header", "K:V request header (repeatable)")
	if err := fs.Parse(rest); err != nil {
		ts.Fatalf("%v", err)
	}
	var rd *strings.Reader
	if *body != "" {
		rd = strings.NewReader(*body)
	} else {
		rd = strings.NewReader("")
	}
	req, err := http.NewRequest(pos[0], srv.URL+pos[1], rd)
	ts.Check(err)
	req.Header.Set("Authorization", "Bearer "+ts.Getenv("FAKENANGO_KEY"))
	if *body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		k, v, ok := strings.Cut(h, ":")
		if !ok {
			ts.Fatalf("fakenango call: header %q is not K:V", h)
		}
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		fmt.Fprintf(ts.Stdout(), "error: %v\n", err)
		return
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "%d\n", resp.StatusCode)
	keys := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		if k != "Date" && k != "Content-Length" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(ts.Stdout(), "%s: %s\n", k, strings.Join(resp.Header[k], ", "))
	}
	fmt.Fprintf(ts.Stdout(), "%s\n", data)
}
