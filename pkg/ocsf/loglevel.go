package ocsf

// SeverityLevels maps OCSF severity_id (https://schema.ocsf.io/1.1.0/dictionary:
// 0 Unknown, 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical, 6 Fatal,
// 99 Other) to the log levels Grafana colours (critical, error, warning,
// info, unknown). Grafana has no level between info and warning, so Low is
// info; Fatal joins Critical; Unknown, Other and any other id are
// UnknownLevel. It is the one mapping: the logs frame's severity
// (pkg/frames) and the logs volume's level column (pkg/sqlbuild) both read
// it, so a line and its histogram bar agree.
var SeverityLevels = []struct {
	ID    int64
	Level string
}{
	{1, "info"}, {2, "info"}, {3, "warning"}, {4, "error"}, {5, "critical"}, {6, "critical"},
}

// UnknownLevel is the level of a severity_id SeverityLevels does not list.
const UnknownLevel = "unknown"

// LogLevel returns the Grafana log level of a severity_id.
func LogLevel(severityID int64) string {
	for _, l := range SeverityLevels {
		if l.ID == severityID {
			return l.Level
		}
	}
	return UnknownLevel
}
