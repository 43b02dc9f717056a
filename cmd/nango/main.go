// Command nango is a Nango-compatible CLI toolchain in one static binary.
package main

import (
	"os"

	"github.com/nango-go/nango/internal/cli"
)

func main() {
	os.Exit(cli.Main())
}
