// Package connections implements `nango connections list|show`: the local connections of
// connections.local.yaml (local mode, `nango dryrun --local`), with secrets masked.
package connections

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/envfile"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/localconn"
	"github.com/nango-go/nango/internal/nangoapi"
)

// Masked replaces every secret value in `show`.
const Masked = "********"

// Options are the inputs shared by the subcommands.
type Options struct {
	IO      *iostreams.IOStreams
	WorkDir func() (string, error)
	Getenv  func(string) string

	JSON bool
	// ID is the connection of `show`.
	ID string
}

// NewCmdConnections builds `nango connections`. runF replaces each subcommand's run function
// in tests (it receives the subcommand name).
func NewCmdConnections(f *cmdutil.Factory, runF func(string, *Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, WorkDir: f.WorkDir, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "connections <command>",
		Short: "Show the local connections of connections.local.yaml",
		Long: heredoc.Doc(`
			Local mode (nango dryrun --local) takes its connections from connections.local.yaml
			at the project root: credentials kept on this machine, ${VAR} references resolved
			from the environment or the project's .env. These commands show them, with every
			secret masked. See README, "Local mode", for the file's format.
		`),
		Example: heredoc.Doc(`
			$ nango connections list
			$ nango connections show my-github --json
		`),
	}
	run := func(name string, fn func(*Options) error) func(*cobra.Command, []string) error {
		return func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.ID = args[0]
			}
			if runF != nil {
				return runF(name, opts)
			}
			return fn(opts)
		}
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the local connections",
		Long: heredoc.Doc(`
			List the connections of connections.local.yaml: id, integration, provider,
			credentials type and the variables they reference (no value is read or printed).
		`),
		Args: cobra.NoArgs,
		RunE: run("list", listRun),
	}
	list.Flags().BoolVar(&opts.JSON, "json", false, "Print the connections as JSON")
	show := &cobra.Command{
		Use:   "show <connection-id>",
		Short: "Show one local connection, secrets masked",
		Long: heredoc.Doc(`
			Show a connection with its variables resolved, as a script's nango.getConnection()
			would see it, every credential secret (and the integration's client secret)
			replaced by ********. An unset variable is reported with its line and column.
		`),
		Args: cobra.ExactArgs(1),
		RunE: run("show", showRun),
	}
	show.Flags().BoolVar(&opts.JSON, "json", false, "Print the connection as JSON")
	cmd.AddCommand(list, show)
	return cmd
}

func (o *Options) load() (*localconn.File, error) {
	dir, err := o.WorkDir()
	if err != nil {
		return nil, err
	}
	env, err := envfile.Load(dir, o.Getenv)
	if err != nil {
		return nil, err
	}
	return localconn.Load(dir, env)
}

type listEntry struct {
	ID          string   `json:"id"`
	Integration string   `json:"integration"`
	Provider    string   `json:"provider"`
	Type        string   `json:"type"`
	Variables   []string `json:"variables"`
}

func listRun(o *Options) error {
	f, err := o.load()
	if err != nil {
		return err
	}
	entries := make([]listEntry, 0, len(f.IDs))
	for _, id := range f.IDs {
		vars := f.Refs(id)
		if vars == nil {
			vars = []string{}
		}
		entries = append(entries, listEntry{ID: id, Integration: f.RawIntegration(id), Provider: f.RawProvider(id), Type: f.RawType(id), Variables: vars})
	}
	if o.JSON {
		return cmdutil.WriteJSON(o.IO.Out, entries)
	}
	tw := tabwriter.NewWriter(o.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tINTEGRATION\tPROVIDER\tTYPE\tVARIABLES")
	for _, e := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Integration, e.Provider, e.Type, strings.Join(e.Variables, ","))
	}
	return tw.Flush()
}

func showRun(o *Options) error {
	f, err := o.load()
	if err != nil {
		return err
	}
	c, err := f.Get(o.ID)
	if err != nil {
		return err
	}
	secrets := map[string]bool{}
	for _, s := range nangoapi.CredentialSecrets(c.Credentials) {
		secrets[s] = true
	}
	doc := map[string]any{
		"id": c.ID, "integration": c.Integration, "provider": c.Provider,
		"credentials": mask(c.Credentials, secrets), "connection_config": c.ConnectionConfig, "metadata": c.Metadata,
	}
	if c.BaseURL != "" {
		doc["base_url"] = c.BaseURL
	}
	if c.ClientID != "" || c.ClientSecret != "" {
		doc["integration_client"] = map[string]any{"client_id": c.ClientID, "client_secret": maskString(c.ClientSecret)}
	}
	if o.JSON {
		return cmdutil.WriteJSON(o.IO.Out, doc)
	}
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := doc[k]
		if s, ok := v.(string); ok {
			fmt.Fprintf(o.IO.Out, "%s: %s\n", k, s)
			continue
		}
		b, _ := json.Marshal(v)
		fmt.Fprintf(o.IO.Out, "%s: %s\n", k, b)
	}
	return nil
}

// mask replaces the secret strings of v (and below it).
func mask(v any, secrets map[string]bool) any {
	switch x := v.(type) {
	case string:
		if secrets[x] {
			return Masked
		}
		return x
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = mask(e, secrets)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = mask(e, secrets)
		}
		return out
	}
	return v
}

func maskString(s string) string {
	if s == "" {
		return ""
	}
	return Masked
}
