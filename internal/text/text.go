// Package text holds small helpers for the wording of messages.
package text

import "strconv"

// Pluralize returns "1 <word>" or "<n> <word>s", the count in a status line ("3 scripts",
// "1 warning"). Only regular English plurals are meant.
func Pluralize(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
