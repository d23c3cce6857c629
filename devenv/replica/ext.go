package replica

import (
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/lake"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// CustomSourceName is the replica's custom (third-party) source: an EDR
// writing OCSF 1.1.0 Process Activity, as Tenzir-style writers create one
// custom source per class (docs/design/security-lake.md). Its table,
// amazon_security_lake_table_<region>_ext_edr_process, is Hive-partitioned by
// region, accountid and eventday like every custom source, so discovery of
// _ext_ tables and the Hive predicates can be tested.
const CustomSourceName = "edr_process"

// ProcessActivity is OCSF 1.1.0 Process Activity (events/system/process_activity.json).
var ProcessActivity = ocsf.Class{UID: 1007, Name: "Process Activity", CategoryUID: 1, CategoryName: "System Activity"}

// processActivities are the activity_id captions of class 1007.
var processActivities = map[int]string{1: "Launch", 2: "Terminate", 3: "Open", 4: "Inject", 5: "Set User ID"}

// customFields is the column inventory of the custom table, in table order:
// the OCSF base event plus the Process Activity objects an EDR fills.
var customFields = []ocsf.Field{
	{Path: "metadata.product.name", Type: "varchar"},
	{Path: "metadata.product.vendor_name", Type: "varchar"},
	{Path: "metadata.product.version", Type: "varchar"},
	{Path: "metadata.uid", Type: "varchar"},
	{Path: "metadata.version", Type: "varchar"},
	{Path: "time", Type: "bigint"},
	{Path: "class_uid", Type: "integer"},
	{Path: "class_name", Type: "varchar"},
	{Path: "category_uid", Type: "integer"},
	{Path: "category_name", Type: "varchar"},
	{Path: "activity_id", Type: "integer"},
	{Path: "activity_name", Type: "varchar"},
	{Path: "type_uid", Type: "bigint"},
	{Path: "type_name", Type: "varchar"},
	{Path: "severity_id", Type: "integer"},
	{Path: "severity", Type: "varchar"},
	{Path: "status_id", Type: "integer"},
	{Path: "status", Type: "varchar"},
	{Path: "message", Type: "varchar"},
	{Path: "device.hostname", Type: "varchar"},
	{Path: "device.ip", Type: "varchar"},
	{Path: "device.instance_uid", Type: "varchar"},
	{Path: "device.os.name", Type: "varchar"},
	{Path: "actor.user.name", Type: "varchar"},
	{Path: "actor.user.uid", Type: "varchar"},
	{Path: "actor.process.pid", Type: "integer"},
	{Path: "actor.process.name", Type: "varchar"},
	{Path: "process.pid", Type: "integer"},
	{Path: "process.name", Type: "varchar"},
	{Path: "process.cmd_line", Type: "varchar"},
	{Path: "process.file.path", Type: "varchar"},
	{Path: "process.file.name", Type: "varchar"},
	{Path: "process.file.hashes", Type: "array(row)"},
	{Path: "process.file.hashes[].algorithm_id", Type: "integer"},
	{Path: "process.file.hashes[].algorithm", Type: "varchar"},
	{Path: "process.file.hashes[].value", Type: "varchar"},
	{Path: "process.parent_process.pid", Type: "integer"},
	{Path: "process.parent_process.name", Type: "varchar"},
	{Path: "cloud.provider", Type: "varchar"},
	{Path: "cloud.region", Type: "varchar"},
	{Path: "cloud.account.uid", Type: "varchar"},
	{Path: "unmapped", Type: "map(varchar,varchar)"},
	{Path: "region", Type: "varchar"},
	{Path: "accountid", Type: "varchar"},
	{Path: "eventday", Type: "varchar"},
}

// CustomTableName is the Glue table of the replica's custom source in a
// region, e.g. amazon_security_lake_table_us_east_1_ext_edr_process.
func CustomTableName(region string) string {
	return "amazon_security_lake_table_" + strings.ReplaceAll(region, "-", "_") + "_ext_" + CustomSourceName
}

func customTable(region string) (Table, error) {
	order := make([]string, len(customFields))
	for i, f := range customFields {
		order[i] = f.Path
	}
	cols, err := columnsFromFields(customFields, order)
	if err != nil {
		return Table{}, err
	}
	return Table{
		Region: region, Database: lake.DatabaseName(region), Name: CustomTableName(region),
		Source: "ext_" + CustomSourceName, Version: lake.V2, Custom: true, OCSFVersion: "1.1.0",
		Classes: []ocsf.Class{ProcessActivity}, Columns: partitionsLast(cols),
	}, nil
}
