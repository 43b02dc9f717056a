package fakenango

import (
	"encoding/json"
	"testing"
)

// FuzzValidateDeployBody feeds arbitrary JSON to the deploy-body validator: it must never
// panic, and a body it accepts must decode into the shape the deploy semantics use.
func FuzzValidateDeployBody(f *testing.F) {
	f.Add([]byte(enc(validBody(true))), true)
	f.Add([]byte(enc(validBody(false))), false)
	f.Add([]byte(`{"flowConfigs":[{"model_schema":[{"name":"A","fields":[{"name":"x","value":[{"name":"0","value":null}]}]}]}]}`), false)
	f.Add([]byte(`{"flowConfigs":[{"endpoints":[{"GET":"/x"},{"method":"PUT","path":"/y","group":""}],"runs":5}],"jsonSchema":{"definitions":[]}}`), true)
	f.Add([]byte(`[]`), false)
	f.Fuzz(func(t *testing.T, data []byte, requireYAML bool) {
		var x any
		if json.Unmarshal(data, &x) != nil {
			return
		}
		issues := validateDeployBody(x, requireYAML)
		if len(issues) > 0 {
			return
		}
		var body deployBody
		if err := json.Unmarshal(data, &body); err != nil {
			t.Fatalf("accepted a body the semantics cannot decode: %v\n%s", err, data)
		}
	})
}
