package dryrun

import (
	"context"
	"time"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/mocks"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/sdk"
)

// ReplayOptions run one loaded script from its recordings, as `nango test` does.
type ReplayOptions struct {
	// Layout is where the recordings are (MocksLayout or mocks.IntegrationLayout).
	Layout mocks.Layout
	// Variant is the sync variant ("" or "base" for none); it selects <script>/<variant>.
	Variant string
	// ConnectionID is what nango.connectionId says (any name; nothing is looked up).
	ConnectionID string
	// Input is the action's input as JSON text (nil: undefined), e.g. input.json's content.
	Input []byte
	// Provider names the provider for pagination defaults (default: the integration key; the
	// recordings' nango/provider.json wins over both).
	Provider string
	// PaginateDefaults looks up the provider's default pagination (nil: none); not called when
	// the recordings keep the provider entry.
	PaginateDefaults func() (map[string]any, error)
	// OnBatch receives every batchSave/batchUpdate/batchDelete call with the JSON text of the
	// array the script passed (feed verdict.SyncCalls from it).
	OnBatch     func(op records.Op, model, recordsJSON string) error
	Log         func(level jsruntime.LogLevel, message string)
	NodeModules []string
	Timeout     time.Duration
	MemoryLimit int64
	// ExactOnly: see mocks.Replayer.ExactOnly.
	ExactOnly bool
}

// Replay runs s once from its recordings: no server, no network. The outcome's Output (an
// action's result, JSON text) and the OnBatch calls are what a verdict judges; a request that
// was not recorded fails the run with a Failure whose IsMissingRecording() is true (its Cause
// is the *mocks.MissingRecordingError naming the expected file).
func Replay(ctx context.Context, s *Script, o ReplayOptions) (*Outcome, error) {
	provider := o.Provider
	if provider == "" {
		provider = s.Integration()
	}
	// A recording of ours keeps the provider entry it used: replay with those settings, on any
	// machine, with no catalog.
	defaults := o.PaginateDefaults
	recorded, err := RecordedProvider(o.Layout)
	if err != nil {
		return nil, err
	}
	if recorded != nil {
		provider = recorded.Name
		defaults = func() (map[string]any, error) { return recorded.PaginateDefaults(), nil }
	}
	variant := o.Variant
	if variant == "" {
		variant = records.BaseVariant
	}
	rep := mocks.NewReplayer(o.Layout, mocks.ScriptKey(s.Name(), variant))
	rep.ExactOnly = o.ExactOnly
	return Execute(ctx, Run{
		Script:    s,
		Transport: &sdk.Replay{Replayer: rep, ProviderConfigKey: s.Integration(), Provider: provider},
		Props: sdk.Props{ConnectionID: o.ConnectionID, ProviderConfigKey: s.Integration(), Provider: provider,
			Variant: variant, Replay: true},
		Input: o.Input, Timeout: o.Timeout, TimeoutHint: "raise it with --timeout", MemoryLimit: o.MemoryLimit, NodeModules: o.NodeModules,
		Log: o.Log, OnBatch: o.OnBatch, PaginateDefaults: defaults,
	})
}
