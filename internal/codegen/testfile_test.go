package codegen

import (
	"strings"
	"testing"
)

func TestRenderTestFile(t *testing.T) {
	sync := string(RenderTestFile(TestFileSpec{Integration: "gh", Name: "issues", Import: "../syncs/issues.js", Models: []string{"Issue", "Label"}}))
	for _, want := range []string{
		"import fetchData from '../syncs/issues.js';",
		"new global.vitest.NangoSyncMock({",
		"name: 'issues',",
		"Model: 'Issue,Label'",
		"toStrictEqual(await nangoMock.getBatchSaveData(model))",
		"toHaveBeenCalledWith(deleted, model)",
	} {
		if !strings.Contains(sync, want) {
			t.Errorf("sync test lacks %q:\n%s", want, sync)
		}
	}
	action := string(RenderTestFile(TestFileSpec{Integration: "gh", Name: "it's", Action: true, Import: "../actions/x.js", Models: []string{"Out"}}))
	for _, want := range []string{"import runAction from '../actions/x.js';", "new global.vitest.NangoActionMock({", `name: 'it\'s',`, "toEqual(await nangoMock.getOutput())"} {
		if !strings.Contains(action, want) {
			t.Errorf("action test lacks %q:\n%s", want, action)
		}
	}
}
