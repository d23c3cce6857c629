package provisioning

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDashboardsSatisfyGrafanaSchema type-checks every bundled dashboard
// against Grafana's published dashboard schema, the Dashboard type of
// @grafana/schema (the package Grafana generates from its CUE schema), and
// every panel target against the plugin's own SecurityLakeQuery type
// (src/types.ts): each JSON file becomes an object literal, so TypeScript's
// excess-property check also rejects misspelt keys. It needs the frontend's
// node_modules (npm ci): without them it is skipped, unless
// SECLAKE_SCHEMA_REQUIRED is set (then it fails).
func TestDashboardsSatisfyGrafanaSchema(t *testing.T) {
	r := root(t)
	tsc := filepath.Join(r, "node_modules", ".bin", "tsc")
	for _, p := range []string{filepath.Join(r, "node_modules", "@grafana", "schema", "package.json"), tsc} {
		if _, err := os.Stat(p); err != nil {
			if os.Getenv("SECLAKE_SCHEMA_REQUIRED") != "" {
				t.Fatalf("%s is missing: run npm ci", p)
			}
			t.Skipf("%s is missing (npm ci); set SECLAKE_SCHEMA_REQUIRED to fail instead", p)
		}
	}
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(r, "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	types, err := filepath.Rel(dir, filepath.Join(r, "src", "types"))
	if err != nil {
		t.Fatal(err)
	}
	b := load(t)
	var src strings.Builder
	src.WriteString("import type { Dashboard } from '@grafana/schema';\n")
	fmt.Fprintf(&src, "import type { SecurityLakeQuery, SecurityLakeVariableQuery } from '%s';\n\n", filepath.ToSlash(types))
	// Grafana's TypeScript enums (FieldColorModeId, ThresholdsMode, …) are
	// string enums, which a JSON string literal cannot satisfy; Loose maps
	// each enum to the union of its values and keeps everything else.
	src.WriteString("type Loose<T> = T extends string ? `${T}` : T extends Array<infer U> ? Array<Loose<U>> : T extends object ? { [K in keyof T]: Loose<T[K]> } : T;\n")
	src.WriteString("type Target = SecurityLakeQuery & { datasource?: { type?: string; uid?: string } };\n")
	src.WriteString("type VarQuery = SecurityLakeVariableQuery & { datasource?: { type?: string; uid?: string } };\n\n")
	for i, d := range b.dashboards {
		raw, err := withoutAnnotationTargets(d.File)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&src, "// %s\nexport const dashboard%d: Loose<Dashboard> = %s;\n", filepath.Base(d.File), i, raw)
		for j, p := range d.AllPanels() {
			for k, tg := range p.Targets {
				fmt.Fprintf(&src, "export const target%d_%d_%d: Target = %s;\n", i, j, k, tg)
			}
		}
		for j, v := range d.Templating.List {
			if v.Type == "query" {
				fmt.Fprintf(&src, "export const variable%d_%d: VarQuery = %s;\n", i, j, v.Query)
			}
		}
		for j, a := range d.Annotations.List {
			if len(a.Target) > 0 && a.BuiltIn == 0 {
				fmt.Fprintf(&src, "export const annotation%d_%d: Target = %s;\n", i, j, a.Target)
			}
		}
	}
	// The check must be able to fail: tsc reports an unused
	// @ts-expect-error, so these lines prove misspelt keys are caught.
	src.WriteString("// @ts-expect-error a misspelt panel key\n")
	src.WriteString("export const negative1: Loose<Dashboard> = { schemaVersion: 41, panels: [{ type: 'stat', gridpos: { x: 0, y: 0, w: 1, h: 1 } }] };\n")
	src.WriteString("// @ts-expect-error a misspelt query key\n")
	src.WriteString("export const negative2: Target = { refId: 'A', source: 'vpc_flow', timebucket: '5m' };\n")
	if err := os.WriteFile(filepath.Join(dir, "check.ts"), []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := map[string]any{
		"compilerOptions": map[string]any{"strict": true, "noEmit": true, "skipLibCheck": true, "target": "ES2022",
			"module": "ESNext", "moduleResolution": "bundler", "jsx": "react-jsx", "types": []string{}, "resolveJsonModule": true},
		"files": []string{"check.ts"},
	}
	cb, _ := json.Marshal(cfg)
	if err := os.WriteFile(filepath.Join(dir, "tsconfig.json"), cb, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), tsc, "-p", dir)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("tsc: %v\n%s", err, out)
	}
	t.Logf("%d dashboards type-check against @grafana/schema's Dashboard", len(b.dashboards))
}

// withoutAnnotationTargets returns a dashboard's JSON with the targets of
// its annotations removed: the schema types them as the bare DataQuery, so
// a datasource's own keys would fail the excess-property check there; the
// test checks them as SecurityLakeQuery instead.
func withoutAnnotationTargets(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	if an, ok := m["annotations"].(map[string]any); ok {
		list, _ := an["list"].([]any)
		for _, a := range list {
			if am, ok := a.(map[string]any); ok {
				delete(am, "target")
			}
		}
	}
	return json.MarshalIndent(m, "", "  ")
}
