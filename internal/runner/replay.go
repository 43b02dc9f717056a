package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/sdk"
	"github.com/nango-go/nango/pkg/jsjson"
)

// EnvMocksDir is the reference's prefix for --save-responses output (string-concatenated
// before the integration folder).
const EnvMocksDir = "NANGO_MOCKS_RESPONSE_DIRECTORY"

// Recordings say which recorded responses a replay answers from.
type Recordings struct {
	// Layout is where the recordings are (MocksLayout or mocks.IntegrationLayout).
	Layout mocks.Layout
	// Variant is the sync variant ("" or "base" for none); it selects <script>/<variant>.
	Variant string
	// ConnectionID is what nango.connectionId says (any name; nothing is looked up).
	ConnectionID string
	// Provider names the provider for pagination defaults (default: the integration key; the
	// recordings' nango/provider.json wins over both, and its settings over
	// Options.PaginateDefaults).
	Provider string
	// ExactOnly: see mocks.Replayer.ExactOnly.
	ExactOnly bool
}

// Replay runs s once from its recordings: no server, no network. o.Props is filled from rec
// (connection, integration, provider, variant, replay). A request that was not recorded fails
// the run with a Failure whose IsMissingRecording() is true (its Cause is the
// *mocks.MissingRecordingError naming the expected file).
func Replay(ctx context.Context, s *Script, rec Recordings, o Options) (*Outcome, error) {
	provider := rec.Provider
	if provider == "" {
		provider = s.Integration()
	}
	// A recording of ours keeps the provider entry it used: replay with those settings, on any
	// machine, with no catalog.
	recorded, err := RecordedProvider(rec.Layout)
	if err != nil {
		return nil, err
	}
	if recorded != nil {
		provider = recorded.Name
		o.PaginateDefaults = func() (map[string]any, error) { return recorded.PaginateDefaults(), nil }
	}
	variant := rec.Variant
	if variant == "" {
		variant = records.BaseVariant
	}
	rep := mocks.NewReplayer(rec.Layout, mocks.ScriptKey(s.Name(), variant))
	rep.ExactOnly = rec.ExactOnly
	o.Props.ConnectionID, o.Props.ProviderConfigKey, o.Props.Provider = rec.ConnectionID, s.Integration(), provider
	o.Props.Variant, o.Props.Replay = variant, true
	t := &sdk.Replay{Replayer: rep, ProviderConfigKey: s.Integration(), Provider: provider}
	return Run(ctx, s, t, o)
}

// RecordedProvider is the provider entry kept with the recordings of layout
// (mocks.Layout.ProviderFile), or nil when there is none.
func RecordedProvider(layout mocks.Layout) (*providers.Provider, error) {
	v, found, err := layout.ReadProvider()
	if err != nil || !found {
		return nil, err
	}
	text, ok := jsjson.Stringify(v)
	if !ok {
		return nil, fmt.Errorf("%s: not a provider entry", layout.ProviderFile())
	}
	p, err := providers.ParseEntry("", text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", layout.ProviderFile(), err)
	}
	if p.Name == "" {
		return nil, fmt.Errorf("%s: the entry has no name", layout.ProviderFile())
	}
	return p, nil
}

// RecordedFirst is a provider's pagination defaults as replays find them: the entry kept with
// an integration's recordings (RecordedProvider, in MocksLayout), else catalog's. The test
// files' mocks use it (internal/cmd/testcmd), so a made-up or private provider such as the
// example project's "demo" needs no catalog entry and nothing is downloaded. The project's
// integration folders are read once, on the first lookup.
func RecordedFirst(dir string, getenv func(string) string, catalog func(string) (map[string]any, error)) func(string) (map[string]any, error) {
	var once sync.Once
	recorded := map[string]*providers.Provider{}
	load := func() {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "node_modules" {
				continue
			}
			if p, err := RecordedProvider(MocksLayout(dir, e.Name(), getenv)); err == nil && p != nil {
				recorded[p.Name] = p
			}
		}
	}
	return func(name string) (map[string]any, error) {
		once.Do(load)
		if p := recorded[name]; p != nil {
			return p.PaginateDefaults(), nil
		}
		return catalog(name)
	}
}

// MocksLayout is where a script's recordings live: <dir>/<integration>/mocks, with the
// reference's NANGO_MOCKS_RESPONSE_DIRECTORY prefix when set.
func MocksLayout(dir, integration string, getenv func(string) string) mocks.Layout {
	if getenv != nil {
		if prefix := getenv(EnvMocksDir); prefix != "" {
			base := prefix + integration
			if !filepath.IsAbs(base) {
				base = filepath.Join(dir, base)
			}
			return mocks.Layout{Root: filepath.Join(base, "mocks")}
		}
	}
	return mocks.IntegrationLayout(dir, integration)
}
