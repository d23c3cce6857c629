package athenaemu_test

import (
	"context"
	"fmt"

	"github.com/seclake/securitylake-datasource/internal/athenaemu"
	"github.com/seclake/securitylake-datasource/pkg/athena"
)

// Example shows the pattern other packages' tests follow: register a canned
// result, point the real SDK client at the server, run, then assert on the
// call log.
func Example() {
	srv := athenaemu.NewServer()
	defer srv.Close()
	srv.Handle(athenaemu.Contains("FROM amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"), athenaemu.Result{
		Columns: []athenaemu.Column{{Name: "api_operation", Type: "varchar"}, {Name: "n", Type: "bigint"}},
		Rows:    [][]*string{athenaemu.Row("ConsoleLogin", 42), athenaemu.Row(nil, 7)},
		Steps:   athenaemu.Steps("QUEUED", "RUNNING"),
		Stats:   athenaemu.Stats{DataScannedBytes: 5 << 20},
	})

	client := athena.NewClient(srv.AWSConfig(), srv.URL())
	ex := athena.New(client, athena.Options{Database: "amazon_security_lake_glue_db_us_east_1", RowLimit: 1000})
	res, err := ex.Run(context.Background(),
		`SELECT api.operation AS api_operation, count(*) AS n FROM amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0 GROUP BY 1`)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, row := range res.Rows {
		op := "NULL"
		if row[0] != nil {
			op = *row[0]
		}
		fmt.Println(op, *row[1])
	}
	fmt.Println("scanned:", res.DataScannedBytes, "polls:", srv.Count("GetQueryExecution"), "stopped:", srv.StopCalled(res.QueryID))
	// Output:
	// ConsoleLogin 42
	// NULL 7
	// scanned: 5242880 polls: 3 stopped: false
}
