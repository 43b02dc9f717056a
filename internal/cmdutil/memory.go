package cmdutil

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// MaxMemoryEnv sets the memory limit of scripts when --max-memory is not given.
const MaxMemoryEnv = "NANGO_MAX_MEMORY"

// ScriptMemoryHint ends the message of a script stopped at its memory limit (dryrun and
// test pass it to internal/runner, which knows no flag names).
const ScriptMemoryHint = "raise the limit with --max-memory or " + MaxMemoryEnv + " (e.g. --max-memory 8GiB), or make the script hold less at once (save records in batches)"

// ScriptTimeoutHint ends the message of a script stopped at --timeout (dryrun and test).
const ScriptTimeoutHint = "raise it with --timeout"

// MemoryFlag is --max-memory of the commands that run scripts (dryrun, test). Its zero value
// means "not given": Resolve then reads NANGO_MAX_MEMORY, else the runtime's default.
type MemoryFlag struct{ text string }

// AddMemoryFlag adds --max-memory to fl.
func AddMemoryFlag(fl *pflag.FlagSet, m *MemoryFlag, defaultText string) {
	fl.Var(m, "max-memory", fmt.Sprintf("Stop a script whose memory passes this size, e.g. 512MiB, 8GiB (default %s, or %s)", defaultText, MaxMemoryEnv))
}

func (m *MemoryFlag) String() string { return m.text }
func (m *MemoryFlag) Type() string   { return "size" }

// Set checks the value at parse time, so a bad one is a usage error naming the flag.
func (m *MemoryFlag) Set(s string) error {
	if _, err := ParseByteSize(s); err != nil {
		return err
	}
	m.text = s
	return nil
}

// Resolve returns the limit in bytes: the flag, else NANGO_MAX_MEMORY, else 0 (the
// runtime's default). A bad NANGO_MAX_MEMORY is a usage error.
func (m *MemoryFlag) Resolve(getenv func(string) string) (int64, error) {
	if m.text != "" {
		return ParseByteSize(m.text)
	}
	if getenv == nil {
		return 0, nil
	}
	v := strings.TrimSpace(getenv(MaxMemoryEnv))
	if v == "" {
		return 0, nil
	}
	n, err := ParseByteSize(v)
	if err != nil {
		return 0, FlagErrorf("%s: %v", MaxMemoryEnv, err)
	}
	return n, nil
}

// ParseByteSize reads a size: a number with a unit (B, KB/KiB, MB/MiB, GB/GiB, TB/TiB, or
// K/M/G/T; powers of 1024 all, as memory sizes usually are), or a bare number of MiB (Node's
// --max-old-space-size counts in MB). At least 16 MiB: below that no script starts.
func ParseByteSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') && t[i-1] != '.' {
		i--
	}
	num, unit := strings.TrimSpace(t[:i]), strings.ToUpper(strings.TrimSpace(t[i:]))
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) {
		return 0, fmt.Errorf("invalid size %q: use a number with a unit, e.g. 512MiB or 8GiB", s)
	}
	mult := map[string]float64{
		"": 1 << 20, "B": 1,
		"K": 1 << 10, "KB": 1 << 10, "KIB": 1 << 10,
		"M": 1 << 20, "MB": 1 << 20, "MIB": 1 << 20,
		"G": 1 << 30, "GB": 1 << 30, "GIB": 1 << 30,
		"T": 1 << 40, "TB": 1 << 40, "TIB": 1 << 40,
	}
	m, ok := mult[unit]
	if !ok {
		return 0, fmt.Errorf("invalid size %q: unknown unit %q (use B, KiB, MiB, GiB or TiB)", s, t[i:])
	}
	n := f * m
	if n < 16<<20 {
		return 0, fmt.Errorf("invalid size %q: the memory limit must be at least 16MiB", s)
	}
	if n > math.MaxInt64/2 {
		return 0, fmt.Errorf("invalid size %q: too large", s)
	}
	return int64(n), nil
}
