package provisioning

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
)

// pinnedImage is an image with an explicit version tag (digits), not
// "latest" or a floating major.
var pinnedImage = regexp.MustCompile(`^[a-z0-9./-]+:\d+(\.\d+)*(-[a-z0-9.]+)?$`)

func mounts(s types.ServiceConfig) map[string]types.ServiceVolumeConfig {
	out := map[string]types.ServiceVolumeConfig{}
	for _, v := range s.Volumes {
		out[v.Target] = v
	}
	return out
}

// TestComposeFile validates docker-compose.yaml against the Compose
// specification without a Docker engine and checks what it must hold:
// pinned images (Grafana, Trino 476, Go), bind mounts that exist in the
// repository, the provisioning folders and the replica datasource mounted
// into Grafana, the plugin as an unsigned plugin with the AWS settings
// forwarded, Trino on the replica's own catalog templates, and the seeder
// writing into the volume Trino reads.
func TestComposeFile(t *testing.T) {
	r := root(t)
	p, err := LoadCompose(t.Context(), filepath.Join(r, ComposeFile), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"grafana", "trino", "trino-config", "athena-local", "seed"}
	for _, name := range want {
		if _, ok := p.Services[name]; !ok {
			t.Fatalf("no service %s", name)
		}
	}
	for name, s := range p.Services {
		if !pinnedImage.MatchString(s.Image) {
			t.Errorf("%s: image %q is not pinned to a version", name, s.Image)
		}
		for _, v := range s.Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			if !strings.HasPrefix(v.Source, r) {
				t.Errorf("%s: bind mount %s is outside the repository", name, v.Source)
			}
			if _, err := os.Stat(v.Source); err != nil && !strings.HasSuffix(v.Source, "/dist") {
				t.Errorf("%s: bind mount source %s does not exist", name, v.Source)
			}
		}
	}
	g := p.Services["grafana"]
	if !strings.HasPrefix(g.Image, "grafana/grafana:12.") && !strings.HasPrefix(g.Image, "grafana/grafana:13.") {
		t.Errorf("grafana image %s: want grafana/grafana 12.3+ (the OSS image)", g.Image)
	}
	gm := mounts(g)
	pluginDir := "/var/lib/grafana/plugins/" + PluginID
	checks := map[string]string{
		pluginDir:                              filepath.Join(r, "dist"),
		pluginDir + "/dashboards":              filepath.Join(r, DashboardsDir),
		"/etc/grafana/provisioning/dashboards": filepath.Join(r, ProvidersDir),
		"/etc/grafana/provisioning/alerting":   filepath.Join(r, AlertingDir),
		"/etc/grafana/provisioning/datasources/securitylake-replica.yaml": filepath.Join(r, DatasourcesDir, "securitylake-replica.yaml"),
	}
	for target, src := range checks {
		if m, ok := gm[target]; !ok || m.Source != src {
			t.Errorf("grafana must mount %s at %s (got %+v)", src, target, m)
		}
	}
	for _, m := range g.Volumes {
		if strings.HasSuffix(m.Source, "securitylake.yaml") {
			t.Error("grafana must not mount securitylake.yaml: it has the replica's uid and is for AWS")
		}
	}
	env := func(s types.ServiceConfig, k string) string {
		if v := s.Environment[k]; v != nil {
			return *v
		}
		return ""
	}
	for _, k := range []string{"GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS", "GF_AWS_FORWARD_SETTINGS_TO_PLUGINS", "GF_PLUGINS_FORWARD_HOST_ENV_VARS"} {
		if !slices.Contains(strings.Split(env(g, k), ","), PluginID) {
			t.Errorf("grafana %s must list %s", k, PluginID)
		}
	}
	// The replica datasource reads these; athena-local must listen there.
	if env(g, "SECLAKE_ATHENA_ENDPOINT") != "http://athena-local:4566" || !slices.Contains(p.Services["athena-local"].Command, "0.0.0.0:4566") {
		t.Errorf("the datasource endpoint %q and athena-local's -listen disagree", env(g, "SECLAKE_ATHENA_ENDPOINT"))
	}
	files, _ := LoadDatasourceFiles(filepath.Join(r, DatasourcesDir))
	for _, f := range files {
		if filepath.Base(f.File) != "securitylake-replica.yaml" {
			continue
		}
		for _, v := range append(EnvRefs(f.Datasources[0].JSONData["endpoint"].(string)), secretRefs(f.Datasources[0])...) {
			if env(g, v) == "" {
				t.Errorf("grafana does not set %s, which securitylake-replica.yaml reads", v)
			}
		}
	}
	tr := p.Services["trino"]
	if tr.Image != "trinodb/trino:476" {
		t.Errorf("trino image %s, want trinodb/trino:476 (the replica's version)", tr.Image)
	}
	tm := mounts(tr)
	if tm["/etc/trino/catalog"].Source != "trino-catalog" || tm["/data/lake"].Source != "lake" {
		t.Errorf("trino must read the rendered catalogs and keep the lake in the lake volume: %+v", tr.Volumes)
	}
	cfg := p.Services["trino-config"]
	if mounts(cfg)["/templates"].Source != filepath.Join(r, "replica", "etc") || !strings.Contains(strings.Join(cfg.Command, " "), "s|@STATE@|/data|g") {
		t.Errorf("trino-config must render replica/etc's templates with @STATE@ = /data (local.location=/data/lake)")
	}
	seed := p.Services["seed"]
	if mounts(seed)["/lake"].Source != "lake" || !strings.Contains(strings.Join(seed.Command, " "), "-lake /lake") {
		t.Errorf("the seeder must write its staging files into the lake volume (-lake /lake)")
	}
	for _, dep := range []string{"seed", "athena-local"} {
		if _, ok := g.DependsOn[dep]; !ok {
			t.Errorf("grafana must wait for %s", dep)
		}
	}
	// The templates compose renders are the files the scripts render.
	for _, f := range []string{"awsdatacatalog.properties", "awsdatacatalog_iceberg.properties"} {
		b, err := os.ReadFile(filepath.Join(r, "replica", "etc", "catalog", f))
		if err != nil || !strings.Contains(string(b), "local.location=@STATE@/lake") {
			t.Errorf("replica/etc/catalog/%s: local.location=@STATE@/lake expected (%v)", f, err)
		}
	}
}

func secretRefs(c DatasourceConfig) []string {
	var out []string
	for _, v := range c.SecureJSONData {
		out = append(out, EnvRefs(v)...)
	}
	return out
}

// TestComposeRejects proves the Compose schema validation is active.
func TestComposeRejects(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "docker-compose.yaml")
	if err := os.WriteFile(path, []byte("services:\n  g:\n    imagex: grafana/grafana:12.4.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCompose(t.Context(), path, nil); err == nil || !strings.Contains(err.Error(), "imagex") {
		t.Fatalf("an unknown key must fail the schema: %v", err)
	}
}
