package models

// Pick is a column holding one array element's field: Field is an element
// path ("resources[].uid", "vulnerabilities[].cve.cvss[].base_score"), the
// value comes from the first element (in array order, nested arrays
// flattened) that matches Where, or the first element when Where is nil;
// NULL when there is none. Alias names the column and lets filters, group
// by, aggregations and order refer to it as a field.
type Pick struct {
	Field string  `json:"field"`
	Where *Filter `json:"where,omitempty"`
	Alias string  `json:"alias"`
}

// SizeField is the virtual field holding the number of elements of an array
// field ("size(resources)"); a NULL array has size 0.
func SizeField(array string) string { return "size(" + array + ")" }
