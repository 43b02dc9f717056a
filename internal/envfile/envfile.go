// Package envfile gives project commands the environment they run in: the process
// environment layered over the project's `.env` file, and the Nango settings read from it
// (secret key per environment, server host, deploy auto-confirmation).
//
// The layering follows the reference CLI (dotenv): only `.env` in the project folder is read,
// a variable set in the process environment wins over the file, unquoted inline `# comments`
// are stripped (the generated `.env` relies on that), and a line that is not an assignment is
// skipped (parse.go); callers warn about it by line number, never by content, since the
// file holds secret keys.
package envfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nango-go/nango/internal/exitcode"
)

// DefaultHost is the Nango Cloud API, used when NANGO_HOSTPORT is not set.
const DefaultHost = "https://api.nango.dev"

// Variable names the CLI reads.
const (
	VarSecretKey         = "NANGO_SECRET_KEY"
	VarHostport          = "NANGO_HOSTPORT"
	VarDeployAutoConfirm = "NANGO_DEPLOY_AUTO_CONFIRM"
	VarDeploySource      = "NANGO_DEPLOY_SOURCE"
)

// Env is the process environment over the project's .env file.
type Env struct {
	getenv func(string) string
	file   map[string]string
	// Path is the .env file that was read, or "" when the project has none.
	Path string
	// Skipped lists the 1-based numbers of the lines of Path that were not assignments and
	// were ignored. See Warnings.
	Skipped []int
}

// Load reads dir/.env (when present) under getenv. A .env that exists but cannot be read is
// a project error: silently ignoring it would send requests with the wrong key. Lines that
// are not assignments are skipped as the reference does and listed in Skipped.
func Load(dir string, getenv func(string) string) (*Env, error) {
	e := &Env{getenv: getenv, file: map[string]string{}}
	path := filepath.Join(dir, ".env")
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return e, nil
	}
	if err != nil {
		return nil, exitcode.WithHint(exitcode.Errorf(exitcode.Project, "cannot read %s: %v", path, err),
			"make .env a readable file, or remove it and set the variables in the environment")
	}
	e.file, e.Skipped = parse(string(data))
	e.Path = path
	return e, nil
}

// Warnings says which lines of .env were skipped, by file and line number only: the
// content of a line that failed to parse may well be a secret key.
func (e *Env) Warnings() []string {
	var out []string
	for _, n := range e.Skipped {
		out = append(out, fmt.Sprintf("%s:%d: line ignored: not a KEY=value assignment (quote values that contain spaces or #)", e.Path, n))
	}
	return out
}

// FromMap builds an Env without a file, for tests and for callers that already hold the
// variables.
func FromMap(vars map[string]string) *Env {
	return &Env{getenv: func(k string) string { return vars[k] }, file: map[string]string{}}
}

// Get returns the variable from the process environment, else from .env. An empty process
// value counts as unset, as the injected Getenv cannot tell the two apart.
func (e *Env) Get(key string) string {
	if e.getenv != nil {
		if v := e.getenv(key); v != "" {
			return v
		}
	}
	return e.file[key]
}

// SecretKeyVar is the per-environment variable name: `dev` → NANGO_SECRET_KEY_DEV.
func SecretKeyVar(environment string) string {
	return VarSecretKey + "_" + strings.ToUpper(environment)
}

// SecretKey returns the secret key for environment and the variable it came from:
// NANGO_SECRET_KEY_<ENV> first, then NANGO_SECRET_KEY. When neither is set, key is "" and
// varName names the per-environment variable the user should set.
func (e *Env) SecretKey(environment string) (key, varName string) {
	perEnv := SecretKeyVar(environment)
	if v := strings.TrimSpace(e.Get(perEnv)); v != "" {
		return v, perEnv
	}
	if v := strings.TrimSpace(e.Get(VarSecretKey)); v != "" {
		return v, VarSecretKey
	}
	return "", perEnv
}

// Host returns the Nango server base URL without trailing slashes. The reference strips one
// for dryrun but concatenates it raw for deploy (sending `//sync/deploy`, which the server
// does not route); every command here uses the stripped form.
func (e *Env) Host() string {
	h := strings.TrimSpace(e.Get(VarHostport))
	if h == "" {
		return DefaultHost
	}
	return strings.TrimRight(h, "/")
}

// DeployAutoConfirm reports NANGO_DEPLOY_AUTO_CONFIRM=true (exactly "true", as the reference).
func (e *Env) DeployAutoConfirm() bool {
	return strings.TrimSpace(e.Get(VarDeployAutoConfirm)) == "true"
}

// DeploySource is the `source` of a zero-yaml deploy body: "standalone" when
// NANGO_DEPLOY_SOURCE=standalone, else "repo" (as the reference).
func (e *Env) DeploySource() string {
	if strings.TrimSpace(e.Get(VarDeploySource)) == "standalone" {
		return "standalone"
	}
	return "repo"
}

// Describe says where a variable's value comes from, for --debug output.
func (e *Env) Describe(key string) string {
	if e.getenv != nil && e.getenv(key) != "" {
		return "environment"
	}
	if _, ok := e.file[key]; ok {
		return e.Path
	}
	return "unset"
}

// FileVars returns a copy of the variables defined in .env (not the process environment):
// local mode's nango.getEnvironmentVariables() answers with them.
func (e *Env) FileVars() map[string]string {
	out := make(map[string]string, len(e.file))
	for k, v := range e.file {
		out[k] = v
	}
	return out
}
