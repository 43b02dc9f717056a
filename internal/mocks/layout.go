package mocks

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nango-go/nango/pkg/jsjson"
)

// Layout locates the recorded files of one integration. Root is `<integration>/mocks`; every
// path below is relative to it:
//
//	<script>/input.json, <script>/output.json             action input and expected output
//	<script>/<Model>/batchSave.json, batchDelete.json     sync records per model
//	nango/getConnection.json, nango/getMetadata.json      connection and metadata
//	nango/provider.json                                   the provider entry the recording used (ours)
//	nango/<method>/proxy/<endpoint>/<script>/<sha1>.json  one recorded response (hashed form)
//	nango/<method>/proxy/<endpoint>/<script>.json         one response body (legacy form)
//
// <script> is a script name, or "<name>/<variant>" for a variant other than "base" (see
// ScriptKey).
type Layout struct {
	Root string
}

// IntegrationLayout is the layout of `<projectDir>/<integration>/mocks`.
func IntegrationLayout(projectDir, integration string) Layout {
	return Layout{Root: filepath.Join(projectDir, integration, "mocks")}
}

// ScriptKey is the folder name of a script's recordings: its name, plus "/<variant>" for a
// variant other than the base one.
func ScriptKey(name, variant string) string {
	if variant == "" || variant == "base" {
		return name
	}
	return name + "/" + variant
}

func (l Layout) ScriptDir(script string) string {
	return filepath.Join(l.Root, filepath.FromSlash(script))
}
func (l Layout) InputFile(script string) string {
	return filepath.Join(l.ScriptDir(script), "input.json")
}
func (l Layout) OutputFile(script string) string {
	return filepath.Join(l.ScriptDir(script), "output.json")
}
func (l Layout) BatchSaveFile(script, model string) string {
	return filepath.Join(l.ScriptDir(script), model, "batchSave.json")
}
func (l Layout) BatchDeleteFile(script, model string) string {
	return filepath.Join(l.ScriptDir(script), model, "batchDelete.json")
}
func (l Layout) ConnectionFile() string { return filepath.Join(l.Root, "nango", "getConnection.json") }
func (l Layout) MetadataFile() string   { return filepath.Join(l.Root, "nango", "getMetadata.json") }

// ProviderFile holds the provider catalog entry (pagination defaults and the rest) that a
// recording run used, so that replay paginates the same way with no catalog. It is ours: the
// reference harness reads only the files above and ignores it.
func (l Layout) ProviderFile() string { return filepath.Join(l.Root, "nango", "provider.json") }

// proxyDir is nango/<method>/proxy/<endpoint>; an endpoint that would climb out of it
// ("..", ".") cannot be stored and is an error rather than a path elsewhere on disk.
func (l Layout) proxyDir(id Identity) (string, error) {
	if strings.ContainsAny(id.Method, `/\`) || id.Method == "" || id.Method == "." || id.Method == ".." {
		return "", fmt.Errorf("method %q cannot be used as a folder name", id.Method)
	}
	for _, seg := range strings.Split(id.Endpoint, "/") {
		if seg == "." || seg == ".." || strings.ContainsRune(seg, '\\') || strings.ContainsRune(seg, 0) {
			return "", fmt.Errorf("endpoint %q cannot be stored as a path under %s", id.Endpoint, l.Root)
		}
	}
	return filepath.Join(l.Root, "nango", id.Method, "proxy", filepath.FromSlash(id.Endpoint)), nil
}

// ResponseDir is the folder of a script's hashed responses for the identity's endpoint.
func (l Layout) ResponseDir(script string, id Identity) (string, error) {
	dir, err := l.proxyDir(id)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, filepath.FromSlash(script)), nil
}

// HashedResponseFile is nango/<method>/proxy/<endpoint>/<script>/<hash>.json.
func (l Layout) HashedResponseFile(script string, id Identity) (string, error) {
	dir, err := l.ResponseDir(script, id)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, id.Hash()+".json"), nil
}

// LegacyResponseFile is nango/<method>/proxy/<endpoint>/<script>.json.
func (l Layout) LegacyResponseFile(script string, id Identity) (string, error) {
	dir, err := l.ResponseDir(script, id)
	if err != nil {
		return "", err
	}
	return dir + ".json", nil
}

// MissingFileError is a recorded file a test needs that does not exist.
type MissingFileError struct {
	Path string
	What string // "the action's expected output", ...
}

func (e *MissingFileError) Error() string {
	return fmt.Sprintf("missing recording %s (%s)", e.Path, e.What)
}

func (e *MissingFileError) Is(target error) bool { return target == fs.ErrNotExist }

// ReadJSONFile reads and parses a recorded JSON file with JavaScript's rules; a missing file
// is a *MissingFileError describing what, invalid JSON names the file, line and column.
func ReadJSONFile(path, what string) (jsjson.Value, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return jsjson.Value{}, &MissingFileError{Path: path, What: what}
		}
		return jsjson.Value{}, err
	}
	v, err := jsjson.Parse(jsjson.TrimBOM(b))
	if err != nil {
		return jsjson.Value{}, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// readOptional is ReadJSONFile where a missing file is (undefined, false, nil).
func readOptional(path, what string) (jsjson.Value, bool, error) {
	v, err := ReadJSONFile(path, what)
	var missing *MissingFileError
	if errors.As(err, &missing) {
		return jsjson.Value{}, false, nil
	}
	return v, err == nil, err
}

// ReadInput is the action's recorded input; a missing file means undefined (found false).
func (l Layout) ReadInput(script string) (v jsjson.Value, found bool, err error) {
	return readOptional(l.InputFile(script), "the action's input")
}

// ReadOutput is the value the action must return; required for an action test.
func (l Layout) ReadOutput(script string) (jsjson.Value, error) {
	return ReadJSONFile(l.OutputFile(script), "the output the action must return")
}

// ReadBatchSave is every record the sync must save for model; required for each model the
// sync outputs.
func (l Layout) ReadBatchSave(script, model string) (jsjson.Value, error) {
	return ReadJSONFile(l.BatchSaveFile(script, model), "the records the sync must save for model "+model)
}

// ReadBatchDelete is the records the sync must delete for model; the file may be missing.
func (l Layout) ReadBatchDelete(script, model string) (v jsjson.Value, found bool, err error) {
	return readOptional(l.BatchDeleteFile(script, model), "the records the sync must delete for model "+model)
}

// ReadConnection is what nango.getConnection() returns during replay.
func (l Layout) ReadConnection() (jsjson.Value, error) {
	return ReadJSONFile(l.ConnectionFile(), "what nango.getConnection() returns")
}

// ReadProvider is the provider entry recorded with the responses; found is false when the
// recordings have none (made by the reference, or before it was kept).
func (l Layout) ReadProvider() (v jsjson.Value, found bool, err error) {
	return readOptional(l.ProviderFile(), "the provider entry the recording used")
}

// ReadMetadata is what nango.getMetadata() returns during replay.
func (l Layout) ReadMetadata() (jsjson.Value, error) {
	return ReadJSONFile(l.MetadataFile(), "what nango.getMetadata() returns")
}

func fileExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

func dirExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}
