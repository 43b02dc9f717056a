package sdk

import (
	"context"
	"strings"
	"testing"
)

func TestTriggerSyncArguments(t *testing.T) {
	var got []TriggerSyncRequest
	h := newHarness(t, syncProps(), func(o *Options) {
		o.TriggerSync = func(_ context.Context, r TriggerSyncRequest) (string, error) {
			got = append(got, r)
			return "text of " + r.Name, nil
		}
	})
	out := h.mustRun(`return [
		await nango.triggerSync('pck', 'c2', 'a'),
		await nango.triggerSync('pck', 'c2', { name: 'b', variant: 'v1' }, true),
		await nango.triggerSync('pck', 'c3', 'c', 'full_refresh_and_clear_cache'),
		await nango.triggerSync('pck', 'c3', 'd', { reset: true }),
		await nango.triggerSync('pck', 'c3', 'e', 'incremental')];`)
	if out != `["text of a","text of b","text of c","text of d","text of e"]` {
		t.Errorf("results %s", out)
	}
	want := []TriggerSyncRequest{{"pck", "c2", "a", "", false}, {"pck", "c2", "b", "v1", true}, {"pck", "c3", "c", "", true},
		{"pck", "c3", "d", "", true}, {"pck", "c3", "e", "", false}}
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Errorf("call %d = %+v, want %+v", i, got, want[i])
		}
	}
	if _, err := h.run(`await nango.triggerSync('pck', 'c2', {});`); err == nil || !strings.Contains(err.Error(), "triggerSync expects") {
		t.Errorf("no name: %v", err)
	}
	bare := newHarness(t, syncProps(), nil)
	if _, err := bare.run(`await nango.triggerSync('pck', 'c2', 'a');`); err == nil || !strings.Contains(err.Error(), "nango dryrun a <connection>") {
		t.Errorf("without TriggerSync: %v", err)
	}
}
