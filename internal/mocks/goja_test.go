package mocks

import (
	"testing"

	"github.com/dop251/goja"
)

// The runtime hands request bodies and params over as the text goja's JSON.stringify
// produces; that text must identify requests exactly as Node's did when the recordings were
// made (hashes from the Node-computed table in identity_test.go).
func TestGojaJSONStringifyFeedsTheSameHashes(t *testing.T) {
	vm := goja.New()
	body, err := vm.RunString(`JSON.stringify({ name: 'Zoë <&>', 2: 'two', 1: 'one', nested: { a: [1, 'x'] } })`)
	if err != nil {
		t.Fatal(err)
	}
	id := MustIdentity(Request{Method: "patch", Endpoint: "/v1/contacts/1", Body: JSONBody(body.String())})
	if id.Hash() != "b07a752ed3e3c76c53a32d652912d7583b397f67" {
		t.Errorf("hash = %s (identity %s)", id.Hash(), id.JSON())
	}
	params, err := vm.RunString(`JSON.stringify({ per_page: 2, cursor: 'page2', ratio: 0.5, big: 1e21, tiny: 1.5e-7, neg: -0, flag: true, none: null, ids: [1, 2] })`)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := ParamsFromJSON(params.String())
	if err != nil {
		t.Fatal(err)
	}
	id = MustIdentity(Request{Method: "GET", Endpoint: "/v1/contacts", Params: entries})
	if id.Hash() != "33fa377416bf386da5f998ed6a1a2f2a3774765e" {
		t.Errorf("hash = %s (identity %s)", id.Hash(), id.JSON())
	}
	// And our serialisation of the identity equals goja's JSON.stringify of the same object.
	vm.Set("identityText", string(id.JSON()))
	again, err := vm.RunString(`JSON.stringify(JSON.parse(identityText))`)
	if err != nil {
		t.Fatal(err)
	}
	if again.String() != string(id.JSON()) {
		t.Errorf("goja: %s\nours: %s", again, id.JSON())
	}
}
