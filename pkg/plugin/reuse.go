package plugin

import (
	"context"
	"time"

	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// reuseCheckTimeout bounds the one GetWorkGroup call of checkResultReuse.
const reuseCheckTimeout = 30 * time.Second

// checkResultReuse turns Athena result reuse on for an instance whose
// settings leave it at its default (resultReuseEnabled absent), once
// GetWorkGroup shows that the workgroup's engine supports it (version 3;
// earlier engines reject a query that asks for it). It runs once per
// instance, in the background after the first request's answers, as the
// lake discovery does, so it never delays a query; queries started before
// it ends run without reuse, and a failed check leaves reuse off.
func (d *Datasource) checkResultReuse() {
	if on, explicit := d.settings.ResultReuse(); !on || explicit {
		return
	}
	d.mu.Lock()
	exec, lc := d.exec, d.lake
	d.mu.Unlock()
	if exec == nil || lc == nil || lc.base.Err() != nil {
		return
	}
	lc.reuseCheck.Do(func() {
		lc.jobs.Add(1)
		go func() {
			defer lc.jobs.Done()
			ctx, cancel := context.WithTimeout(lc.base, reuseCheckTimeout)
			defer cancel()
			wg, err := exec.GetWorkGroup(ctx, d.settings.Workgroup)
			if err != nil {
				d.tel.logger.Debug("Result reuse stays off: the workgroup could not be read", "workgroup", d.settings.Workgroup, "error", err.Error())
				return
			}
			if athena.SupportsResultReuse(wg.EngineVersion) {
				exec.SetResultReuse(true)
				return
			}
			d.tel.logger.Debug("Result reuse stays off: the workgroup's engine does not support it", "workgroup", d.settings.Workgroup, "engineVersion", wg.EngineVersion)
		}()
	})
}
