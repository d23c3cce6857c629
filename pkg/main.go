// Command gpx_security_lake is the backend of the Amazon Security Lake
// datasource. Grafana starts it and talks to it over the plugin protocol.
package main

import (
	"os"
	// Named zones in "timestamp with time zone" values must parse on hosts
	// without a zone database (minimal Grafana images).
	_ "time/tzdata"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/seclake/securitylake-datasource/pkg/memtarget"
	"github.com/seclake/securitylake-datasource/pkg/plugin"
)

func main() {
	// Keep the heap near what is live: a large answer is copied several times
	// on its way to Grafana, and the default pacing lets the garbage of those
	// copies double the process's memory (docs/performance.md). GOMEMLIMIT in
	// the environment, if set, wins.
	memtarget.Start(memtarget.DefaultFloor, memtarget.DefaultHeadroom)
	if err := plugin.AdoptCABundle(); err != nil {
		// Without the bundle TLS to AWS may fail; say why, but keep serving
		// so "Save & test" can show the error.
		log.DefaultLogger.Error("could not load the CA bundle", "error", err.Error())
	}
	if err := datasource.Manage(plugin.ID, plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error("plugin exited", "error", err.Error())
		os.Exit(1)
	}
}
