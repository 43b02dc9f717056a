// Package providers implements `nango providers list|show|update`: what the provider
// catalog (providers.yaml from @nangohq/providers) says, and fetching it into the user cache.
package providers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"text/tabwriter"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/build"
	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/npmregistry"
	"github.com/nango-go/nango/internal/providers"
	"github.com/nango-go/nango/internal/text"
	"github.com/nango-go/nango/internal/usercache"
)

// Options are the inputs shared by the subcommands.
type Options struct {
	IO         *iostreams.IOStreams
	WorkDir    func() (string, error)
	Getenv     func(string) string
	HttpClient func() (*http.Client, error)
	Context    context.Context

	// ProvidersFile is --providers.
	ProvidersFile string
	JSON          bool

	// Name is the provider of `show`.
	Name string
	// Version is the package version of `update`.
	Version string

	// factory builds the registry client of the one-time download (CatalogDownloader).
	factory *cmdutil.Factory
}

// NewCmdProviders builds `nango providers` and its subcommands. runF replaces each
// subcommand's run function in tests (it receives the subcommand name in opts via the
// fields it sets).
func NewCmdProviders(f *cmdutil.Factory, runF func(string, *Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, WorkDir: f.WorkDir, Getenv: f.Getenv, HttpClient: f.HttpClient, factory: f}
	cmd := &cobra.Command{
		Use:   "providers <command>",
		Short: "Show the provider catalog and fetch it",
		Long: heredoc.Docf(`
			The provider catalog is Nango's providers.yaml (npm package %[1]s): each
			provider's auth mode, API base URL, headers, retry and default pagination settings.
			Scripts' nango.paginate uses its pagination defaults.

			The catalog is read from, in order:
			  --providers FILE, or the %[2]s environment variable
			  node_modules/@nangohq/providers/providers.yaml, from the project folder upward
			  the user cache, filled by "nango providers update"

			dryrun and test download the catalog into the user cache once when they need it
			and find none. A live dry run uses the Nango server's entry for the connection's
			provider (GET /providers/<name>) before any of these.
		`, providers.PackageName, providers.EnvFile),
		Example: heredoc.Doc(`
			$ nango providers update
			$ nango providers list
			$ nango providers show github --json
		`),
	}
	cmd.PersistentFlags().StringVar(&opts.ProvidersFile, providers.FlagName, "", providers.FlagUsage)

	run := func(name string, fn func(*Options) error) func(*cobra.Command, []string) error {
		return func(c *cobra.Command, args []string) error {
			opts.Context = c.Context()
			if len(args) > 0 {
				opts.Name = args[0]
			}
			if runF != nil {
				return runF(name, opts)
			}
			return fn(opts)
		}
	}

	cmd.AddCommand(newCmdList(opts, run), newCmdShow(opts, run), newCmdUpdate(opts, run))
	return cmd
}

// runner wraps a subcommand's run function: it records the context and the argument, and
// calls the test's runF instead when one is given.
type runner func(name string, fn func(*Options) error) func(*cobra.Command, []string) error

func newCmdList(opts *Options, run runner) *cobra.Command {
	list := &cobra.Command{
		Use:   "list",
		Short: "List the providers in the catalog",
		Long: heredoc.Doc(`
			List every provider of the catalog with its auth mode and default pagination type.
			The catalog's location is printed on stderr.
		`),
		Example: heredoc.Doc(`
			$ nango providers list
			$ nango providers list --json | jq -r '.[] | select(.pagination == "cursor") | .name'
		`),
		Args: cobra.NoArgs,
		RunE: run("list", listRun),
	}
	list.Flags().BoolVar(&opts.JSON, "json", false, "Print the providers as JSON")
	return list
}

func newCmdShow(opts *Options, run runner) *cobra.Command {
	show := &cobra.Command{
		Use:   "show <provider>",
		Short: "Show what the catalog says about one provider",
		Long: heredoc.Doc(`
			Print a provider's entry as the catalog holds it after alias resolution (an entry
			with alias: takes the named entry's keys, then its own on top, key by key).
		`),
		Example: heredoc.Doc(`
			$ nango providers show hubspot
			$ nango providers show github --json | jq .proxy.paginate
		`),
		Args: cobra.ExactArgs(1),
		RunE: run("show", showRun),
	}
	show.Flags().BoolVar(&opts.JSON, "json", false, "Print the entry as JSON")
	return show
}

func newCmdUpdate(opts *Options, run runner) *cobra.Command {
	update := &cobra.Command{
		Use:   "update",
		Short: "Download the provider catalog into the user cache",
		Long: heredoc.Docf(`
			Download %[1]s from the npm registry your npm configuration names
			(npm_config_registry, then registry= in the project's .npmrc, then ~/.npmrc;
			default https://registry.npmjs.org/), verify the tarball's integrity and keep its
			providers.yaml in the user cache ($XDG_CACHE_HOME/nango or ~/.cache/nango).
			No Node.js or npm is needed.

			Without --version it installs %[2]s, the catalog the reference CLI %[3]s bundles.
		`, providers.PackageName, providers.DefaultVersion, build.ReferenceCLIVersion),
		Example: heredoc.Doc(`
			$ nango providers update
			$ nango providers update --version latest
		`),
		Args: cobra.NoArgs,
		RunE: run("update", updateRun),
	}
	update.Flags().StringVar(&opts.Version, "version", providers.DefaultVersion, "Package version or dist-tag to install")
	update.Flags().BoolVar(&opts.JSON, "json", false, "Print what was installed as JSON")
	return update
}

func (o *Options) locator() providers.Locator {
	project := ""
	if o.WorkDir != nil {
		project, _ = o.WorkDir()
	}
	return providers.NewLocator(o.ProvidersFile, project, o.Getenv)
}

func (o *Options) catalog() (*providers.Catalog, error) {
	// As dryrun and test do: none found, download the pinned one into the user cache once.
	lazy := providers.NewLazy(o.locator())
	if o.factory != nil {
		lazy.Download = shared.CatalogDownloader(o.Context, o.factory)
	}
	cat, err := lazy.Catalog()
	if errors.Is(err, providers.ErrNoCatalog) {
		if exitcode.HintOf(err) != "" {
			return nil, err
		}
		return nil, exitcode.WithHint(errors.New("no provider catalog found"), providers.NoCatalogHint)
	}
	if err != nil {
		return nil, exitcode.WithCode(exitcode.Usage, err)
	}
	fmt.Fprintf(o.IO.ErrOut, "catalog: %s (%s, %d providers)\n", cat.Path, cat.Source, cat.Len())
	return cat, nil
}

type listEntry struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	AuthMode    string `json:"auth_mode"`
	Pagination  string `json:"pagination,omitempty"`
	BaseURL     string `json:"base_url,omitempty"`
	AliasOf     string `json:"alias_of,omitempty"`
}

func listRun(o *Options) error {
	cat, err := o.catalog()
	if err != nil {
		return err
	}
	names := cat.Names()
	sort.Strings(names)
	entries := make([]listEntry, 0, len(names))
	for _, n := range names {
		p, _ := cat.Get(n)
		entries = append(entries, listEntry{Name: n, DisplayName: p.DisplayName, AuthMode: p.AuthMode, Pagination: p.PaginationType(), BaseURL: p.Proxy.BaseURL, AliasOf: p.AliasOf})
	}
	if o.JSON {
		return cmdutil.WriteJSON(o.IO.Out, entries)
	}
	tw := tabwriter.NewWriter(o.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tAUTH MODE\tPAGINATION\tDISPLAY NAME")
	for _, e := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Name, dash(e.AuthMode), dash(e.Pagination), e.DisplayName)
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func showRun(o *Options) error {
	cat, err := o.catalog()
	if err != nil {
		return err
	}
	p, err := cat.Lookup(o.Name)
	if err != nil {
		return exitcode.WithHint(exitcode.WithCode(exitcode.Usage, err), "`nango providers list` shows every name; `nango providers update --version latest` fetches a newer catalog")
	}
	if o.JSON {
		return cmdutil.WriteJSON(o.IO.Out, p)
	}
	text, err := p.YAML()
	if err != nil {
		return err
	}
	if p.AliasOf != "" {
		fmt.Fprintf(o.IO.Out, "# alias of %s, merged\n", p.AliasOf)
	}
	_, err = fmt.Fprint(o.IO.Out, text)
	return err
}

type updateResult struct {
	npmregistry.Resolved
	Path      string `json:"path"`
	Providers int    `json:"providers"`
}

func updateRun(o *Options) error {
	cache, err := usercache.New(o.Getenv)
	if err != nil {
		return err
	}
	client, err := shared.NewRegistryClient(o.HttpClient, o.WorkDir, o.Getenv)
	if err != nil {
		return err
	}
	ctx := o.Context
	if ctx == nil {
		ctx = context.Background()
	}
	fmt.Fprintf(o.IO.ErrOut, "downloading %s@%s from %s\n", providers.PackageName, o.Version, text.StripUserinfo(client.Config.RegistryFor(providers.PackageName)))
	r, cat, err := providers.Update(ctx, client, o.Version, cache.ProvidersPackage())
	if err != nil {
		return shared.RegistryError(err)
	}
	if o.JSON {
		return cmdutil.WriteJSON(o.IO.Out, updateResult{Resolved: r, Path: cat.Path, Providers: cat.Len()})
	}
	fmt.Fprintf(o.IO.ErrOut, "%s %s@%s: %d providers in %s\n", o.IO.ColorScheme().Green("installed"), r.Name, r.Version, cat.Len(), cat.Path)
	return nil
}
