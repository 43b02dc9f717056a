package cli

import "flag"

var updateScripts = flag.Bool("update", false, "rewrite golden files and testscript cmp sections")
