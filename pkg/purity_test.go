package main

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/seclake/securitylake-datasource/pkg/"

// corePackages are the pure core: they turn values into values and are
// tested without I/O, so they must not link an SDK, an HTTP stack or a
// process launcher.
var corePackages = []string{"ocsf", "lake", "models", "sqlbuild", "macros", "frames", "clip"}

// forbidden reports whether a dependency breaks the pure core.
func forbidden(pkg string) bool {
	return strings.HasPrefix(pkg, "github.com/aws/") || strings.HasPrefix(pkg, "github.com/grafana/") ||
		pkg == "net/http" || strings.HasPrefix(pkg, "net/http/") || pkg == "os/exec"
}

// importGraph lists the packages reachable from roots with their imports,
// using the go command (the same resolution as the build).
func importGraph(t *testing.T, roots ...string) map[string][]string {
	t.Helper()
	args := append([]string{"list", "-deps", "-f", "{{.ImportPath}}:{{join .Imports \" \"}}"}, roots...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		msg := ""
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			msg = string(ee.Stderr)
		}
		t.Fatalf("go list: %v\n%s", err, msg)
	}
	graph := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		graph[pkg] = strings.Fields(imports)
	}
	return graph
}

// reach returns the packages reachable from root (root included), each
// mapped to the package that first imported it on a shortest path.
func reach(graph map[string][]string, root string) map[string]string {
	parent := map[string]string{root: ""}
	queue := []string{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, imp := range graph[p] {
			if _, seen := parent[imp]; !seen {
				parent[imp] = p
				queue = append(queue, imp)
			}
		}
	}
	return parent
}

// chain spells the import path from the root to pkg.
func chain(parent map[string]string, pkg string) string {
	var path []string
	for p := pkg; p != ""; p = parent[p] {
		path = append(path, p)
	}
	slices.Reverse(path)
	return strings.Join(path, " → ")
}

// TestCoreIsPure fails when a core package links the AWS or Grafana SDK,
// net/http (or its subpackages) or os/exec, and names the import chain that brings it in.
func TestCoreIsPure(t *testing.T) {
	var roots []string
	for _, p := range corePackages {
		roots = append(roots, module+p)
	}
	graph := importGraph(t, roots...)
	for _, p := range corePackages {
		t.Run(p, func(t *testing.T) {
			deps := reach(graph, module+p)
			if len(deps) < 2 {
				t.Fatalf("go list found no dependencies of %s", module+p)
			}
			bad := forbidden
			// Name each chain up to its first forbidden package only: what
			// that package drags in along is noise.
			var n int
			var entries []string
			for dep, parent := range deps {
				if bad(dep) {
					n++
					if !bad(parent) {
						entries = append(entries, chain(deps, dep))
					}
				}
			}
			slices.Sort(entries)
			if n > 0 {
				t.Errorf("%s is part of the pure core but links %d forbidden packages, through:\n%s", p, n, strings.Join(entries, "\n"))
			}
		})
	}
}

// TestForbidden pins the rule itself, so that a typo in a prefix cannot
// turn the purity test into one that always passes.
func TestForbidden(t *testing.T) {
	for _, p := range []string{"github.com/aws/aws-sdk-go-v2/aws", "github.com/aws/smithy-go", "github.com/grafana/grafana-aws-sdk/pkg/awsds",
		"github.com/grafana/grafana-plugin-sdk-go/backend", "net/http", "net/http/httptrace", "os/exec"} {
		if !forbidden(p) {
			t.Errorf("%s should be forbidden in the core", p)
		}
	}
	for _, p := range []string{"net/url", "os", "encoding/json", "github.com/seclake/securitylake-datasource/pkg/lake", "net/url", "net/netip"} {
		if forbidden(p) {
			t.Errorf("%s should be allowed in the core", p)
		}
	}
}

// TestPluginKeepsPartitionPredicates fails when code of the plugin binary
// calls sqlbuild.BuildWithoutPartitions: that statement exists to measure
// what partition predicates save, and must never reach Athena from Grafana.
func TestPluginKeepsPartitionPredicates(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.HasPrefix(path, "sqlbuild"+string(filepath.Separator)) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), "BuildWithoutPartitions") {
			t.Errorf("%s calls BuildWithoutPartitions: plugin queries always carry their partition predicates", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// s3Importers are the only packages of the plugin that may import the S3
// SDK: pkg/athena reads result files with it, pkg/plugin builds the client.
var s3Importers = []string{module + "athena", module + "plugin"}

// TestS3ClientLinkedOnlyWhereNeeded fails when a package other than
// s3Importers imports the S3 SDK directly, so the dependency the result
// file reader brought stays in the I/O layer.
func TestS3ClientLinkedOnlyWhereNeeded(t *testing.T) {
	graph := importGraph(t, "./...")
	seen := 0
	for pkg, imports := range graph {
		if !strings.HasPrefix(pkg, module) {
			continue
		}
		for _, imp := range imports {
			if strings.HasPrefix(imp, "github.com/aws/aws-sdk-go-v2/service/s3") {
				seen++
				if !slices.Contains(s3Importers, pkg) {
					t.Errorf("%s imports %s: only %v may", pkg, imp, s3Importers)
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no package imports the S3 SDK; the result file reader is gone or go list failed")
	}
}
