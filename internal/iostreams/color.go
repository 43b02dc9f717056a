package iostreams

import "strings"

// ColorScheme wraps text in ANSI colours when enabled; NO_COLOR, a non-terminal stderr or
// TERM=dumb disable it.
type ColorScheme struct{ enabled bool }

func (c *ColorScheme) wrap(code, s string) string {
	if !c.enabled {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (c *ColorScheme) Red(s string) string    { return c.wrap("31", s) }
func (c *ColorScheme) Green(s string) string  { return c.wrap("32", s) }
func (c *ColorScheme) Yellow(s string) string { return c.wrap("33", s) }
func (c *ColorScheme) Cyan(s string) string   { return c.wrap("36", s) }
func (c *ColorScheme) Gray(s string) string   { return c.wrap("90", s) }
func (c *ColorScheme) Bold(s string) string   { return c.wrap("1", s) }

// SuccessIcon, WarningIcon and FailureIcon prefix status lines on stderr.
func (c *ColorScheme) SuccessIcon() string { return c.Green("✓") }
func (c *ColorScheme) WarningIcon() string { return c.Yellow("!") }
func (c *ColorScheme) FailureIcon() string { return c.Red("✗") }

// Diagnostic colours the text of a diagnostic for stderr: its first line (the place and the
// message) red for an error or yellow for a warning, the lines after it (source excerpt,
// hint) gray. Without colour it is text unchanged.
func (c *ColorScheme) Diagnostic(text string, isError bool) string {
	first, rest, _ := strings.Cut(text, "\n")
	if isError {
		first = c.Red(first)
	} else {
		first = c.Yellow(first)
	}
	if rest == "" {
		return first
	}
	return first + "\n" + c.Gray(rest)
}
