package deploy

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nango-go/nango/internal/cmdutil"
	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
)

// Compiler compiles the given scripts of a project into dist/ (internal/pipeline's Compile).
// It returns an error (already explained to the user) when any script fails.
type Compiler func(ctx context.Context, p *project.Project, scripts []*project.Script) error

// Options are the inputs of a deploy.
type Options struct {
	IO *iostreams.IOStreams
	// Project is the loaded project (internal/project), valid.
	Project *project.Project
	// Environment is the <environment> argument: it only chose the secret key.
	Environment string
	Client      *nangoapi.Client
	Selection
	Version string
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
	Compile Compiler
}

// DefaultTimeout bounds each deploy request: the server holds a deploy lock for at most 60s,
// so an answer that takes longer than this is not coming.
const DefaultTimeout = 5 * time.Minute

// Result is what --json prints.
type Result struct {
	Environment string                  `json:"environment"`
	Host        string                  `json:"host"`
	DryRun      bool                    `json:"dryRun"`
	Plan        Plan                    `json:"plan"`
	Deployed    []nangoapi.DeployResult `json:"deployed"`
}

// Run performs the deploy.
func Run(ctx context.Context, opts *Options) error {
	io := opts.IO
	cs := io.ColorScheme()
	scripts, err := Select(opts.Project, opts.Selection)
	if err != nil {
		return err
	}
	if opts.Compile != nil {
		if err := opts.Compile(ctx, opts.Project, scripts); err != nil {
			return err
		}
	}
	body, err := BuildBody(Input{Project: opts.Project, Scripts: scripts, Selection: opts.Selection, Version: opts.Version, Debug: opts.Debug})
	if err != nil {
		return err
	}
	if opts.Debug {
		fmt.Fprintf(io.ErrOut, "debug: packaged %d syncs/actions for %s (singleDeployMode=%v, sdkVersion=%s)\n",
			len(body.FlowConfigs), opts.Client.Host(), body.SingleDeployMode, body.SDKVersion)
	}

	onEventsOnly := len(body.FlowConfigs) == 0 && hasOnEventScripts(body)
	if onEventsOnly {
		fmt.Fprintf(io.ErrOut, "%s no sync or action is deployed: Nango servers then do not store the on-event scripts of the deploy (and remove every sync and action unless -i is used); deploy them with at least one sync or action\n", cs.WarningIcon())
	}
	// Each request is bounded by the client's Timeout (--timeout, nangoapi.Options).
	diff, err := opts.Client.DeployConfirmation(ctx, body)
	if err != nil {
		return explainNothingDeployed(err)
	}
	plan := NewPlan(diff, body)
	result := Result{Environment: opts.Environment, Host: opts.Client.Host(), DryRun: opts.DryRun, Plan: plan, Deployed: []nangoapi.DeployResult{}}
	if !opts.JSON {
		plan.Render(io.Out, cs, opts.Environment, opts.Client.Host())
	}
	if opts.DryRun {
		if opts.JSON {
			return cmdutil.WriteJSON(io.Out, result)
		}
		msg := "dry run: nothing was deployed"
		if plan.Destructive && !opts.AllowDestructive {
			msg += "; deploying this plan needs --allow-destructive"
		}
		fmt.Fprintln(io.ErrOut, msg)
		return nil
	}

	if err := confirm(opts, plan); err != nil {
		return err
	}

	results, err := opts.Client.Deploy(ctx, body)
	if err != nil {
		return explainDeployFailure(err)
	}
	result.Deployed = results
	if opts.JSON {
		return cmdutil.WriteJSON(io.Out, result)
	}
	if len(results) == 0 {
		if body.SingleDeployMode {
			fmt.Fprintf(io.Out, "%s nothing was deployed\n", cs.SuccessIcon())
		} else {
			fmt.Fprintf(io.Out, "%s removed the syncs and actions: none is deployed on %q any more\n", cs.SuccessIcon(), opts.Environment)
		}
		if onEventsOnly {
			fmt.Fprintf(io.ErrOut, "%s the on-event scripts were not stored by the server\n", cs.WarningIcon())
		}
		return nil
	}
	names := make([]string, len(results))
	for i, r := range results {
		names[i] = r.DisplayName() + "@v" + r.Version
	}
	fmt.Fprintf(io.Out, "%s deployed %s\n", cs.SuccessIcon(), strings.Join(names, ", "))
	return nil
}

// confirm decides whether the deploy may go on: it asks on a terminal, and refuses (never
// waits for an answer) in CI or without one.
func confirm(opts *Options, plan Plan) error {
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

func hasOnEventScripts(body nangoapi.DeployBody) bool {
	for _, p := range body.OnEventScriptsByProvider {
		if len(p.Scripts) > 0 {
			return true
		}
	}
	return false
}

// explainNothingDeployed says that a failed confirmation changed nothing.
func explainNothingDeployed(err error) error {
	return &exitcode.Error{Code: exitcode.Of(err), Err: fmt.Errorf("%w\nnothing was deployed", err), Hint: exitcode.HintOf(err)}
}

// explainDeployFailure says what a failed deploy means: a refusal changed nothing; a lost
// answer leaves the outcome unknown, which must not pass for success.
func explainDeployFailure(err error) error {
	e, ok := nangoapi.IsAPIError(err)
	if ok && (e.Kind == nangoapi.KindUnavailable || e.Kind == nangoapi.KindCancelled) && e.Status == 0 {
		return &exitcode.Error{Code: exitcode.Of(err),
			Err:  fmt.Errorf("%w\nthe deploy may or may not have been applied", err),
			Hint: "check the deployed scripts in the Nango dashboard, then run the deploy again"}
	}
	if ok && e.Status >= 500 {
		return &exitcode.Error{Code: exitcode.Of(err),
			Err:  fmt.Errorf("%w\nthe deploy failed on the server; it may be partly applied", err),
			Hint: "check the activity tab of the Nango dashboard, then run the deploy again"}
	}
	return explainNothingDeployed(err)
}
