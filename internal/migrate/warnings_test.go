package migrate

import (
	"strings"
	"testing"

	"github.com/nango-go/nango/internal/project"
)

func TestReturnMismatch(t *testing.T) {
	action := &project.Script{Name: "list-repos", Kind: project.KindAction, Outputs: []string{"GithubRepo"}}
	noOutput := &project.Script{Name: "ping", Kind: project.KindAction}
	sync := &project.Script{Name: "repos", Kind: project.KindSync, Outputs: []string{"GithubRepo"}}
	fn := func(ret string) string {
		return "import type { NangoAction } from '../../models';\n\nexport default async function runAction(nango: NangoAction)" + ret + " {\n    return {} as any;\n}\n"
	}
	for _, tc := range []struct {
		name string
		s    *project.Script
		src  string
		want string
	}{
		{"another shape than the output", action, fn(": Promise<{ repos: GithubRepo[] }>"), "declared to return { repos: GithubRepo[] } but nango.yaml's output is GithubRepo"},
		{"the output", action, fn(": Promise<GithubRepo>"), ""},
		{"no annotation", action, fn(""), ""},
		{"void without an output", noOutput, fn(": Promise<void>"), ""},
		{"a value without an output", noOutput, fn(": Promise<string>"), "output is void"},
		{"any", action, fn(": Promise<any>"), ""},
		{"an anonymous output", &project.Script{Name: "delete", Kind: project.KindAction, Outputs: []string{"Anonymous_asana_action_deletetask_output"}}, fn(": Promise<boolean>"), ""},
		{"a sync", sync, fn(": Promise<{ repos: GithubRepo[] }>"), ""},
	} {
		got := returnMismatch(tc.s, "github/actions/x.ts", tc.src)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
