package cli

import (
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/cmd/deps"
	"github.com/nango-go/nango/internal/npmregistry/npmregistrytest"
	"github.com/nango-go/nango/internal/providers"
)

// The `fakenpm` testscript command runs a fake npm registry (npmregistrytest) for the rest of
// a script, so that `nango providers update` and `nango deps install` never download
// anything:
//
//	fakenpm start      serve zod@<deps.ZodVersion> and @nangohq/providers@<providers.DefaultVersion>
//	                   (its providers.yaml is testdata/providers/providers.yaml), plus
//	                   zod@0.0.0-tampered and @nangohq/providers@0.0.0-tampered whose
//	                   integrity does not match; sets npm_config_registry to it
//	fakenpm requests   print the requests it received, one per line
var fakeRegistries = struct {
	sync.Mutex
	m map[*testscript.TestScript]*npmregistrytest.Registry
}{m: map[*testscript.TestScript]*npmregistrytest.Registry{}}

// TamperedVersion is the version whose packument integrity is wrong.
const tamperedVersion = "0.0.0-tampered"

func init() {
	scriptCmds["fakenpm"] = cmdFakeNpm
}

func cmdFakeNpm(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: fakenpm start|requests")
	}
	switch args[0] {
	case "start":
		catalog, err := os.ReadFile(filepath.Join("..", "..", "testdata", "providers", "providers.yaml"))
		ts.Check(err)
		zod := map[string]string{
			"package.json": `{"name":"zod","version":"` + deps.ZodVersion + `","main":"./lib/index.js"}`,
			"lib/index.js": "exports.z = { fake: true };\n",
		}
		reg := npmregistrytest.New(
			npmregistrytest.Package{Name: "zod", Version: tamperedVersion, Files: zod, BadIntegrity: true},
			npmregistrytest.Package{Name: "zod", Version: deps.ZodVersion, Files: zod},
			npmregistrytest.Package{Name: "zod", Version: build.ZodVersionZero, Files: map[string]string{
				"package.json": `{"name":"zod","version":"` + build.ZodVersionZero + `","main":"./index.cjs"}`, "index.cjs": "exports.fake = 4;\n"}},
			npmregistrytest.Package{Name: providers.PackageName, Version: tamperedVersion, Files: map[string]string{"providers.yaml": "evil: {}\n"}, BadIntegrity: true},
			npmregistrytest.Package{Name: providers.PackageName, Version: providers.DefaultVersion, Files: map[string]string{"providers.yaml": string(catalog)}},
		)
		fakeRegistries.Lock()
		fakeRegistries.m[ts] = reg
		fakeRegistries.Unlock()
		ts.Defer(func() {
			reg.Close()
			fakeRegistries.Lock()
			delete(fakeRegistries.m, ts)
			fakeRegistries.Unlock()
		})
		ts.Setenv("npm_config_registry", reg.URL+"/")
	case "requests":
		fakeRegistries.Lock()
		reg := fakeRegistries.m[ts]
		fakeRegistries.Unlock()
		if reg == nil {
			ts.Fatalf("fakenpm start first")
		}
		ts.Stdout().Write([]byte(strings.Join(reg.Requests(), "\n") + "\n"))
	default:
		ts.Fatalf("unknown fakenpm command %q", args[0])
	}
}
