//go:build linux

package grafanahost

import (
	"os/exec"
	"syscall"
)

// setProcAttrs asks the kernel to kill the plugin if the test process dies
// without calling Stop (a panic, or go test's -timeout), so that no orphaned
// plugin outlives the run. Grafana does not do this; it only affects cleanup.
func setProcAttrs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
