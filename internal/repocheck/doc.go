// Package repocheck holds tests of the repository as a whole rather than of
// one package: today, that no file cites a document outside the repository
// (the design knowledge lives in docs/design, see its README.md).
package repocheck
