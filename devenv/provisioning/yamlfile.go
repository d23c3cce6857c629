package provisioning

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decodeStrict decodes YAML into v, failing on keys v does not declare.
// The structs of this package mirror Grafana's provisioning types
// (pkg/services/provisioning/{datasources,dashboards,alerting}), so an
// unknown key — a typo Grafana would silently ignore — is an error here.
func decodeStrict(b []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("the file is empty")
		}
		return err
	}
	return nil
}

// yamlFiles lists the *.yaml and *.yml files of dir, sorted: the files
// Grafana's provisioning reads from a directory.
func yamlFiles(dir string) ([]string, error) {
	var out []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return nil, err
		}
		out = append(out, m...)
	}
	sort.Strings(out)
	if len(out) == 0 {
		return nil, fmt.Errorf("no YAML files in %s", dir)
	}
	return out, nil
}

// readYAML reads a file and decodes it strictly into v.
func readYAML(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := decodeStrict(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// ExpandEnv interpolates environment variables the way Grafana's
// provisioning does (pkg/services/provisioning/values): $NAME and ${NAME}
// are replaced through lookup (unset ones by ""), and "$$" is a literal "$".
func ExpandEnv(s string, lookup func(string) (string, bool)) string {
	parts := strings.Split(s, "$$")
	for i, p := range parts {
		parts[i] = os.Expand(p, func(name string) string {
			v, _ := lookup(name)
			return v
		})
	}
	return strings.Join(parts, "$")
}

// EnvRefs lists the environment variables a string refers to ($NAME or
// ${NAME}), ignoring "$$" escapes.
func EnvRefs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "$$") {
		os.Expand(p, func(name string) string {
			out = append(out, name)
			return ""
		})
	}
	return out
}

// expandAny applies ExpandEnv to every string inside a decoded YAML value.
func expandAny(v any, lookup func(string) (string, bool)) any {
	switch x := v.(type) {
	case string:
		return ExpandEnv(x, lookup)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = expandAny(e, lookup)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = expandAny(e, lookup)
		}
		return out
	}
	return v
}
