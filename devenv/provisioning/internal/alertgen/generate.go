package alertgen

// The bundled alert rules (provisioning/alerting*/ in the root module) are
// written from the definitions of this package by TestGenerated with
// -update; the same test, without it, fails when a file differs.
//go:generate go test -run ^TestGenerated$ -update .
