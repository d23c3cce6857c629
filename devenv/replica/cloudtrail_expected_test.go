package replica

import "strings"

// cloudTrailV2Describe is DESCRIBE amazon_security_lake_table_<region>_cloud_trail_mgmt_2_0
// from a real Security Lake account (column, type; "varchar" written out where
// the capture abbreviated it). Athena prints time columns as "timestamp";
// the replica's Iceberg tables have timestamp(6), see normalizeType.
var cloudTrailV2Describe = [][2]string{
	{"metadata", "row(product row(version varchar, name varchar, vendor_name varchar, feature row(name varchar)), event_code varchar, uid varchar, profiles array(varchar), version varchar)"},
	{"time", "bigint"},
	{"time_dt", "timestamp"},
	{"cloud", "row(region varchar, provider varchar)"},
	{"api", "row(response row(error varchar, message varchar, data varchar), operation varchar, version varchar, service row(name varchar), request row(data varchar, uid varchar))"},
	{"dst_endpoint", "row(svc_name varchar)"},
	{"actor", "row(user row(type varchar, name varchar, uid_alt varchar, uid varchar, account row(uid varchar), credential_uid varchar), session row(created_time_dt timestamp, is_mfa boolean, issuer varchar), invoked_by varchar, idp row(name varchar))"},
	{"http_request", "row(user_agent varchar)"},
	{"src_endpoint", "row(uid varchar, ip varchar, domain varchar)"},
	{"session", "row(uid varchar, uid_alt varchar, credential_uid varchar, issuer varchar)"},
	{"policy", "row(uid varchar)"},
	{"resources", "array(row(uid varchar, owner row(account row(uid varchar)), type varchar))"},
	{"class_name", "varchar"},
	{"class_uid", "integer"},
	{"category_name", "varchar"},
	{"category_uid", "integer"},
	{"severity_id", "integer"},
	{"severity", "varchar"},
	{"user", "row(uid_alt varchar, uid varchar, name varchar)"},
	{"activity_name", "varchar"},
	{"activity_id", "integer"},
	{"type_uid", "bigint"},
	{"type_name", "varchar"},
	{"status", "varchar"},
	{"is_mfa", "boolean"},
	{"unmapped", "map(varchar, varchar)"},
	{"accountid", "varchar"},
	{"region", "varchar"},
	{"asl_version", "varchar"},
	{"observables", "array(row(name varchar, value varchar, type varchar, type_id integer))"},
}

// normalizeType maps the replica's Iceberg timestamp(6) to Athena's
// "timestamp" so DESCRIBE output can be compared with the real capture.
func normalizeType(t string) string { return strings.ReplaceAll(t, "timestamp(6)", "timestamp") }
