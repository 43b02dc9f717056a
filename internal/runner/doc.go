// Package runner is the only way to run a script: it loads bundles (Load for one script,
// bundled and written to dist/; LoadAll for many, bundled in one esbuild build and written
// nowhere) from the declarations of internal/project, and runs a loaded script once in its
// own embedded JavaScript runtime (internal/jsruntime) with the `nango` object of
// internal/sdk, every request going through an sdk.Transport: the Nango server (sdk.Live),
// the server with recording (sdk.Recording), or recorded responses (Replay, no network).
//
// One Options value carries everything a run takes (limits, clock, logger, callbacks); one
// Outcome is what it produced. A script's own failure (it threw, timed out, passed its memory
// limit, returned invalid output under Validation, made a request with no recording) is
// Outcome.Failure, never an error: errors are for runs that could not start.
//
// The commands build on it: internal/dryrun (connection, secret key, recording, redaction)
// and internal/testrun (discovery of recordings, scheduling, verdicts) are siblings that do
// not import each other. Neither knows flag names: limits' hints (Options.TimeoutHint,
// Options.MemoryHint) come from the command.
package runner
