package nangoyaml

// CheckRuns validates a sync frequency the way the reference's getInterval does (the fixed
// phrases, else `ms` after removing the first "every ", at least 30 s). It is shared by the
// nango.yaml `runs` key and the zero-yaml `frequency` property (internal/project/zero*.go),
// which the reference checks with the same function. It returns a code and message, or empty
// strings when the value is accepted; code CodeRunsMissingInterval marks an empty interval,
// which makes the reference crash instead of reporting.
func CheckRuns(runs string) (code, msg string) { return checkRuns(runs) }
