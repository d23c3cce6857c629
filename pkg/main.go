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

	"github.com/seclake/securitylake-datasource/pkg/plugin"
)

func main() {
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
