// Command checkplugin checks a built plugin folder (dist/) the way Grafana's
// plugin validator would, for the parts that can run offline here (the
// validator itself downloads a binary from GitHub, which is unreachable):
// the archive layout and the plugin.json fields Grafana relies on.
//
//	go -C devenv run ./cmd/checkplugin ../dist
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// idRe is the validator's id rule: <org>-<name>-datasource, lower case.
var idRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*-datasource$`)

type pluginJSON struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Name       string `json:"name"`
	Executable string `json:"executable"`
	Backend    bool   `json:"backend"`
	Alerting   bool   `json:"alerting"`
	Logs       bool   `json:"logs"`
	Metrics    bool   `json:"metrics"`
	Annotation bool   `json:"annotations"`
	Info       struct {
		Description string `json:"description"`
		Version     string `json:"version"`
		Logos       struct {
			Small string `json:"small"`
			Large string `json:"large"`
		} `json:"logos"`
	} `json:"info"`
	Dependencies struct {
		GrafanaDependency string `json:"grafanaDependency"`
	} `json:"dependencies"`
}

func main() {
	dir := "dist"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	problems := check(dir)
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, "checkplugin:", p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
	fmt.Println("checkplugin: plugin layout and plugin.json OK in", dir)
}

func check(dir string) []string {
	var out []string
	raw, err := os.ReadFile(filepath.Join(dir, "plugin.json"))
	if err != nil {
		return []string{"missing plugin.json (run the frontend build): " + err.Error()}
	}
	var p pluginJSON
	if err := json.Unmarshal(raw, &p); err != nil {
		return []string{"plugin.json is not valid JSON: " + err.Error()}
	}
	if !idRe.MatchString(p.ID) {
		out = append(out, fmt.Sprintf("id %q must look like org-name-datasource", p.ID))
	}
	if p.Type != "datasource" {
		out = append(out, "type must be datasource")
	}
	if !p.Backend || !p.Alerting || !p.Logs || !p.Metrics || !p.Annotation {
		out = append(out, "backend, alerting, logs, metrics and annotations must all be true")
	}
	if !strings.HasPrefix(p.Executable, "gpx_") {
		out = append(out, "executable must start with gpx_")
	}
	if p.Info.Description == "" || strings.Contains(p.Info.Version, "%") {
		out = append(out, "info.description must be set and info.version substituted by the build")
	}
	if !strings.HasPrefix(p.Dependencies.GrafanaDependency, ">=") {
		out = append(out, "dependencies.grafanaDependency must be a >= range")
	}
	for _, f := range []string{"module.js", "README.md", "CHANGELOG.md", "LICENSE", p.Info.Logos.Small, p.Info.Logos.Large} {
		if f == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			out = append(out, "missing "+f)
		}
	}
	bins, _ := filepath.Glob(filepath.Join(dir, p.Executable+"_*"))
	if len(bins) == 0 {
		out = append(out, fmt.Sprintf("no backend binary %s_<os>_<arch>", p.Executable))
	}
	for _, b := range bins {
		if st, err := os.Stat(b); err == nil && st.Mode()&0o111 == 0 {
			out = append(out, b+" is not executable")
		}
	}
	return out
}
