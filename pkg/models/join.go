package models

import (
	"errors"
	"fmt"
	"strings"
)

// Several sources and joins on an entity (the builder's union and join;
// pkg/sqlbuild union.go, join.go).

// MaxSources caps the sources of one builder query (Source and Sources):
// each is a branch of a UNION ALL with its own scan.
const MaxSources = 8

// JoinKind is how a Join keeps rows.
type JoinKind string

// Join kinds.
const (
	// JoinSemi keeps the rows whose field value exists in the other source
	// ("exists in"); the default.
	JoinSemi JoinKind = "semi"
	// JoinAnti keeps the rows whose field value does not exist there (rows
	// whose own value is NULL are dropped too).
	JoinAnti JoinKind = "anti"
	// JoinInner adds the other source's aggregates per entity (Join.
	// Aggregations, count by default) as columns, keeping the rows whose
	// entity the other source has; the field must be a column of the result.
	JoinInner JoinKind = "inner"
	// JoinLeft is JoinInner keeping every row (NULL aggregates when the
	// other source lacks the entity).
	JoinLeft JoinKind = "left"
)

// Join is a semi- or anti-join on an entity: keep the rows whose Field is
// among the values of OtherField in Source over the same time range,
// accounts and Regions, after Filters (on Source's fields). "IPs of
// Security Hub findings that also appear in CloudTrail" is
// {field: src_endpoint.ip, source: cloud_trail_mgmt}.
type Join struct {
	Kind   JoinKind `json:"kind,omitempty"`
	Field  string   `json:"field"`
	Source string   `json:"source"`
	// OtherField is the field of Source to match; Field when empty.
	OtherField string   `json:"otherField,omitempty"`
	Filters    []Filter `json:"filters,omitempty"`
	// Aggregations are the other source's columns per entity of an inner
	// or left join (count when empty), named "<source>.<name>".
	Aggregations []Aggregation `json:"aggregations,omitempty"`
}

// TwoSided reports whether the join adds the other source's columns.
func (j *Join) TwoSided() bool {
	return j != nil && (j.Kind == JoinInner || j.Kind == JoinLeft)
}

// Other is the field of the other source the join matches.
func (j Join) Other() string {
	if j.OtherField != "" {
		return j.OtherField
	}
	return j.Field
}

// validate checks a join without the catalog (nil is valid).
func (j *Join) validate() error {
	if j == nil {
		return nil
	}
	switch j.Kind {
	case "", JoinSemi, JoinAnti, JoinInner, JoinLeft:
	default:
		return fmt.Errorf("unknown join kind %q: use %q (exists in), %q (not in), %q or %q (with the other source's columns)",
			truncate(string(j.Kind), 40), JoinSemi, JoinAnti, JoinInner, JoinLeft)
	}
	if strings.TrimSpace(j.Field) == "" {
		return errors.New("the join needs a field to match")
	}
	if strings.TrimSpace(j.Source) == "" {
		return errors.New("the join needs the other source")
	}
	return nil
}
