// Package workflows holds the test of the repository's GitHub Actions
// workflows (.github/workflows): they cannot run where this project is
// built, so the test checks that they call what exists (scripts, npm
// scripts, files), that CI runs the README's test command and that the
// release workflow builds, checks, signs and uploads the way docs/release.md
// says.
package workflows
