package npmregistry

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Limits on what is downloaded, so a broken or hostile registry cannot exhaust memory.
const (
	maxPackumentBytes = 64 << 20
	maxTarballBytes   = 256 << 20
)

var (
	// ErrUnreachable: the registry could not be reached (offline, DNS, refused, TLS).
	ErrUnreachable = errors.New("cannot reach the npm registry")
	// ErrNotFound: the registry has no such package, or no such version or dist-tag.
	ErrNotFound = errors.New("not found in the npm registry")
	// ErrIntegrity: the tarball does not match the registry's integrity value.
	ErrIntegrity = errors.New("integrity check failed")
)

// Client talks to the registries named by Config.
type Client struct {
	HTTP      *http.Client
	Config    Config
	UserAgent string
}

// Resolved is one concrete package version and where its tarball is.
type Resolved struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Tarball   string `json:"tarball"`
	Integrity string `json:"integrity,omitempty"`
	Shasum    string `json:"shasum,omitempty"`
	Registry  string `json:"registry"`
}

type packument struct {
	Name     string            `json:"name"`
	DistTags map[string]string `json:"dist-tags"`
	Versions map[string]struct {
		Dist struct {
			Tarball   string `json:"tarball"`
			Integrity string `json:"integrity"`
			Shasum    string `json:"shasum"`
		} `json:"dist"`
	} `json:"versions"`
}

// Resolve finds version (an exact version or a dist-tag such as "latest") of name.
func (c *Client) Resolve(ctx context.Context, name, version string) (Resolved, error) {
	if name == "" || strings.ContainsAny(name, " \t\n?#") || strings.Count(name, "/") > 1 || (strings.Contains(name, "/") && !strings.HasPrefix(name, "@")) {
		return Resolved{}, fmt.Errorf("invalid npm package name %q", name)
	}
	registry := c.Config.RegistryFor(name)
	// A scoped name keeps its "@" and escapes its "/" (as npm does: @scope%2fname).
	pkgURL := registry + strings.Replace(url.PathEscape(name), "%40", "@", 1)
	pkgURL = strings.Replace(pkgURL, "%2F", "%2f", 1)
	body, status, err := c.get(ctx, pkgURL, "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*", maxPackumentBytes)
	if err != nil {
		return Resolved{}, err
	}
	switch {
	case status == http.StatusNotFound:
		return Resolved{}, fmt.Errorf("package %s %w %s", name, ErrNotFound, registry)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return Resolved{}, fmt.Errorf("the npm registry %s refused access to %s (HTTP %d): check the _authToken for it in your .npmrc", registry, name, status)
	case status != http.StatusOK:
		return Resolved{}, fmt.Errorf("the npm registry %s answered HTTP %d for %s", registry, status, name)
	}
	var p packument
	if err := json.Unmarshal(body, &p); err != nil {
		return Resolved{}, fmt.Errorf("the npm registry %s sent an unreadable answer for %s: %v", registry, name, err)
	}
	want := version
	if want == "" {
		want = "latest"
	}
	if _, ok := p.Versions[want]; !ok {
		if tagged, ok := p.DistTags[want]; ok {
			want = tagged
		}
	}
	v, ok := p.Versions[want]
	if !ok {
		return Resolved{}, fmt.Errorf("%s has no version or dist-tag %q (%w %s)%s", name, version, ErrNotFound, registry, suggestVersions(p, version))
	}
	if v.Dist.Tarball == "" {
		return Resolved{}, fmt.Errorf("the npm registry %s lists no tarball for %s@%s", registry, name, want)
	}
	return Resolved{Name: name, Version: want, Tarball: c.tarballURL(v.Dist.Tarball, registry), Integrity: v.Dist.Integrity, Shasum: v.Dist.Shasum, Registry: registry}, nil
}

// suggestVersions names the latest tag and the closest versions sharing a prefix.
func suggestVersions(p packument, asked string) string {
	var near []string
	prefix := asked
	if i := strings.LastIndex(prefix, "."); i > 0 {
		prefix = prefix[:i+1]
	}
	for v := range p.Versions {
		if prefix != "" && strings.HasPrefix(v, prefix) {
			near = append(near, v)
		}
	}
	sort.Strings(near)
	if len(near) > 5 {
		near = near[len(near)-5:]
	}
	var parts []string
	if l, ok := p.DistTags["latest"]; ok {
		parts = append(parts, "latest is "+l)
	}
	if len(near) > 0 {
		parts = append(parts, "similar: "+strings.Join(near, ", "))
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
}

// tarballURL applies npm's default replace-registry-host=npmjs: a tarball on
// registry.npmjs.org is fetched from the configured registry (mirrors often list the
// public URL).
func (c *Client) tarballURL(tarball, registry string) string {
	if !c.Config.replaceNpmjsHost || registry == DefaultRegistry {
		return tarball
	}
	u, err := url.Parse(tarball)
	if err != nil || u.Host != "registry.npmjs.org" {
		return tarball
	}
	r, err := url.Parse(registry)
	if err != nil {
		return tarball
	}
	u.Scheme, u.Host = r.Scheme, r.Host
	u.Path = strings.TrimSuffix(r.Path, "/") + u.Path
	u.RawPath = ""
	return u.String()
}

// Fetch downloads the tarball of r and verifies it: dist.integrity (the strongest of sha512,
// sha384, sha256 and sha1 it lists) or else dist.shasum (sha1). A package the registry gives
// no checksum for is refused.
func (c *Client) Fetch(ctx context.Context, r Resolved) ([]byte, error) {
	body, status, err := c.get(ctx, r.Tarball, "application/octet-stream", maxTarballBytes)
	if err != nil {
		return nil, err
	}
	switch {
	case status == http.StatusNotFound:
		return nil, fmt.Errorf("tarball of %s@%s %w %s (%s)", r.Name, r.Version, ErrNotFound, r.Registry, r.Tarball)
	case status != http.StatusOK:
		return nil, fmt.Errorf("downloading %s@%s: HTTP %d from %s", r.Name, r.Version, status, r.Tarball)
	}
	if err := Verify(body, r.Integrity, r.Shasum); err != nil {
		return nil, fmt.Errorf("%s@%s from %s: %w", r.Name, r.Version, r.Tarball, err)
	}
	return body, nil
}

var algorithms = []struct {
	name string
	new  func() hash.Hash
}{{"sha512", sha512.New}, {"sha384", sha512.New384}, {"sha256", sha256.New}, {"sha1", sha1.New}}

// Verify checks data against an SRI integrity string ("sha512-<base64> ...") and, when
// that has no supported hash, against a hex sha1 shasum.
func Verify(data []byte, integrity, shasum string) error {
	byAlg := map[string][]string{}
	for _, field := range strings.Fields(integrity) {
		alg, digest, ok := strings.Cut(field, "-")
		if !ok {
			continue
		}
		digest, _, _ = strings.Cut(digest, "?")
		byAlg[alg] = append(byAlg[alg], digest)
	}
	for _, a := range algorithms {
		expected, ok := byAlg[a.name]
		if !ok {
			continue
		}
		h := a.new()
		h.Write(data)
		sum := h.Sum(nil)
		for _, e := range expected {
			want, err := base64.StdEncoding.DecodeString(e)
			if err == nil && subtle.ConstantTimeCompare(sum, want) == 1 {
				return nil
			}
		}
		return fmt.Errorf("%w: the tarball's %s is %s-%s, the registry says %s", ErrIntegrity, a.name, a.name, base64.StdEncoding.EncodeToString(sum), integrity)
	}
	if shasum != "" {
		sum := sha1.Sum(data)
		got := hex.EncodeToString(sum[:])
		if strings.EqualFold(got, strings.TrimSpace(shasum)) {
			return nil
		}
		return fmt.Errorf("%w: the tarball's sha1 is %s, the registry says %s", ErrIntegrity, got, shasum)
	}
	return fmt.Errorf("%w: the registry gives no integrity or shasum, refusing an unverified package", ErrIntegrity)
}

// get fetches u, returning at most limit bytes (more is an error).
func (c *Client) get(ctx context.Context, u, accept string, limit int64) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("invalid registry URL %q: %w", u, err)
	}
	req.Header.Set("Accept", accept)
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	if token := c.Config.tokenFor(u); token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := c.HTTP
	if client == nil {
		return nil, 0, errors.New("npmregistry: no HTTP client")
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		return nil, 0, fmt.Errorf("%w %s: %v", ErrUnreachable, hostOf(u), unwrapNet(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, 0, fmt.Errorf("%w %s: reading the answer: %v", ErrUnreachable, hostOf(u), err)
	}
	if int64(len(body)) > limit {
		return nil, 0, fmt.Errorf("the answer from %s is larger than %d MB; refusing it", hostOf(u), limit>>20)
	}
	return body, resp.StatusCode, nil
}

func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	return p.Scheme + "://" + p.Host
}

// unwrapNet drops url.Error's "Get <url>:" prefix, which repeats what the message says.
func unwrapNet(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		var ne net.Error
		if errors.As(ue.Err, &ne) || ue.Err != nil {
			return ue.Err
		}
	}
	return err
}
