// Package root assembles the `nango` command tree. It only wires subcommands together:
// behaviour lives in each command's package.
package root

import (
	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmd/compile"
	"github.com/nango-go/nango/internal/cmd/deploy"
	"github.com/nango-go/nango/internal/cmd/deps"
	"github.com/nango-go/nango/internal/cmd/dev"
	"github.com/nango-go/nango/internal/cmd/dryrun"
	"github.com/nango-go/nango/internal/cmd/generate"
	"github.com/nango-go/nango/internal/cmd/initcmd"
	"github.com/nango-go/nango/internal/cmd/providers"
	"github.com/nango-go/nango/internal/cmd/testcmd"
	"github.com/nango-go/nango/internal/cmd/validate"
	"github.com/nango-go/nango/internal/cmd/version"
	"github.com/nango-go/nango/internal/cmdutil"
)

// NewCmdRoot returns the root command with every subcommand attached.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "nango <command> [flags]",
		Short: "Build, test and deploy Nango integrations",
		Long: heredoc.Doc(`
			nango builds, runs, tests and deploys the TypeScript syncs and actions declared in a
			nango.yaml project, with no Node.js needed.

			Environment variables:
			  NANGO_SECRET_KEY_<ENV>     secret key of environment <ENV> (e.g. NANGO_SECRET_KEY_DEV)
			  NANGO_SECRET_KEY           secret key used when no per-environment key is set
			  NANGO_HOSTPORT             Nango server URL (default https://api.nango.dev)
			  NANGO_DEPLOY_AUTO_CONFIRM  true: deploy without asking for non-destructive changes
			  NO_COLOR                   any value: no colours
			A .env file in the project folder is read too; the environment wins over it.
		`),
		Example: heredoc.Doc(`
			$ nango init my-integrations
			$ cd my-integrations && nango generate
			$ nango compile
			$ nango dryrun github-issue-example my-connection -e dev
		`),
		Version:       f.AppVersion,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	cmd.SetVersionTemplate("Nango CLI version: {{.Version}}\n")
	cmd.Flags().BoolP("version", "v", false, "Print the version")

	cmd.AddCommand(version.NewCmdVersion(f, nil))
	cmd.AddCommand(initcmd.NewCmdInit(f, nil))
	cmd.AddCommand(generate.NewCmdGenerate(f, nil))
	cmd.AddCommand(compile.NewCmdCompile(f, nil))
	cmd.AddCommand(dev.NewCmdDev(f, nil))
	cmd.AddCommand(validate.NewCmdValidate(f, nil))
	cmd.AddCommand(deploy.NewCmdDeploy(f, nil))
	cmd.AddCommand(dryrun.NewCmdDryrun(f, nil))
	cmd.AddCommand(testcmd.NewCmdTest(f, nil))
	cmd.AddCommand(providers.NewCmdProviders(f, nil))
	cmd.AddCommand(deps.NewCmdDeps(f, nil))
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
