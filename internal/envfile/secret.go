package envfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/nango-go/nango/internal/exitcode"
	"github.com/nango-go/nango/internal/iostreams"
)

// ReadPassword reads one line from a terminal without echo. It is a variable so tests can
// stand in for a terminal.
var ReadPassword = func(in io.Reader) (string, error) {
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		line, err := bufio.NewReader(in).ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	b, err := term.ReadPassword(int(f.Fd()))
	return string(b), err
}

// ResolveSecretKey returns the secret key of environment. When no variable holds one, it asks
// for it on a terminal without echoing it; in CI or without a terminal it fails with
// ExitAuth and names the variable to set (the reference prompts with echo, and with an empty
// answer sends `Bearer undefined`).
func ResolveSecretKey(e *Env, environment string, io *iostreams.IOStreams) (string, error) {
	key, varName := e.SecretKey(environment)
	if key != "" {
		return key, nil
	}
	missing := exitcode.WithHint(
		exitcode.Errorf(exitcode.Auth, "no secret key for environment %q: %s is not set", environment, varName),
		fmt.Sprintf("set %s (or %s) in the environment or in .env; the key is in the Nango dashboard under Environment Settings", varName, VarSecretKey))
	if io == nil || !io.CanPrompt() {
		return "", missing
	}
	fmt.Fprintf(io.ErrOut, "%s is not set.\nSecret key (input hidden): ", varName)
	answer, err := ReadPassword(io.In)
	fmt.Fprintln(io.ErrOut)
	if err != nil {
		return "", exitcode.Errorf(exitcode.Cancel, "reading the secret key: %v", err)
	}
	answer = strings.TrimSpace(answer)
	if answer == "" {
		return "", missing
	}
	return answer, nil
}
