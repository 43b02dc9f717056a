// Package root assembles the `nango` command tree. It only wires subcommands together:
// behaviour lives in each command's package.
package root

import (
	"strings"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmd/compile"
	"github.com/nango-go/nango/internal/cmd/connections"
	"github.com/nango-go/nango/internal/cmd/create"
	"github.com/nango-go/nango/internal/cmd/deploy"
	"github.com/nango-go/nango/internal/cmd/deps"
	"github.com/nango-go/nango/internal/cmd/dev"
	"github.com/nango-go/nango/internal/cmd/dryrun"
	"github.com/nango-go/nango/internal/cmd/generate"
	"github.com/nango-go/nango/internal/cmd/generatetests"
	"github.com/nango-go/nango/internal/cmd/initcmd"
	"github.com/nango-go/nango/internal/cmd/migrate"
	"github.com/nango-go/nango/internal/cmd/providers"
	"github.com/nango-go/nango/internal/cmd/shared"
	"github.com/nango-go/nango/internal/cmd/testcmd"
	"github.com/nango-go/nango/internal/cmd/validate"
	"github.com/nango-go/nango/internal/cmd/version"
	"github.com/nango-go/nango/internal/cmdutil"
)

// NewCmdRoot returns the root command with every subcommand attached.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	var showVersion, versionJSON bool
	cmd := &cobra.Command{
		Use:   "nango <command> [flags]",
		Short: "Build, test and deploy Nango integrations",
		Long: heredoc.Doc(`
			nango builds, runs, tests and deploys the TypeScript syncs and actions declared in a
			nango.yaml project, with no Node.js needed.

			Environment variables:
			  NANGO_SECRET_KEY_<ENV>          secret key of environment <ENV> (e.g. NANGO_SECRET_KEY_DEV)
			  NANGO_SECRET_KEY                secret key used when no per-environment key is set
			  NANGO_HOSTPORT                  Nango server URL (default https://api.nango.dev)
			  NANGO_DEPLOY_AUTO_CONFIRM       true: deploy without asking for non-destructive changes
			  NANGO_DEPLOY_SOURCE             standalone: the source a zero-yaml deploy reports (default repo)
			  NANGO_MOCKS_RESPONSE_DIRECTORY  prefix of the recordings folder (dryrun --save-responses/--replay, test)
			  NANGO_PROVIDERS_FILE            provider catalog (providers.yaml) to use, like --providers
			  NANGO_MAX_MEMORY                memory limit of scripts in dryrun and test, like --max-memory (default 4GiB)
			  CI                              true or 1: never prompt
			  NO_COLOR                        any value: no colours
			  CLICOLOR_FORCE, FORCE_COLOR     true or 1: colours even when stderr is not a terminal
			  TERM                            dumb: no colours
			  TZ                              time zone of Date in nango test's test files (default UTC)
			  npm_config_registry             npm registry for providers update and deps install
			  npm_config_userconfig           npm config file to read instead of ~/.npmrc
			  XDG_CACHE_HOME, HOME            user cache ($XDG_CACHE_HOME/nango, else ~/.cache/nango) and ~/.npmrc
			  USERPROFILE                     Windows: HOME when HOME is not set
			  PATH                            where compile and dev look for tsgo/tsc
			A .env file in the project folder is read too; the environment wins over it.
		`),
		Example: heredoc.Doc(`
			$ nango init my-integrations
			$ cd my-integrations && nango generate
			$ nango compile
			$ nango dryrun github-issue-example my-connection -e dev
		`),
		SilenceErrors: true,
		SilenceUsage:  true,
		// -v/--version is handled here rather than by cobra's Version field so that it prints
		// exactly what `nango version` prints, --json included.
		RunE: func(cmd *cobra.Command, args []string) error {
			if showVersion {
				return shared.PrintVersion(f.IOStreams, f.AppVersion, versionJSON)
			}
			if versionJSON {
				return cmdutil.FlagErrorf("--json on its own needs -v (nango -v --json), or a command: nango <command> --json")
			}
			return cmd.Help()
		},
	}
	cmd.Flags().BoolVarP(&showVersion, "version", "v", false, "Print the version")
	cmd.Flags().BoolVar(&versionJSON, "json", false, "With -v: print the versions as JSON")

	cmd.AddCommand(version.NewCmdVersion(f, nil))
	cmd.AddCommand(initcmd.NewCmdInit(f, nil))
	cmd.AddCommand(create.NewCmdCreate(f, nil))
	cmd.AddCommand(generate.NewCmdGenerate(f, nil))
	cmd.AddCommand(generatetests.NewCmdGenerateTests(f, nil))
	cmd.AddCommand(compile.NewCmdCompile(f, nil))
	cmd.AddCommand(dev.NewCmdDev(f, nil))
	cmd.AddCommand(validate.NewCmdValidate(f, nil))
	cmd.AddCommand(deploy.NewCmdDeploy(f, nil))
	cmd.AddCommand(dryrun.NewCmdDryrun(f, nil))
	cmd.AddCommand(testcmd.NewCmdTest(f, nil))
	cmd.AddCommand(providers.NewCmdProviders(f, nil))
	cmd.AddCommand(connections.NewCmdConnections(f, nil))
	cmd.AddCommand(deps.NewCmdDeps(f, nil))
	cmd.AddCommand(migrate.NewCmdMigrate(f, nil))
	rejectUnknownShell(cmd)
	acceptReferenceCommonFlags(cmd)
	return cmd
}

// acceptReferenceCommonFlags gives every subcommand the two flags the reference CLI adds to all
// of its subcommands (--auto-confirm, --debug), hidden and without effect where the command
// defines no meaning for them, so that existing scripts and CI jobs keep working unchanged.
func acceptReferenceCommonFlags(parent *cobra.Command) {
	for _, c := range parent.Commands() {
		for _, name := range []string{"auto-confirm", "debug"} {
			if c.Flags().Lookup(name) == nil {
				c.Flags().Bool(name, false, "Accepted for compatibility with the reference CLI; no effect here")
				_ = c.Flags().MarkHidden(name)
			}
		}
		acceptReferenceCommonFlags(c)
	}
}

// rejectUnknownShell makes `nango completion <shell>` with a shell cobra does not know a usage
// error (exit 2): cobra's completion command is not runnable, so it printed its help and
// exited 0, and a setup script wrote the help text into a completion file. Once it is
// runnable, cobra itself reports the unknown "command" (the shell) as a usage error.
func rejectUnknownShell(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		shells := []string{}
		for _, s := range c.Commands() {
			shells = append(shells, s.Name())
		}
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return cmdutil.FlagErrorf("unknown shell %q: use one of %s, e.g. nango completion bash", args[0], strings.Join(shells, ", "))
		}
	}
}
