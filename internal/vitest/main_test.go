package vitest

import (
	"os"
	"testing"
)

// TestMain pins the time zone as `nango test` does (RunFiles leaves that to its caller).
func TestMain(m *testing.M) {
	PinUTC()
	os.Exit(m.Run())
}
