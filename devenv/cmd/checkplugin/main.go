// Command checkplugin checks a plugin archive (or a built plugin folder) the
// way Grafana's plugin validator would, for the rules that can run offline:
// Grafana's validator itself downloads tools and calls grafana.com and the
// links it finds, which is unreachable here. The rules are our own code,
// written after the validator's public analyzers (archive, archivename,
// metadata/metadatavalid, typesuffix, discoverability, logos, screenshots,
// metadatapaths, unsafesvg, binarypermissions, backendbinary, backenddebug,
// modulejs, jsMap, legacyplatform, trackingscripts, gomanifest, readme,
// templatereadme, brokenlinks (relative links), changelog, license,
// restrictivedep, checksum, manifest) and the catalog's publishing rules.
//
//	go -C devenv run ./cmd/checkplugin ../dist
//	go -C devenv run ./cmd/checkplugin -source .. -platforms linux_amd64,windows_amd64 ../build/release/x-1.0.0.zip
//
// With -source (the repository root) the Go build manifest and the source
// map are compared with the source tree, as the validator does with the
// source code URL of a submission.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// severity of a finding: errors fail the run, notes are printed only.
type severity int

const (
	errorSev severity = iota
	noteSev
)

// finding is one broken rule, named like the validator's rule where there is one.
type finding struct {
	rule string
	sev  severity
	msg  string
}

// options are what the command line adds to the artifact.
type options struct {
	source    string   // repository root, "" to skip the source comparisons
	platforms []string // <os>_<arch> that must have a binary; nil: at least one
}

// report collects findings.
type report struct{ findings []finding }

func (r *report) errorf(rule, format string, args ...any) {
	r.findings = append(r.findings, finding{rule: rule, sev: errorSev, msg: fmt.Sprintf(format, args...)})
}

func (r *report) notef(rule, format string, args ...any) {
	r.findings = append(r.findings, finding{rule: rule, sev: noteSev, msg: fmt.Sprintf(format, args...)})
}

func (r *report) errors() int {
	n := 0
	for _, f := range r.findings {
		if f.sev == errorSev {
			n++
		}
	}
	return n
}

func main() {
	source := flag.String("source", "", "repository root: compare the Go build manifest and the source map with it")
	platforms := flag.String("platforms", "", "comma-separated <os>_<arch> list that must each have a backend binary")
	flag.Parse()
	target := "dist"
	if flag.NArg() > 0 {
		target = flag.Arg(0)
	}
	opts := options{source: *source}
	if *platforms != "" {
		opts.platforms = strings.Split(*platforms, ",")
	}
	r := check(target, opts)
	for _, f := range r.findings {
		level := "error"
		if f.sev == noteSev {
			level = "note"
		}
		fmt.Fprintf(os.Stderr, "checkplugin: %s [%s] %s\n", level, f.rule, f.msg)
	}
	if n := r.errors(); n > 0 {
		fmt.Fprintf(os.Stderr, "checkplugin: %d problem(s) in %s\n", n, target)
		os.Exit(1)
	}
	fmt.Println("checkplugin: OK", target)
}

// check runs every rule on a .zip archive or a plugin folder.
func check(target string, opts options) *report {
	r := &report{}
	if strings.HasSuffix(target, ".zip") {
		checkZip(r, target, opts)
		return r
	}
	checkFolder(r, target, opts)
	return r
}
