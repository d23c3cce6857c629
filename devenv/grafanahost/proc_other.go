//go:build !linux

package grafanahost

import "os/exec"

// setProcAttrs is a no-op where there is no parent-death signal; Stop (or the
// test's Cleanup) is then the only way the plugin ends.
func setProcAttrs(*exec.Cmd) {}
