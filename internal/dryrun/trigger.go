package dryrun

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nango-go/nango/internal/jsruntime"
	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/runner"
	"github.com/nango-go/nango/internal/sdk"
)

// nango.triggerSync during a dry run: the reference's CLI starts a new dry run of that sync
// (auto-confirmed, non-interactive) on the local files and hands the script its text
// output. We do the same with DryRun itself, one level deeper; the chain of syncs being run
// ends a sync that triggers itself (directly or through others) with an error instead of an
// endless recursion.

// triggerKey names a sync in the chain: integration, name and variant.
func triggerKey(integration, name, variant string) string {
	if variant == "" {
		variant = records.BaseVariant
	}
	return integration + "/" + name + "#" + variant
}

// triggerSync returns the function that runs nango.triggerSync for the run of script with
// options o.
func (o Options) triggerSync(script *runner.Script) func(ctx context.Context, req sdk.TriggerSyncRequest) (string, error) {
	self := triggerKey(script.Integration(), script.Name(), o.Variant)
	chain := append(append([]string(nil), o.triggerChain...), self)
	return func(ctx context.Context, req sdk.TriggerSyncRequest) (string, error) {
		key := triggerKey(req.ProviderConfigKey, req.Name, req.Variant)
		for _, running := range chain {
			if running == key {
				return "", fmt.Errorf("triggerSync(%q): that sync is already running in this dry run (%s → %s): "+
					"a sync that triggers itself, directly or through others, would never end", req.Name, strings.Join(chain, " → "), key)
			}
		}
		sub := o
		sub.ScriptName = req.Name
		sub.ConnectionID = req.ConnectionID
		sub.IntegrationID = req.ProviderConfigKey
		sub.Variant = req.Variant
		sub.Input, sub.Metadata, sub.Checkpoint = "", "", ""
		if req.FullResync {
			sub.LastSyncDate = ""
		}
		// Recording belongs to the script the user named, not to the syncs it triggers.
		sub.SaveResponses, sub.Save = false, false
		sub.triggerChain = chain
		sub.requireSync = true
		o.log(jsruntime.LevelInfo, fmt.Sprintf("triggerSync: dry-running %q for connection %q", req.Name, req.ConnectionID))
		rep, err := DryRun(ctx, sub)
		if err != nil {
			return "", fmt.Errorf("triggerSync(%q): %w", req.Name, err)
		}
		if f := rep.Outcome.Failure; f != nil {
			msg := f.Message
			if f.Cause != nil {
				msg = f.Cause.Error()
			}
			return "", fmt.Errorf("triggerSync(%q): the sync failed: %s", req.Name, rep.Redact(firstLine(msg)))
		}
		return SyncText(rep), nil
	}
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// SyncText is what `nango dryrun <sync> <connection> --auto-confirm` prints on stdout for a
// successful sync, without colours: the counts, then every batch message (the reference's
// triggerSync returns this text). Empty when the sync made no batch call.
func SyncText(rep *Report) string {
	out := rep.Outcome
	if out == nil || out.Store == nil || !out.Store.HasMessages() {
		return ""
	}
	var b bytes.Buffer
	counts, _ := json.MarshalIndent(out.Store.Counts(), "", "  ")
	b.WriteString("The dry run would produce the following results: ")
	b.Write(counts)
	b.WriteString("\nThe following log messages were generated:\n")
	for _, m := range out.Store.Messages() {
		b.Write(m.Pretty())
		b.WriteByte('\n')
	}
	return rep.Redact(b.String())
}
