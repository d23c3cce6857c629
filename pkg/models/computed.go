package models

// ComputedFunc is the function of a computed column.
type ComputedFunc string

// Computed column functions: a fixed, typed set (pkg/sqlbuild writes each
// one from a template; no user text becomes SQL structure).
const (
	// CompCoalesce is the first non-NULL of Field, then Fields, then the
	// literal Args[0] (typed by Field's type), if given.
	CompCoalesce ComputedFunc = "coalesce"
	// CompLower and CompUpper change the case of a text field.
	CompLower ComputedFunc = "lower"
	CompUpper ComputedFunc = "upper"
	// CompRegexpExtract is the match of the pattern Args[0] in a text field,
	// or its capturing group Args[1] (a whole number, 0 = the whole match).
	CompRegexpExtract ComputedFunc = "regexp_extract"
	// CompDomain is the registered domain of a hostname, by the rule "the
	// last two labels" (www.example.com. → example.com), lower-cased.
	CompDomain ComputedFunc = "domain"
	// CompJSONExtract is the scalar at the JSON path Args[0] ($.a.b,
	// $["a-b"], $.list[0]) of a text field holding JSON.
	CompJSONExtract ComputedFunc = "json_extract_scalar"
	// CompElementAt is the value of the key Args[0] in a map field
	// (unmapped).
	CompElementAt ComputedFunc = "element_at"
	// CompMapKeys is the list of the keys of a map field.
	CompMapKeys ComputedFunc = "map_keys"
)

// ComputedFuncs lists the computed column functions, for messages and
// editors.
var ComputedFuncs = []ComputedFunc{CompCoalesce, CompLower, CompUpper, CompRegexpExtract, CompDomain,
	CompJSONExtract, CompElementAt, CompMapKeys}

// Computed is a column computed from a field. Its Alias names it, and the
// alias is then usable wherever a field path is: fields, groupBy, filters,
// aggregations, having, orderBy. Its type follows from Func and the field
// (text for every function but coalesce, which keeps the field's type,
// element_at, which gives the map's value type, and map_keys, a list).
type Computed struct {
	Alias string       `json:"alias"`
	Func  ComputedFunc `json:"func"`
	Field string       `json:"field"`
	// Fields are the further fields of coalesce, tried in order.
	Fields []string `json:"fields,omitempty"`
	// Args are the literal arguments: the fallback of coalesce, the pattern
	// and group of regexp_extract, the JSON path of json_extract_scalar,
	// the key of element_at.
	Args []Value `json:"args,omitempty"`
}
