// Package npmregistrytest is a fake npm registry for tests: it serves abbreviated packuments
// and tarballs built in memory, with correct (or deliberately wrong) integrity values, so
// that no test downloads anything.
package npmregistrytest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Package is one version the registry serves.
type Package struct {
	Name    string
	Version string
	// Files are the package's files (paths relative to the package root); package.json is
	// added when missing.
	Files map[string]string
	// Tarball replaces the tarball built from Files (for damaged or hostile archives).
	Tarball []byte
	// BadIntegrity makes the packument's dist.integrity and shasum disagree with the tarball.
	BadIntegrity bool
	// ShasumOnly leaves dist.integrity out (older packages only have a sha1 shasum).
	ShasumOnly bool
}

// Registry is a running fake registry.
type Registry struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
	tarballs map[string][]byte
	docs     map[string][]byte
}

// New starts a registry serving pkgs. The latest dist-tag of each name is its last version
// in pkgs.
func New(pkgs ...Package) *Registry {
	r := &Registry{tarballs: map[string][]byte{}, docs: map[string][]byte{}}
	// The maps are filled before the server starts: its goroutines read them, and a request
	// arriving over loopback is no happens-before edge the race detector can see.
	r.Server = httptest.NewUnstartedServer(http.HandlerFunc(r.serve))
	serverURL := "http://" + r.Listener.Addr().String() // the URL Start will set
	type version struct {
		Name    string         `json:"name"`
		Version string         `json:"version"`
		Dist    map[string]any `json:"dist"`
	}
	type doc struct {
		Name     string             `json:"name"`
		DistTags map[string]string  `json:"dist-tags"`
		Versions map[string]version `json:"versions"`
	}
	docs := map[string]*doc{}
	for _, p := range pkgs {
		tgz := p.Tarball
		if tgz == nil {
			files := map[string]string{}
			for k, v := range p.Files {
				files[k] = v
			}
			if _, ok := files["package.json"]; !ok {
				files["package.json"] = `{"name":"` + p.Name + `","version":"` + p.Version + `"}`
			}
			tgz = Tarball(files)
		}
		base := p.Name
		if i := strings.LastIndex(base, "/"); i >= 0 {
			base = base[i+1:]
		}
		path := "/" + p.Name + "/-/" + base + "-" + p.Version + ".tgz"
		r.tarballs[path] = tgz
		integrity, shasum := Integrity(tgz)
		if p.BadIntegrity {
			integrity, shasum = Integrity(append([]byte("tampered"), tgz...))
		}
		dist := map[string]any{"tarball": serverURL + path, "shasum": shasum}
		if !p.ShasumOnly {
			dist["integrity"] = integrity
		}
		d := docs[p.Name]
		if d == nil {
			d = &doc{Name: p.Name, DistTags: map[string]string{}, Versions: map[string]version{}}
			docs[p.Name] = d
		}
		d.Versions[p.Version] = version{Name: p.Name, Version: p.Version, Dist: dist}
		d.DistTags["latest"] = p.Version
	}
	for name, d := range docs {
		b, _ := json.Marshal(d)
		r.docs[name] = b
	}
	r.Start()
	return r
}

func (r *Registry) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.requests = append(r.requests, req.Method+" "+req.URL.EscapedPath())
	r.mu.Unlock()
	if tgz, ok := r.tarballs[req.URL.Path]; ok {
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(tgz)
		return
	}
	// Packument: /<name> or /@scope%2fname.
	name, err := url.PathUnescape(strings.TrimPrefix(req.URL.EscapedPath(), "/"))
	if err == nil {
		if d, ok := r.docs[name]; ok {
			w.Header().Set("Content-Type", "application/vnd.npm.install-v1+json")
			_, _ = w.Write(d)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(`{"error":"Not found"}`))
}

// Requests lists "METHOD /path" of every request so far.
func (r *Registry) Requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...)
}

// Tarball builds a gzip'd tar with files under package/, in sorted order. Extra headers
// (links, hostile paths) are appended as given, with their Linkname and no content unless
// Size is set, in which case the content is that many 'x' bytes.
func Tarball(files map[string]string, extra ...tar.Header) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		mode := int64(0o644)
		if strings.HasPrefix(n, "bin/") {
			mode = 0o755
		}
		_ = tw.WriteHeader(&tar.Header{Name: "package/" + n, Mode: mode, Size: int64(len(files[n])), Typeflag: tar.TypeReg})
		_, _ = tw.Write([]byte(files[n]))
	}
	for _, h := range extra {
		h := h
		_ = tw.WriteHeader(&h)
		if h.Size > 0 {
			_, _ = tw.Write(bytes.Repeat([]byte("x"), int(h.Size)))
		}
	}
	_ = tw.Close()
	_ = zw.Close()
	return buf.Bytes()
}

// Integrity returns the SRI sha512 integrity and the hex sha1 shasum of data.
func Integrity(data []byte) (integrity, shasum string) {
	s512 := sha512.Sum512(data)
	s1 := sha1.Sum(data)
	return "sha512-" + base64.StdEncoding.EncodeToString(s512[:]), hex.EncodeToString(s1[:])
}
