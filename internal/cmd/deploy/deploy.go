// Package deploy implements `nango deploy <environment>`.
package deploy

import (
	"fmt"
	"time"

	"github.com/MakeNowJust/heredoc"
	"github.com/spf13/cobra"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/deploy"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/project"
)

// Options are the inputs of `nango deploy`.
type Options struct {
	IO         *iostreams.IOStreams
	Factory    *cmdutil.Factory
	AppVersion string

	Environment      string
	Version          string
	Sync             string
	Action           string
	Integration      string
	AllowDestructive bool
	AutoConfirm      bool
	Debug            bool
	DryRun           bool
	JSON             bool
	Timeout          time.Duration
	// SourceMap is --sourcemap: "inline" (default) or "false" (zero-yaml projects).
	SourceMap string
}

// NewCmdDeploy builds `nango deploy`. runF replaces the run function in tests.
func NewCmdDeploy(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Factory: f, AppVersion: f.AppVersion}
	cmd := &cobra.Command{
		Use:   "deploy <environment>",
		Short: "Deploy syncs, actions and on-event scripts to a Nango environment",
		Long: heredoc.Doc(`
			Deploy the project's syncs, actions and on-event scripts to a Nango server.

			<environment> chooses the secret key: NANGO_SECRET_KEY_<ENVIRONMENT> (upper-cased),
			else NANGO_SECRET_KEY, from the environment or the project's .env. The key decides
			which environment the server deploys to. NANGO_HOSTPORT selects the server
			(default https://api.nango.dev).

			deploy first asks the server what would change and prints that plan: new, updated
			and deleted syncs and actions per integration, with their connection counts. A
			change that deletes data (a removed sync that has connections, a removed model) is
			marked [destructive] and needs --allow-destructive, or a "y" on a terminal. Other
			changes need a "y" too, unless --auto-confirm or NANGO_DEPLOY_AUTO_CONFIRM=true. In CI
			(CI=true) or without a terminal deploy never waits for an answer: it stops with exit
			code 10 when a confirmation is missing.

			-s, -a or -i deploy part of the project; the server then removes nothing else.

			A zero-yaml project (index.ts, no nango.yaml) is compiled as nango compile does
			(build/ and .nango/nango.json) and sent in the reference 0.71's form (deployMode,
			per-function JSON schema); --sourcemap false sends its bundles without source map.
		`),
		Example: heredoc.Doc(`
			$ nango deploy dev
			$ nango deploy prod --dry-run
			$ nango deploy prod --auto-confirm
			$ nango deploy prod --auto-confirm --allow-destructive
			$ nango deploy dev -a create-contact
			$ nango deploy dev -i github --version 1.4.0
			$ nango deploy prod --auto-confirm --json
		`),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Environment = args[0]
			if err := cmdutil.CheckEnvironment(opts.Environment); err != nil {
				return err
			}
			if opts.SourceMap != "inline" && opts.SourceMap != "false" {
				return exitcode.WithHint(exitcode.Errorf(exitcode.Usage, "--sourcemap %q: expected inline or false", opts.SourceMap),
					"pass --sourcemap false to deploy bundles without their inline source map")
			}
			if err := cmdutil.CheckTimeout(opts.Timeout, "5m"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return deployRun(cmd, opts)
		},
	}
	fl := cmd.Flags()
	// -v is the version of the deploy here, not the CLI's (the reference swallows it).
	fl.StringVarP(&opts.Version, "version", "v", "", "Deploy with this version on every script (rollbacks)")
	fl.StringVarP(&opts.Sync, "sync", "s", "", "Deploy only this sync")
	fl.StringVarP(&opts.Action, "action", "a", "", "Deploy only this action")
	fl.StringVarP(&opts.Integration, "integration", "i", "", "Deploy only the scripts of this integration")
	fl.BoolVar(&opts.AllowDestructive, "allow-destructive", false, "Accept changes that delete data without asking")
	fl.BoolVar(&opts.AutoConfirm, "auto-confirm", false, "Deploy non-destructive changes without asking")
	fl.BoolVar(&opts.Debug, "debug", false, "Print what is sent (never the secret key)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "Print the plan and stop")
	fl.BoolVar(&opts.JSON, "json", false, "Print the plan and the result as JSON")
	fl.StringVar(&opts.SourceMap, "sourcemap", "inline", "Zero-yaml projects: \"false\" deploys the bundles without their inline source map")
	fl.DurationVar(&opts.Timeout, "timeout", deploy.DefaultTimeout, "Give up on a server request after this long")
	// Accepted and ignored, as by the reference's deploy, so existing CI scripts keep working.
	fl.Bool("no-compile-interfaces", false, "Ignored (kept for compatibility)")
	_ = fl.MarkHidden("no-compile-interfaces")
	return cmd
}

// deployRun resolves the key and host, then deploys.
func deployRun(cmd *cobra.Command, opts *Options) error {
	f := opts.Factory
	dir, err := f.WorkDir()
	if err != nil {
		return err
	}
	// Fail on a missing project before asking for a secret key.
	if !project.Exists(dir) && !project.IsZero(dir) {
		_, err := loadProject(dir, opts.IO)
		return err
	}
	env, err := f.DotEnv()
	if err != nil {
		return err
	}
	if opts.Debug && env.Path != "" {
		cmd.PrintErrf("debug: read %s\n", env.Path)
	}
	for _, w := range env.Warnings() {
		fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", opts.IO.ColorScheme().WarningIcon(), w)
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = deploy.DefaultTimeout
	}
	client, err := f.NangoClient(opts.Environment, timeout)
	if err != nil {
		return err
	}
	proj, err := loadProject(dir, opts.IO)
	if err != nil {
		return err
	}
	return runDeployment(cmd.Context(), &deployment{
		IO:               opts.IO,
		Project:          proj,
		Environment:      opts.Environment,
		Client:           client.Client,
		Selection:        deploy.Selection{Sync: opts.Sync, Action: opts.Action, Integration: opts.Integration},
		Version:          opts.Version,
		Source:           env.DeploySource(),
		AllowDestructive: opts.AllowDestructive,
		AutoConfirm:      opts.AutoConfirm || env.DeployAutoConfirm(),
		Debug:            opts.Debug,
		DryRun:           opts.DryRun,
		JSON:             opts.JSON,
		Compile:          newCompiler(opts.IO, f.Getenv("PATH"), opts.JSON, opts.SourceMap == "false"),
	})
}
