package records_test

import (
	"fmt"

	"github.com/nango-go/nango/internal/records"
	"github.com/nango-go/nango/internal/schemavalidate"
)

// A sync's nango.batchSave(records, model) hands the JSON text of records to Save; the
// dry run prints Counts and Messages at the end.
func Example() {
	schema, _ := schemavalidate.Parse([]byte(`{"definitions":{"User":{"type":"object",
		"properties":{"id":{"type":"string"},"name":{"type":"string"}},"required":["id","name"],"additionalProperties":false}}}`))
	store := records.New(records.Options{
		Schema:     schema,
		Validation: true, // --validation
		Log:        func(level records.Level, msg string) { fmt.Printf("[%s] %s\n", level, msg) },
	})
	_ = store.Save("User", []byte(`[{"id":"1","name":"Ada"},{"id":"1","name":"Ada L.","_nango_metadata":{}}]`))
	err := store.Save("User", []byte(`[{"id":"2","name":"Alan"},{"id":"3"}]`))
	fmt.Println(err)
	fmt.Printf("%+v\n", store.Counts())
	for _, m := range store.Messages() {
		fmt.Println(string(m.Pretty()))
	}
	// Output:
	// [warn] batchSave detected duplicate records for ID: 1. Keeping the last occurrence.
	// invalid User record at index 1 (id "3"): name: must have required property 'name' [required]
	// {Updated:0 Added:1 Deleted:0}
	// "A batch save call would save the following data to the User model:"
	// {
	//   "id": "1",
	//   "name": "Ada L."
	// }
}
