// Package deps implements `nango deps install`: the npm packages scripts may import (zod),
// installed into the user cache from the npm registry so that scripts run with no npm.
package deps

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/npmregistry"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/internal/usercache"
)

// ZodVersion is the zod installed by default: zod 3, the major version nango.yaml-era
// scripts (reference CLI 0.58-0.61) are written against.
const ZodVersion = "3.24.2"

// Options are the inputs of `nango deps install`.
type Options struct {
	IO      *iostreams.IOStreams
	Getenv  func(string) string
	WorkDir func() (string, error)
	Client  func() (*npmregistry.Client, error)
	Context context.Context

	Version string
	Force   bool
	JSON    bool
}

// NewCmdDeps builds `nango deps` with its `install` subcommand.
func NewCmdDeps(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Getenv: f.Getenv, WorkDir: f.WorkDir, Client: func() (*npmregistry.Client, error) {
		return shared.NewRegistryClient(f.HttpClient, f.WorkDir, f.Getenv)
	}}
	cmd := &cobra.Command{
		Use:   "deps <command>",
		Short: "Install the npm packages scripts may import",
		Long: heredoc.Doc(`
			Scripts may import zod. It is loaded from the project's node_modules (searched
			upward) or else from the user cache that "nango deps install" fills.
		`),
		Example: heredoc.Doc(`
			$ nango deps install
		`),
	}
	install := &cobra.Command{
		Use:   "install",
		Short: "Install zod into the user cache",
		Long: heredoc.Docf(`
			Download zod (%[1]s, or %[2]s in a zero-yaml project, unless --version says
			otherwise) from the npm registry your
			npm configuration names (npm_config_registry, then registry= in the project's .npmrc,
			then ~/.npmrc; default https://registry.npmjs.org/), verify the tarball's integrity
			and unpack it into the user cache ($XDG_CACHE_HOME/nango/deps/node_modules/zod for
			zod 3, .../deps/zod4/node_modules/zod for zod 4; or ~/.cache/nango/...). Nothing is
			downloaded when that version is already there, unless --force. No Node.js or npm
			is needed.
		`, ZodVersion, build.ZodVersionZero),
		Example: heredoc.Doc(`
			$ nango deps install
			$ nango deps install --version 3.23.8 --json
		`),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Context = c.Context()
			if runF != nil {
				return runF(opts)
			}
			return installRun(opts)
		},
	}
	install.Flags().StringVar(&opts.Version, "version", "", "zod version or dist-tag to install (default "+ZodVersion+", "+build.ZodVersionZero+" in a zero-yaml project)")
	install.Flags().BoolVar(&opts.Force, "force", false, "Download even when that version is installed")
	install.Flags().BoolVar(&opts.JSON, "json", false, "Print what was installed as JSON")
	cmd.AddCommand(install)
	return cmd
}

type result struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Path      string `json:"path"`
	Installed bool   `json:"installed"`
	Integrity string `json:"integrity,omitempty"`
	Registry  string `json:"registry,omitempty"`
}

func (opts *Options) workDir() (string, error) {
	if opts.WorkDir == nil {
		return os.Getwd()
	}
	return opts.WorkDir()
}

// installRun installs zod into the user cache: zod 3 and zod 4 each in their own tree
// (usercache.DepsNodeModulesFor), as nango.yaml scripts and zero-yaml functions load them.
func installRun(opts *Options) error {
	cache, err := usercache.New(opts.Getenv)
	if err != nil {
		return err
	}
	// The tree follows the version's major; a dist-tag goes where the project's default would.
	major, def := usercache.Zod3, ZodVersion
	if wd, err := opts.workDir(); err == nil && project.IsZero(wd) {
		major, def = usercache.Zod4, build.ZodVersionZero
	}
	if opts.Version == "" {
		opts.Version = def
	} else if m := usercache.ZodMajor(opts.Version); m != 0 {
		major = m
	}
	dir := filepath.Join(cache.DepsNodeModulesFor(major), "zod")
	res := result{Name: "zod", Path: dir}
	if v := npmregistry.InstalledVersion(dir); v != "" && v == opts.Version && !opts.Force {
		res.Version = v
		if opts.JSON {
			return cmdutil.WriteJSON(opts.IO.Out, res)
		}
		fmt.Fprintf(opts.IO.ErrOut, "zod %s is already installed in %s\n", v, dir)
		return nil
	}
	client, err := opts.Client()
	if err != nil {
		return err
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	fmt.Fprintf(opts.IO.ErrOut, "downloading zod@%s from %s\n", opts.Version, text.StripUserinfo(client.Config.RegistryFor("zod")))
	r, err := client.Install(ctx, "zod", opts.Version, dir)
	if err != nil {
		return shared.RegistryError(err)
	}
	res.Version, res.Installed, res.Integrity, res.Registry = r.Version, true, r.Integrity, r.Registry
	if opts.JSON {
		return cmdutil.WriteJSON(opts.IO.Out, res)
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s zod@%s in %s\n", opts.IO.ColorScheme().Green("installed"), r.Version, dir)
	return nil
}
