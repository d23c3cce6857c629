package sqlbuild

import (
	"net/netip"
	"strings"

	"github.com/seclake/securitylake-datasource/pkg/models"
	"github.com/seclake/securitylake-datasource/pkg/ocsf"
)

// maxRegexLen caps a regex filter's pattern. The engine (Joni, Java-style
// syntax) is the judge of a pattern's syntax: lookahead and backreferences
// that Go's RE2 parser refuses are valid there, and a bad pattern fails the
// query with the engine's message, which the plugin returns as a 400.
const maxRegexLen = 1000

// privateNetworks are the networks not-private excludes: RFC 1918, loopback
// and link-local for IPv4; loopback, link-local and unique local (RFC 4193)
// for IPv6.
var privateNetworks = []string{
	"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16",
	"::1/128", "fe80::/10", "fc00::/7",
}

// negatedText maps the negated text operators to the operator they negate.
var negatedText = map[models.Op]models.Op{
	models.OpNotContains:   models.OpContains,
	models.OpNotStartsWith: models.OpStartsWith,
	models.OpNotRegex:      models.OpRegex,
}

// textOp writes contains, starts-with and regex and their negations, on text
// fields only:
//
//	contains / not-contains        strpos(col, v) > 0 / strpos(col, v) = 0
//	starts-with / not-starts-with  starts_with(col, v) / NOT starts_with(col, v)
//	regex / not-regex              regexp_like(col, v) / NOT regexp_like(col, v)
//
// A NULL value matches neither form (SQL semantics); add an OR is-null
// filter group to keep such rows.
func (b *builder) textOp(f ocsf.Field, op models.Op, vals []models.Value) (string, bool) {
	base, negated := negatedText[op]
	if !negated {
		base = op
	}
	if f.ValueType() != ocsf.String {
		b.failf("filter on %s: %s works on text fields only (%s is %s)", f.Path, op, f.Path, f.Type)
		return "", false
	}
	lit, ok := b.oneLiteral(f, ocsf.String, op, vals)
	if !ok {
		return "", false
	}
	col := b.col(f)
	switch base {
	case models.OpContains:
		if negated {
			return "strpos(" + col + ", " + lit + ") = 0", true
		}
		return "strpos(" + col + ", " + lit + ") > 0", true
	case models.OpStartsWith:
		cond := "starts_with(" + col + ", " + lit + ")"
		if negated {
			cond = "NOT " + cond
		}
		return cond, true
	}
	if n := len(vals[0]); n > maxRegexLen {
		b.failf("filter on %s: the regex is %d bytes long; the limit is %d", f.Path, n, maxRegexLen)
		return "", false
	}
	cond := "regexp_like(" + col + ", " + lit + ")"
	if negated {
		cond = "NOT " + cond
	}
	return cond, true
}

// networkOp writes in-cidr, not-in-cidr and not-private on a text field
// holding an IP address (src_endpoint.ip …):
//
//	(contains('10.0.0.0/8', TRY_CAST(col AS IPADDRESS)) OR …)
//
// contains(network, address) is an IP function of Trino and of Athena
// engine v3. TRY_CAST makes a value that is not an address NULL, so it
// matches neither an operator nor its negation instead of failing the
// query. Networks are parsed in Go and written in canonical form.
func (b *builder) networkOp(f ocsf.Field, op models.Op, vals []models.Value) (string, bool) {
	if f.ValueType() != ocsf.String {
		b.failf("filter on %s: %s works on text fields holding an IP address (%s is %s)", f.Path, op, f.Path, f.Type)
		return "", false
	}
	var nets []string
	if op == models.OpNotPrivate {
		if len(vals) > 0 {
			b.failf("filter on %s: not-private takes no value", f.Path)
			return "", false
		}
		nets = privateNetworks
	} else {
		if len(vals) == 0 {
			b.failf("filter on %s: %s needs at least one network such as 10.0.0.0/8", f.Path, op)
			return "", false
		}
		for _, v := range vals {
			p, err := netip.ParsePrefix(strings.TrimSpace(string(v)))
			if err != nil {
				b.failf("filter on %s: %q is not a CIDR network such as 10.0.0.0/8 or 2001:db8::/32", f.Path, clip(string(v)))
				return "", false
			}
			nets = append(nets, p.Masked().String())
		}
	}
	addr := "TRY_CAST(" + b.col(f) + " AS IPADDRESS)"
	terms := make([]string, len(nets))
	for i, n := range nets {
		lit, err := Literal(n, ocsf.String)
		if err != nil {
			b.failf("filter on %s: %v", f.Path, err)
			return "", false
		}
		terms[i] = "contains(" + lit + ", " + addr + ")"
	}
	cond := "(" + strings.Join(terms, " OR ") + ")"
	if op != models.OpInCIDR {
		cond = "NOT " + cond
	}
	return cond, true
}
