package frames

// testdata/*.jsonc are the frames each golden case converts to, written by
// the SDK's golden-response helper; TestGolden compares them and rewrites
// them with -update. A change is a change of behaviour: review the diff.
//go:generate go test -run ^TestGolden$ -update .
