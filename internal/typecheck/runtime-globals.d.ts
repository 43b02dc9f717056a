// Node's Buffer, which the runner gives every script as a global (box's fetch-file decodes
// base64 with it). typecheck.go adds this file only when no @types/node is installed for the
// project: the reference's projects always have it (its `nango` package depends on it through
// @types/unzipper), so there Buffer is Node's type; here it is loose.
declare type Buffer = any;
declare var Buffer: any;
