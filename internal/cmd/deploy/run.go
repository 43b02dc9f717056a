package deploy

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/deploy"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
)

// deployment is one deploy, once the project is loaded and the client built.
type deployment struct {
	IO      *iostreams.IOStreams
	Project *project.Project
	// Environment is the <environment> argument: it only chose the secret key.
	Environment string
	Client      *nangoapi.Client
	deploy.Selection
	Version string
	// Source is a zero-yaml body's source (NANGO_DEPLOY_SOURCE).
	Source string
	// AllowDestructive accepts deleting syncs that have connections, and deleting models.
	AllowDestructive bool
	// AutoConfirm skips the question for non-destructive changes (--auto-confirm or
	// NANGO_DEPLOY_AUTO_CONFIRM=true).
	AutoConfirm bool
	Debug       bool
	// DryRun asks the server for the plan, prints it and stops.
	DryRun bool
	JSON   bool
	// Compile builds the bundles before packaging; nil means dist/ must be up to date.
	Compile deploy.Compiler
}

// runDeployment packages the deploy, prints the server's plan, gets a confirmation (or
// refuses in CI), then deploys and prints the outcome.
func runDeployment(ctx context.Context, d *deployment) error {
	io := d.IO
	cs := io.ColorScheme()
	body, err := deploy.Package(ctx, d.Project, deploy.Input{Selection: d.Selection, Version: d.Version, Debug: d.Debug, Source: d.Source}, d.Compile)
	if err != nil {
		return err
	}
	if d.Debug {
		fmt.Fprintf(io.ErrOut, "debug: packaged %d syncs/actions for %s (single=%v, sdkVersion=%s)\n",
			len(body.FlowConfigs), d.Client.Host(), body.Single(), body.SDKVersion)
	}
	onEventsOnly := deploy.OnEventsOnly(body)
	if onEventsOnly {
		fmt.Fprintf(io.ErrOut, "%s no sync or action is deployed: Nango servers then do not store the on-event scripts of the deploy (and remove every sync and action unless -i is used); deploy them with at least one sync or action\n", cs.WarningIcon())
	}
	plan, err := deploy.Confirm(ctx, d.Client, body)
	if err != nil {
		return err
	}
	result := deploy.Result{Environment: d.Environment, Host: d.Client.Host(), DryRun: d.DryRun, Plan: plan, Deployed: []nangoapi.DeployResult{}}
	if !d.JSON {
		renderPlan(io.Out, cs, plan, d.Environment, d.Client.Host())
	}
	if d.DryRun {
		if d.JSON {
			return cmdutil.WriteJSON(io.Out, result)
		}
		msg := "dry run: nothing was deployed"
		if plan.Destructive && !d.AllowDestructive {
			msg += "; deploying this plan needs --allow-destructive"
		}
		fmt.Fprintln(io.ErrOut, msg)
		return nil
	}
	if err := confirm(d, plan); err != nil {
		return err
	}
	if result.Deployed, err = deploy.Deploy(ctx, d.Client, body); err != nil {
		return err
	}
	if d.JSON {
		return cmdutil.WriteJSON(io.Out, result)
	}
	printDeployed(d, result.Deployed, body.Single(), onEventsOnly)
	return nil
}

func printDeployed(d *deployment, results []nangoapi.DeployResult, single, onEventsOnly bool) {
	io, cs := d.IO, d.IO.ColorScheme()
	if len(results) == 0 {
		if single {
			fmt.Fprintf(io.Out, "%s nothing was deployed\n", cs.SuccessIcon())
		} else {
			fmt.Fprintf(io.Out, "%s removed the syncs and actions: none is deployed on %q any more\n", cs.SuccessIcon(), d.Environment)
		}
		if onEventsOnly {
			fmt.Fprintf(io.ErrOut, "%s the on-event scripts were not stored by the server\n", cs.WarningIcon())
		}
		return
	}
	names := make([]string, len(results))
	for i, r := range results {
		names[i] = r.DisplayName() + "@v" + r.Version
	}
	fmt.Fprintf(io.Out, "%s deployed %s\n", cs.SuccessIcon(), strings.Join(names, ", "))
}

// confirm decides whether the deploy may go on: it asks on a terminal, and refuses (never
// waits for an answer) in CI or without one.
func confirm(opts *deployment, plan deploy.Plan) error {
	needDestructive := plan.Destructive && !opts.AllowDestructive
	needConfirm := !opts.AutoConfirm
	if !needDestructive && !needConfirm {
		return nil
	}
	io := opts.IO
	if !io.CanPrompt() {
		where := "no terminal to ask on"
		if io.IsCI() {
			where = "CI"
		}
		if needDestructive {
			hint := "review the plan, then pass --allow-destructive"
			if needConfirm {
				hint += " and --auto-confirm"
			}
			return exitcode.WithHint(
				exitcode.Errorf(exitcode.Cancel, "not deployed: the plan deletes data (marked [destructive]) and cannot be confirmed (%s)", where), hint)
		}
		return exitcode.WithHint(
			exitcode.Errorf(exitcode.Cancel, "not deployed: the deploy needs a confirmation and cannot ask (%s)", where),
			"pass --auto-confirm or set NANGO_DEPLOY_AUTO_CONFIRM=true")
	}
	cs := io.ColorScheme()
	question := fmt.Sprintf("Deploy to %q? [y/N] ", opts.Environment)
	if needDestructive {
		question = fmt.Sprintf("%s Deploy to %q anyway? [y/N] ", cs.Red("This deletes data (see [destructive] above)."), opts.Environment)
	}
	fmt.Fprint(io.ErrOut, question)
	line, _ := bufio.NewReader(io.In).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return exitcode.Errorf(exitcode.Cancel, "not deployed: cancelled")
}
