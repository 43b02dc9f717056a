package deploy

import (
	"context"
	"fmt"
	"time"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/nangoapi"
	"github.com/nango-go/nango/internal/project"
)

// Compiler compiles the given scripts of a project into dist/ (internal/pipeline's Compile).
// It returns an error (already explained to the user) when any script fails.
type Compiler func(ctx context.Context, p *project.Project, scripts []*project.Script) error

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

// Package selects the scripts of p, compiles them when compile is not nil (nil means dist/
// must be up to date), and builds the deploy body.
func Package(ctx context.Context, p *project.Project, in Input, compile Compiler) (nangoapi.DeployBody, error) {
	scripts, err := Select(p, in.Selection)
	if err != nil {
		return nangoapi.DeployBody{}, err
	}
	if compile != nil {
		if err := compile(ctx, p, scripts); err != nil {
			return nangoapi.DeployBody{}, err
		}
	}
	in.Project, in.Scripts = p, scripts
	return BuildBody(in)
}

// OnEventsOnly reports whether body deploys on-event scripts and no sync or action: Nango
// servers then do not store the on-event scripts.
func OnEventsOnly(body nangoapi.DeployBody) bool {
	if len(body.FlowConfigs) > 0 {
		return false
	}
	for _, p := range body.OnEventScriptsByProvider {
		if len(p.Scripts) > 0 {
			return true
		}
	}
	return false
}

// Confirm asks the server what body would change (bounded by the client's Timeout).
func Confirm(ctx context.Context, client *nangoapi.Client, body nangoapi.DeployBody) (Plan, error) {
	diff, err := client.DeployConfirmation(ctx, body)
	if err != nil {
		return Plan{}, explainNothingDeployed(err)
	}
	return NewPlan(diff, body), nil
}

// Deploy sends body; its error says whether anything may have been applied.
func Deploy(ctx context.Context, client *nangoapi.Client, body nangoapi.DeployBody) ([]nangoapi.DeployResult, error) {
	results, err := client.Deploy(ctx, body)
	if err != nil {
		return nil, explainDeployFailure(err)
	}
	return results, nil
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
