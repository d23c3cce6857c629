package athenaemu

import "strings"

// Statement types as Athena reports them in QueryExecution.StatementType.
const (
	StatementDML     = "DML"
	StatementDDL     = "DDL"
	StatementUtility = "UTILITY"
)

// StatementKind classifies sql by its first keyword (after comments and
// opening parentheses) into Athena's statement type, and reports whether
// it is a query — a statement whose result gets the header row and may be
// reused (Athena reuses only SELECT results).
func StatementKind(sql string) (stmtType string, isQuery bool) {
	switch firstKeyword(sql) {
	case "SELECT", "WITH", "VALUES", "TABLE":
		return StatementDML, true
	case "INSERT", "UPDATE", "DELETE", "MERGE", "UNLOAD":
		return StatementDML, false
	case "CREATE", "DROP", "ALTER", "MSCK", "COMMENT", "GRANT", "REVOKE", "REFRESH", "TRUNCATE", "OPTIMIZE", "VACUUM":
		return StatementDDL, false
	case "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "USE", "PREPARE", "EXECUTE", "DEALLOCATE", "SET", "RESET", "CALL":
		return StatementUtility, false
	}
	return StatementDML, false
}

// firstKeyword returns the upper-cased first word of sql, skipping blanks,
// -- and /* */ comments and opening parentheses.
func firstKeyword(sql string) string {
	s := sql
	for {
		s = strings.TrimLeft(s, " \t\r\n(")
		switch {
		case strings.HasPrefix(s, "--"):
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				return ""
			}
			s = s[i+1:]
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s[2:], "*/")
			if i < 0 {
				return ""
			}
			s = s[2+i+2:]
		default:
			end := 0
			for end < len(s) && (s[end] >= 'a' && s[end] <= 'z' || s[end] >= 'A' && s[end] <= 'Z' || s[end] == '_') {
				end++
			}
			return strings.ToUpper(s[:end])
		}
	}
}
