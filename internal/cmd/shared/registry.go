package shared

import (
	"errors"
	"net/http"
	"strings"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/npmregistry"
)

// NewRegistryClient builds the npm registry client of `nango providers update`, `nango deps
// install` and the one-time catalog download, from the npm configuration seen from the
// project.
func NewRegistryClient(httpClient func() (*http.Client, error), workDir func() (string, error), getenv func(string) string) (*npmregistry.Client, error) {
	hc, err := httpClient()
	if err != nil {
		return nil, err
	}
	project := ""
	if workDir != nil {
		project, _ = workDir()
	}
	cfg := npmregistry.ReadConfig(npmregistry.ConfigOptions{ProjectDir: project, Getenv: getenv})
	return &npmregistry.Client{HTTP: hc, Config: cfg, UserAgent: "nango-go/" + build.AppVersion() + " (npm registry client)"}, nil
}

// RegistryError gives registry failures their exit code and a hint.
func RegistryError(err error) error {
	switch {
	case errors.Is(err, npmregistry.ErrUnreachable):
		return exitcode.WithHint(exitcode.WithCode(exitcode.Unavailable, err), "check the network, or point registry= in .npmrc (or npm_config_registry) at a registry you can reach")
	case errors.Is(err, npmregistry.ErrNotFound):
		return exitcode.WithHint(exitcode.WithCode(exitcode.Usage, err), "check --version (a published version or a dist-tag such as latest)")
	case errors.Is(err, npmregistry.ErrIntegrity):
		return exitcode.WithHint(err, "the download did not match the registry's checksum and was discarded; nothing was changed. Retry, or check your registry mirror")
	case strings.Contains(err.Error(), "refused access"):
		return exitcode.WithCode(exitcode.Auth, err)
	}
	return err
}
