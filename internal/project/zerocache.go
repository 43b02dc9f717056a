package project

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
)

// A definition depends only on the function's bundle, the zod that converts its schemas and
// our reader (zerodefs.js): the cache maps a hash of the three to the reader's JSON, so that
// a compile evaluates only the functions whose bundle changed (evaluating one, mostly
// building its zod schemas in goja, costs some 10 ms; a cache hit a file read). A top level
// that reads the environment or the clock (none of the real projects does) would be cached
// with the value of its first run.

// zodIdentity names the zod a reader loads: the first node_modules folder that has one, and
// its package.json (its version).
func zodIdentity(nodeModules []string) string {
	for _, nm := range nodeModules {
		if data, err := os.ReadFile(filepath.Join(nm, "zod", "package.json")); err == nil {
			sum := sha256.Sum256(data)
			return nm + "\x00" + hex.EncodeToString(sum[:])
		}
	}
	return ""
}

func (r *zeroReader) cacheKey(code []byte) string {
	h := sha256.New()
	h.Write([]byte("zero-definitions/1\x00" + zeroDefsJS + "\x00" + r.zodID + "\x00"))
	h.Write(code)
	return hex.EncodeToString(h.Sum(nil))
}

func (r *zeroReader) cachePath(key string) string {
	return filepath.Join(r.cacheDir, key[:2], key+".json")
}

// cacheGet returns the cached reader JSON of a bundle, if any.
func (r *zeroReader) cacheGet(code []byte) (key string, data []byte, ok bool) {
	if r.cacheDir == "" || r.zodID == "" {
		return "", nil, false
	}
	key = r.cacheKey(code)
	data, err := os.ReadFile(r.cachePath(key))
	return key, data, err == nil
}

// cachePut stores the reader JSON of a bundle; a cache that cannot be written is skipped
// (the next compile evaluates again).
func (r *zeroReader) cachePut(key string, data []byte) {
	if key == "" {
		return
	}
	p := r.cachePath(key)
	if os.MkdirAll(filepath.Dir(p), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), p) != nil {
		os.Remove(tmp.Name())
	}
}
