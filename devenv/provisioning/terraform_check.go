package provisioning

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// TFStatement is one statement of an aws_iam_policy_document that names
// resources (trust policies name principals and are not listed).
type TFStatement struct {
	Doc       string
	Sid       string
	Actions   []string
	Resources []string
}

// Statements evaluates every policy document statement with resources.
func (e *TFEval) Statements() ([]TFStatement, error) {
	var out []TFStatement
	for _, b := range e.m.Blocks {
		if b.Kind != "data" || b.Type != "aws_iam_policy_document" {
			continue
		}
		for _, extra := range e.Instances(b.Addr()) {
			for _, nb := range e.NestedBlocks(b.Body, "statement", extra) {
				res, ok, err := e.Attr(nb, "resources")
				if !ok {
					continue
				}
				if err != nil {
					return nil, fmt.Errorf("%s: resources: %w", b.Addr(), err)
				}
				acts, _, err := e.Attr(nb, "actions")
				if err != nil {
					return nil, fmt.Errorf("%s: actions: %w", b.Addr(), err)
				}
				sid, _, _ := e.Attr(nb, "sid")
				st := TFStatement{Doc: b.Addr(), Actions: ctyStrings(acts), Resources: ctyStrings(res)}
				if s := ctyStrings(sid); len(s) == 1 {
					st.Sid = s[0]
				}
				out = append(out, st)
			}
		}
	}
	return out, nil
}

// TFGrant is one Lake Formation grant of an aws_lakeformation_permissions
// instance.
type TFGrant struct {
	Principal   string
	Permissions []string
	// Kind is "database" or "table".
	Kind      string
	CatalogID string
	Database  string
	Table     string
}

// Grants evaluates every aws_lakeformation_permissions instance.
func (e *TFEval) Grants() ([]TFGrant, error) {
	var out []TFGrant
	for _, b := range e.m.Blocks {
		if b.Kind != "resource" || b.Type != "aws_lakeformation_permissions" {
			continue
		}
		for _, extra := range e.Instances(b.Addr()) {
			top := NestedBlock{Body: b.Body, Vars: extra}
			p, _, err := e.Attr(top, "principal")
			if err != nil {
				return nil, fmt.Errorf("%s principal: %w", b.Addr(), err)
			}
			perms, _, err := e.Attr(top, "permissions")
			if err != nil {
				return nil, err
			}
			g := TFGrant{Principal: strings.Join(ctyStrings(p), ""), Permissions: ctyStrings(perms)}
			for _, kind := range []string{"database", "table"} {
				for _, nb := range e.NestedBlocks(b.Body, kind, extra) {
					g.Kind = kind
					get := func(k string) string {
						v, _, err := e.Attr(nb, k)
						if err != nil {
							return ""
						}
						return strings.Join(ctyStrings(v), "")
					}
					g.CatalogID = get("catalog_id")
					if kind == "database" {
						g.Database = get("name")
					} else {
						g.Database, g.Table = get("database_name"), get("name")
					}
				}
			}
			out = append(out, g)
		}
	}
	return out, nil
}

// NoResourceActions are IAM actions that support no resource-level
// permission (AWS Service Authorization Reference): "*" is their only
// possible resource.
var NoResourceActions = map[string]bool{
	"athena:ListWorkGroups":       true,
	"athena:ListDataCatalogs":     true,
	"lakeformation:GetDataAccess": true,
}

// s3ObjectActions act on objects, whose keys Athena generates under the
// result prefix.
var s3ObjectActions = map[string]bool{"s3:GetObject": true, "s3:PutObject": true, "s3:AbortMultipartUpload": true, "s3:ListMultipartUploadParts": true}

var (
	glueListingRe = regexp.MustCompile(`^arn:[a-z-]+:glue:[a-z0-9-]+:\d{12}:table/[A-Za-z0-9_]+/\*$`)
	s3PrefixRe    = regexp.MustCompile(`^arn:[a-z-]+:s3:::[a-z0-9][a-z0-9.-]+/[^*]*\*$`)
)

func allIn(actions []string, set map[string]bool) bool {
	for _, a := range actions {
		if !set[a] {
			return false
		}
	}
	return len(actions) > 0
}

// CheckIAM fails on any wildcard where the module knows the name: "*" as a
// resource except for actions without resource-level permissions, and "*"
// inside an ARN except the two places it stands for names nobody knows —
// glue:GetTables' table/<database>/* and the object keys under the query
// result prefix. Wildcard actions fail too.
func CheckIAM(stmts []TFStatement) []error {
	var errs []error
	for _, st := range stmts {
		where := st.Doc
		if st.Sid != "" {
			where += " " + st.Sid
		}
		for _, a := range st.Actions {
			if strings.Contains(a, "*") {
				errs = append(errs, fmt.Errorf("%s: wildcard action %q", where, a))
			}
		}
		if len(st.Resources) == 0 {
			errs = append(errs, fmt.Errorf("%s: no resources", where))
		}
		for _, r := range st.Resources {
			switch {
			case r == "*":
				if !allIn(st.Actions, NoResourceActions) {
					errs = append(errs, fmt.Errorf("%s: resource \"*\" for %v, which support resource ARNs", where, st.Actions))
				}
			case !strings.Contains(r, "*"):
			case slices.Equal(st.Actions, []string{"glue:GetTables"}) && glueListingRe.MatchString(r):
			case allIn(st.Actions, s3ObjectActions) && s3PrefixRe.MatchString(r):
			default:
				errs = append(errs, fmt.Errorf("%s: wildcard in resource %q", where, r))
			}
		}
	}
	return errs
}

// CheckGrants fails unless every principal has DESCRIBE on the database and
// SELECT and DESCRIBE on every table, in catalog catalogID.
func CheckGrants(grants []TFGrant, principals []string, catalogID, database string, tables []string) []error {
	var errs []error
	has := func(g TFGrant, perms ...string) bool {
		for _, p := range perms {
			if !slices.Contains(g.Permissions, p) {
				return false
			}
		}
		return true
	}
	for _, p := range principals {
		found := false
		for _, g := range grants {
			if g.Principal == p && g.Kind == "database" && g.CatalogID == catalogID && g.Database == database && has(g, "DESCRIBE") {
				found = true
			}
		}
		if !found {
			errs = append(errs, fmt.Errorf("%s has no DESCRIBE on database %s:%s", p, catalogID, database))
		}
		for _, t := range tables {
			found := false
			for _, g := range grants {
				if g.Principal == p && g.Kind == "table" && g.CatalogID == catalogID && g.Database == database && g.Table == t && has(g, "SELECT", "DESCRIBE") {
					found = true
				}
			}
			if !found {
				errs = append(errs, fmt.Errorf("%s has no SELECT+DESCRIBE on table %s.%s", p, database, t))
			}
		}
	}
	return errs
}
