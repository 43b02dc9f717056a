// Package npmregistry downloads one npm package version from the registry that the user's npm
// configuration names, checks the tarball against the registry's integrity value and
// extracts it safely and atomically into a folder. It is what `nango providers update` and
// `nango deps install` use, so that the CLI never needs Node or npm.
//
// It covers single packages without dependencies (zod, @nangohq/providers' YAML): no
// dependency tree, no lockfile, no lifecycle scripts (never run).
package npmregistry

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// DefaultRegistry is npm's default registry.
const DefaultRegistry = "https://registry.npmjs.org/"

// Config is the part of the npm configuration that downloads need.
type Config struct {
	// Registry is the default registry URL, ending in "/".
	Registry string
	// ScopeRegistries maps "@scope" to that scope's registry (`@scope:registry=` lines).
	ScopeRegistries map[string]string
	// tokens maps a "nerf dart" (//host/path/) to its _authToken.
	tokens map[string]string
	// replaceNpmjsHost: tarball URLs on registry.npmjs.org are fetched from the configured
	// registry instead (npm's default `replace-registry-host=npmjs`).
	replaceNpmjsHost bool
	// Files lists the .npmrc files read, for messages.
	Files []string
}

// ConfigOptions are the injected inputs of ReadConfig.
type ConfigOptions struct {
	// ProjectDir is where the project .npmrc search starts.
	ProjectDir string
	// Getenv reads the environment (npm_config_registry, npm_config_userconfig, HOME and
	// variables referenced as ${VAR} in .npmrc files).
	Getenv func(string) string
}

// ReadConfig resolves the configuration the way npm layers it, each layer overriding the one
// before key by key: the user config (~/.npmrc, or npm_config_userconfig), the project config
// (.npmrc in the project's root: the nearest folder upward from ProjectDir that has a
// package.json or node_modules, else ProjectDir), then the environment
// (npm_config_registry / NPM_CONFIG_REGISTRY). Unreadable files are skipped.
func ReadConfig(opts ConfigOptions) Config {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	values := map[string]string{}
	var files []string
	read := func(path string) {
		if path == "" {
			return
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return
		}
		files = append(files, path)
		for k, v := range parseNpmrc(data, getenv) {
			values[k] = v
		}
	}
	user := envValue(getenv, "userconfig")
	if user == "" {
		if home := firstNonEmpty(getenv("HOME"), getenv("USERPROFILE")); home != "" {
			user = filepath.Join(home, ".npmrc")
		}
	}
	read(user)
	if opts.ProjectDir != "" {
		read(filepath.Join(projectRoot(opts.ProjectDir), ".npmrc"))
	}
	if r := envValue(getenv, "registry"); r != "" {
		values["registry"] = r
	}

	c := Config{Registry: DefaultRegistry, ScopeRegistries: map[string]string{}, tokens: map[string]string{}, replaceNpmjsHost: true, Files: files}
	for k, v := range values {
		switch {
		case k == "registry" && v != "":
			c.Registry = withSlash(v)
		case strings.HasPrefix(k, "@") && strings.HasSuffix(k, ":registry") && v != "":
			c.ScopeRegistries[strings.TrimSuffix(k, ":registry")] = withSlash(v)
		case strings.HasPrefix(k, "//") && strings.HasSuffix(k, ":_authToken"):
			c.tokens[strings.TrimSuffix(k, ":_authToken")] = v
		case k == "replace-registry-host":
			c.replaceNpmjsHost = v == "npmjs" || v == "always"
		}
	}
	return c
}

// RegistryFor is the registry serving pkg: its scope's registry, else the default.
func (c Config) RegistryFor(pkg string) string {
	if strings.HasPrefix(pkg, "@") {
		if scope, _, ok := strings.Cut(pkg, "/"); ok {
			if r, ok := c.ScopeRegistries[scope]; ok {
				return r
			}
		}
	}
	if c.Registry == "" {
		return DefaultRegistry
	}
	return c.Registry
}

// tokenFor returns the _authToken configured for url (the longest matching //host/path/).
func (c Config) tokenFor(url string) string {
	_, rest, ok := strings.Cut(url, "://")
	if !ok {
		return ""
	}
	key := "//" + rest
	best, token := 0, ""
	for nerf, t := range c.tokens {
		n := strings.TrimSuffix(nerf, "/") + "/"
		if strings.HasPrefix(key, n) || key+"/" == n {
			if len(n) > best {
				best, token = len(n), t
			}
		}
	}
	return token
}

func envValue(getenv func(string) string, key string) string {
	return firstNonEmpty(getenv("npm_config_"+key), getenv("NPM_CONFIG_"+strings.ToUpper(key)))
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func withSlash(u string) string {
	if strings.HasSuffix(u, "/") {
		return u
	}
	return u + "/"
}

// projectRoot is npm's "local prefix": the nearest folder from dir upward holding a
// package.json or a node_modules folder; dir itself when there is none.
func projectRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := abs; ; {
		for _, marker := range []string{"package.json", "node_modules"} {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return abs
		}
		d = parent
	}
}

var envRef = regexp.MustCompile(`\$\{([^${}?]+)(\?)?\}`)

// parseNpmrc reads ini-style `key = value` lines (comments start with ; or #, [sections]
// are ignored), strips quotes and expands ${VAR} references.
func parseNpmrc(data []byte, getenv func(string) string) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == ';' || line[0] == '#' || line[0] == '[' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
			v = v[1 : len(v)-1]
		}
		expand := func(s string) string {
			return envRef.ReplaceAllStringFunc(s, func(ref string) string {
				m := envRef.FindStringSubmatch(ref)
				return getenv(m[1])
			})
		}
		out[expand(k)] = expand(v)
	}
	return out
}
