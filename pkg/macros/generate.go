package macros

// testdata/*.expanded.sql are the expansions of the golden cases; TestGolden
// compares them and rewrites them with -update. A change is a change of
// behaviour: review the diff.
//go:generate go test -run ^TestGolden$ -update .
