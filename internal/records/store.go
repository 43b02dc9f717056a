// Package records is the dry-run record store behind a sync's batchSave, batchUpdate and
// batchDelete: nothing is sent anywhere, every call is recorded, counted and checked
// against the project's models the way the reference CLI does it (de-duplication by id
// keeping the last occurrence, `_nango_metadata` stripped, validation that warns by
// default and fails with --validation), so that `dryrun` can print the results and `test`
// can compare them with recorded ones.
//
// Records arrive as JSON text (what JSON.stringify makes of the script's array) and are
// kept as that text: key order, number spelling and string escapes are preserved exactly.
package records

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"math"
	"strconv"
	"sync"

	"github.com/nango-go/nango/internal/schemavalidate"
	"github.com/nango-go/nango/pkg/jsjson"
)

// BaseVariant is the variant of a sync run without --variant.
const BaseVariant = "base"

// FullModelName is the storage key of a model's records: the model for the base variant,
// "<model>::<variant>" otherwise (the reference's modelFullName).
func FullModelName(model, variant string) string {
	if variant == "" || variant == BaseVariant {
		return model
	}
	return model + "::" + variant
}

// Level is the level of a line the store logs.
type Level string

const (
	LevelInfo Level = "info"
	LevelWarn Level = "warn"
)

// LogFunc receives the lines the reference prints from these calls (console.info and
// console.warn there: empty arrays, duplicate ids, invalid records).
type LogFunc func(level Level, message string)

// Options configure a Store and the action checks.
type Options struct {
	// Schema is the project's .nango/schema.json; nil means no schema: nothing is validated.
	Schema *schemavalidate.Schema
	// Validation is --validation: the first invalid record (or action input/output) fails
	// the call instead of logging a warning.
	Validation bool
	// Variant is the sync variant (--variant); "" or "base" for none.
	Variant string
	// Log receives the store's log lines; nil discards them.
	Log LogFunc
}

// Op is a kind of batch call.
type Op string

const (
	OpSave   Op = "save"
	OpUpdate Op = "update"
	OpDelete Op = "delete"
)

// Batch is one recorded call.
type Batch struct {
	Op Op
	// Model is the model as the script named it; FullModel includes the variant.
	Model     string
	FullModel string
	// Header is the line the reference prints before the batch's records.
	Header string
	// Records as saved: de-duplicated for saves, `_nango_metadata` removed, text as given.
	Records []json.RawMessage
}

// Counts are the totals the dry run prints, in the reference's key order.
type Counts struct {
	Updated int `json:"updated"`
	Added   int `json:"added"`
	Deleted int `json:"deleted"`
}

// Message is one entry of the dry run's "log messages": a batch header or a record.
type Message struct {
	Header string
	Record json.RawMessage
}

// Pretty renders the message as the reference does (JSON.stringify(msg, null, 2)): a
// header as a quoted JSON string, a record as 2-space indented JSON.
func (m Message) Pretty() []byte {
	if m.Record == nil {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(m.Header)
		return bytes.TrimRight(b.Bytes(), "\n")
	}
	var b bytes.Buffer
	if err := json.Indent(&b, m.Record, "", "  "); err != nil {
		return m.Record
	}
	return b.Bytes()
}

// Store records the batch calls of one sync run. It is safe for concurrent use.
type Store struct {
	opts Options

	mu       sync.Mutex
	batches  []Batch
	counts   Counts
	models   []string // full model names in first-use order
	invalid  []*InvalidRecordError
	messages int
	seed     maphash.Seed
}

// New returns an empty store.
func New(opts Options) *Store {
	return &Store{
		opts: opts,
		seed: maphash.MakeSeed(),
	}
}

func (s *Store) log(level Level, msg string) {
	if s.opts.Log != nil {
		s.opts.Log(level, msg)
	}
}

// InvalidRecordError is a record that does not match its model, with --validation (the
// reference's InvalidRecordSDKError, code invalid_sync_record).
type InvalidRecordError struct {
	Model string
	// Index is the record's position in the array the script passed to batchSave.
	Index int
	// ID is the record's id as JavaScript would print it ("undefined" when absent).
	ID     string
	Record json.RawMessage
	Errors []schemavalidate.Error
	// Problem is set instead of Errors when the model itself cannot be checked (not in
	// schema.json, or a schema the validator cannot use).
	Problem string
}

// Code is the reference's error type for this failure.
func (e *InvalidRecordError) Code() string { return "invalid_sync_record" }

func (e *InvalidRecordError) Error() string {
	return fmt.Sprintf("invalid %s record at index %d (id %s): %s", e.Model, e.Index, e.ID, e.Report().Summary())
}

// Report is the validation report of the record, for display (WriteText) or --json.
func (e *InvalidRecordError) Report() schemavalidate.Report {
	r := schemavalidate.Report{Model: e.Model, Data: e.Record, Errors: e.Errors}
	if e.Problem != "" {
		r.Problems = []string{e.Problem}
	}
	return r
}

// idKind classifies a record's id for de-duplication (JavaScript Set semantics after a
// JSON round trip).
type idKind uint8

const (
	idUndefined idKind = iota
	idNull
	idFalse
	idTrue
	idNumber
	idString
	idUnique // an object or array: never equal to another record's id
)

// rec is what the store notes about one record while handling a call; kept small because
// a call may carry hundreds of thousands of records.
type rec struct {
	start, end     int32 // the record's text in the input
	idStart, idEnd int32 // a string id's content (no escapes) in the input
	num            float64
	kind           idKind
	valid          bool
	keep           bool
	x              *recExtra // rarely needed parts
}

type recExtra struct {
	stripped  []byte // the record without _nango_metadata
	idDecoded string // a string id with escapes, decoded
}

func (r *rec) idBytes(src []byte) []byte {
	if r.kind != idString {
		return nil
	}
	if r.x != nil && r.x.idDecoded != "" {
		return []byte(r.x.idDecoded)
	}
	return src[r.idStart:r.idEnd]
}

func (r *rec) raw(src []byte) []byte {
	if r.x != nil && r.x.stripped != nil {
		return r.x.stripped
	}
	return src[r.start:r.end]
}

func (r *rec) display(src []byte) string {
	switch r.kind {
	case idUndefined:
		return "undefined"
	case idNull:
		return "null"
	case idFalse:
		return "false"
	case idTrue:
		return "true"
	case idString:
		return string(r.idBytes(src))
	case idNumber:
		return jsjson.FormatNumber(r.num)
	}
	return "[object Object]"
}

// sameID compares two ids that hashed alike.
func sameID(src []byte, a, b *rec) bool {
	if a.kind != b.kind || a.kind == idUnique {
		return false
	}
	switch a.kind {
	case idNumber:
		return a.num == b.num
	case idString:
		return bytes.Equal(a.idBytes(src), b.idBytes(src))
	}
	return true
}

const metadataKey = "_nango_metadata"

// parse reads the array of records, noting for each its text, id and whether it carries
// _nango_metadata; with check set it also records whether the record matches v (or vErr
// makes every record invalid).
func (s *Store) parse(call, model string, src []byte, v *schemavalidate.Validator, check bool) ([]rec, error) {
	if len(src) > math.MaxInt32 {
		return nil, fmt.Errorf("%s(%q): %d bytes of records in one call is more than the 2 GiB a call may carry", call, model, len(src))
	}
	var recs []rec
	err := schemavalidate.ForEachElement(src, func(i int, el schemavalidate.Value) error {
		if el.Kind() != schemavalidate.KindObject {
			return fmt.Errorf("%s(%q): record %d is %s, not an object", call, model, i, article(el.Kind()))
		}
		raw := el.Raw()
		start := offsetIn(src, raw)
		r := rec{start: int32(start), end: int32(start + len(raw)), valid: true}
		if id, ok := el.Field("id"); ok {
			switch id.Kind() {
			case schemavalidate.KindNull:
				r.kind = idNull
			case schemavalidate.KindFalse:
				r.kind = idFalse
			case schemavalidate.KindTrue:
				r.kind = idTrue
			case schemavalidate.KindNumber:
				r.kind = idNumber
				r.num = id.Float()
				if r.num == 0 {
					r.num = 0 // -0 and 0 are the same key
				}
			case schemavalidate.KindString:
				r.kind = idString
				if b, plain := id.StrBytes(); plain {
					r.idStart = int32(offsetIn(src, b))
					r.idEnd = r.idStart + int32(len(b))
				} else {
					r.x = &recExtra{idDecoded: id.Str()}
				}
			default:
				r.kind = idUnique
			}
		}
		if _, ok := el.Field(metadataKey); ok {
			if r.x == nil {
				r.x = &recExtra{}
			}
			r.x.stripped = el.WithoutField(metadataKey)
		}
		if check {
			switch {
			case v == nil:
				r.valid = false
			case r.x != nil && r.x.stripped != nil:
				res, err := v.Validate(r.x.stripped)
				r.valid = err == nil && res.Valid()
			default:
				r.valid = v.ValidateValue(el).Valid()
			}
		}
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		if _, ok := err.(*schemavalidate.SyntaxError); ok {
			return nil, fmt.Errorf("%s(%q): records are not a JSON array: %w", call, model, err)
		}
		return nil, err
	}
	return recs, nil
}

// offsetIn returns the offset of sub, a subslice of src, within src.
func offsetIn(src, sub []byte) int {
	if len(sub) == 0 {
		return 0
	}
	return cap(src) - cap(sub)
}

func article(k schemavalidate.Kind) string {
	switch k {
	case schemavalidate.KindArray, schemavalidate.KindObject:
		return "an " + k.String()
	case schemavalidate.KindNull:
		return "null"
	}
	return "a " + k.String()
}

// isEmpty reports whether the text stands for an empty or missing array (undefined, null
// or []), which the reference answers with "received an empty array".
func isEmpty(src []byte) bool {
	t := bytes.TrimSpace(src)
	if len(t) == 0 || string(t) == "null" {
		return true
	}
	return len(t) >= 2 && t[0] == '[' && t[len(t)-1] == ']' && len(bytes.TrimSpace(t[1:len(t)-1])) == 0
}

func (s *Store) validator(model string) (*schemavalidate.Validator, string) {
	if s.opts.Schema == nil {
		return nil, ""
	}
	v, err := s.opts.Schema.Validator(model)
	if err != nil {
		if u, ok := err.(*schemavalidate.UnknownModelError); ok {
			return nil, u.Error() + " [" + u.Code() + "]"
		}
		return nil, err.Error()
	}
	return v, ""
}

// Save records a batchSave call. records is the JSON text of the script's array; the
// store keeps it (the caller must not modify it afterwards). With Options.Validation, an
// invalid record returns *InvalidRecordError and nothing of the call is recorded.
func (s *Store) Save(model string, records []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if isEmpty(records) {
		s.log(LevelInfo, "batchSave received an empty array. No records to save.")
		return nil
	}
	v, problem := s.validator(model)
	check := s.opts.Schema != nil
	recs, err := s.parse("batchSave", model, records, v, check)
	if err != nil {
		return err
	}
	kept := s.dedupe(records, recs)

	// Validation, on the de-duplicated records, as the reference does.
	var firstBad *rec
	firstIdx := 0
	for i := range recs {
		if recs[i].keep && !recs[i].valid {
			firstBad, firstIdx = &recs[i], i
			break
		}
	}
	if firstBad != nil {
		bad := &InvalidRecordError{Model: model, Index: firstIdx, ID: quoteID(records, firstBad), Record: json.RawMessage(firstBad.raw(records)), Problem: problem}
		if v != nil {
			res, _ := v.Validate(firstBad.raw(records))
			bad.Errors = res.Errors
		}
		if s.opts.Validation {
			return bad // printed in full by the caller: no "use --validation" hint
		}
		s.log(LevelWarn, "Invalid record payload. Use `--validation` option to see the details")
		s.invalid = append(s.invalid, bad)
	}

	full := FullModelName(model, s.opts.Variant)
	out := make([]json.RawMessage, 0, kept)
	for i := range recs {
		if recs[i].keep {
			out = append(out, json.RawMessage(recs[i].raw(records)))
		}
	}
	header := "A batch save call would save the following data to the " + model + " model" + s.variantSuffix() + ":"
	s.record(Batch{Op: OpSave, Model: model, FullModel: full, Header: header, Records: out})
	s.counts.Added += len(out)
	return nil
}

// dedupe marks the records to keep: for each id the last occurrence, scanning from the end
// and warning about each earlier one in that order, as the reference does.
func (s *Store) dedupe(src []byte, recs []rec) int {
	seen := make(map[uint64]int, len(recs))
	var overflow map[string]bool // ids whose hash collided with a different id
	var h maphash.Hash
	h.SetSeed(s.seed)
	kept := 0
	for i := len(recs) - 1; i >= 0; i-- {
		r := &recs[i]
		if r.kind == idUnique {
			r.keep = true
			kept++
			continue
		}
		h.Reset()
		h.WriteByte(byte(r.kind))
		switch r.kind {
		case idNumber:
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(r.num))
			h.Write(b[:])
		case idString:
			h.Write(r.idBytes(src))
		}
		key := h.Sum64()
		dup := false
		if j, ok := seen[key]; ok {
			if sameID(src, &recs[j], r) {
				dup = true
			} else {
				if overflow == nil {
					overflow = map[string]bool{}
				}
				k := string(rune(r.kind)) + r.display(src)
				dup = overflow[k]
				overflow[k] = true
			}
		} else {
			seen[key] = i
		}
		if dup {
			s.log(LevelWarn, "batchSave detected duplicate records for ID: "+r.display(src)+". Keeping the last occurrence.")
			continue
		}
		r.keep = true
		kept++
	}
	return kept
}

func quoteID(src []byte, r *rec) string {
	if r.kind == idString {
		return strconv.Quote(r.display(src))
	}
	if r.kind == idUnique {
		return "(an object)"
	}
	return r.display(src)
}

func (s *Store) variantSuffix() string {
	if s.opts.Variant == "" || s.opts.Variant == BaseVariant {
		return ""
	}
	return " (variant: " + s.opts.Variant + ")"
}

func (s *Store) record(b Batch) {
	s.batches = append(s.batches, b)
	s.messages += 1 + len(b.Records)
	if b.Op == OpUpdate {
		return
	}
	for _, m := range s.models {
		if m == b.FullModel {
			return
		}
	}
	s.models = append(s.models, b.FullModel)
}

// plain reads the records of an update or delete call: objects, _nango_metadata removed,
// no de-duplication, no validation.
func (s *Store) plain(call, model string, src []byte) ([]json.RawMessage, error) {
	recs, err := s.parse(call, model, src, nil, false)
	if err != nil {
		return nil, err
	}
	out := make([]json.RawMessage, len(recs))
	for i := range recs {
		out[i] = json.RawMessage(recs[i].raw(src))
	}
	return out, nil
}

// Update records a batchUpdate call (partial records; never validated).
func (s *Store) Update(model string, records []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if isEmpty(records) {
		s.log(LevelInfo, "batchUpdate received an empty array. No records to update.")
		return nil
	}
	out, err := s.plain("batchUpdate", model, records)
	if err != nil {
		return err
	}
	header := "A batch update call would save the following data to the " + model + " model" + s.variantSuffix() + ":"
	s.record(Batch{Op: OpUpdate, Model: model, FullModel: FullModelName(model, s.opts.Variant), Header: header, Records: out})
	s.counts.Updated += len(out)
	return nil
}

// Delete records a batchDelete call (records with at least an id; never validated).
func (s *Store) Delete(model string, records []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if isEmpty(records) {
		s.log(LevelInfo, "batchDelete received an empty array. No records to delete.")
		return nil
	}
	out, err := s.plain("batchDelete", model, records)
	if err != nil {
		return err
	}
	full := FullModelName(model, s.opts.Variant)
	s.record(Batch{Op: OpDelete, Model: model, FullModel: full, Header: "A batch delete call would delete the following data:", Records: out})
	s.counts.Deleted += len(out)
	return nil
}

// Counts returns the totals so far.
func (s *Store) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts
}

// Batches returns the recorded calls in call order.
func (s *Store) Batches() []Batch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Batch(nil), s.batches...)
}

// HasMessages reports whether any batch was recorded; the dry run prints its results
// only then.
func (s *Store) HasMessages() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.batches) > 0
}

// Messages returns the log messages in the order the reference prints them: each
// batch's header followed by its records.
func (s *Store) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, 0, s.messages)
	for _, b := range s.batches {
		out = append(out, Message{Header: b.Header})
		for _, r := range b.Records {
			out = append(out, Message{Record: r})
		}
	}
	return out
}

// Models returns the full model names that have saved or deleted records, in first-use
// order.
func (s *Store) Models() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.models...)
}

// Saved returns the records saved to fullModel (see FullModelName), in call order: the
// reference's rawSaveOutput.
func (s *Store) Saved(fullModel string) []json.RawMessage {
	return s.collect(OpSave, fullModel)
}

// Deleted returns the records deleted from fullModel, in call order: the reference's
// rawDeleteOutput.
func (s *Store) Deleted(fullModel string) []json.RawMessage {
	return s.collect(OpDelete, fullModel)
}

func (s *Store) collect(op Op, fullModel string) []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []json.RawMessage
	for _, b := range s.batches {
		if b.Op == op && b.FullModel == fullModel {
			out = append(out, b.Records...)
		}
	}
	return out
}

// InvalidRecords returns, for each batchSave call that had invalid records and was
// recorded anyway (no --validation), the first invalid record with its errors.
func (s *Store) InvalidRecords() []*InvalidRecordError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*InvalidRecordError(nil), s.invalid...)
}
