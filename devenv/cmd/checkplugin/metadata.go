package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// pluginJSON is the part of plugin.json the rules read.
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
		Description string   `json:"description"`
		Keywords    []string `json:"keywords"`
		Author      struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"author"`
		Links []struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"links"`
		Logos struct {
			Small string `json:"small"`
			Large string `json:"large"`
		} `json:"logos"`
		Screenshots []struct {
			Name string `json:"name"`
			Path string `json:"path"`
		} `json:"screenshots"`
		Version string `json:"version"`
		Updated string `json:"updated"`
	} `json:"info"`
	Includes []struct {
		Type string `json:"type"`
		Name string `json:"name"`
		Path string `json:"path"`
	} `json:"includes"`
	Dependencies struct {
		GrafanaDependency string `json:"grafanaDependency"`
	} `json:"dependencies"`
}

var (
	// idRe is the catalog's id shape: <org>-<name>-<type>, lower case.
	idRe      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)+$`)
	semverRe  = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
	dateRe    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	exactDep  = regexp.MustCompile(`^[0-9]+\.[0-9]+\.([0-9]+|x)$`)
	repoName  = regexp.MustCompile(`(?i)repository|source|github`)
	imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".svg": true, ".gif": true, ".webp": true}
	types     = map[string]bool{"app": true, "datasource": true, "panel": true, "renderer": true, "secretsmanager": true}
)

// checkMetadata reads dir/plugin.json and runs the plugin.json rules; it
// returns what it read for the content rules.
func checkMetadata(r *report, dir string) (pluginJSON, bool) {
	var p pluginJSON
	raw, err := os.ReadFile(filepath.Join(dir, "plugin.json"))
	if err != nil {
		r.errorf("metadata", "missing plugin.json (run the frontend build): %v", err)
		return p, false
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		r.errorf("metadata", "plugin.json is not valid JSON: %v", err)
		return p, false
	}
	if m := regexp.MustCompile(`%[A-Z_]+%`).Find(raw); m != nil {
		r.errorf("metadatavalid", "plugin.json still holds the build placeholder %s", m)
	}
	checkIdentity(r, p)
	checkInfo(r, p)
	checkImages(r, dir, p)
	for _, inc := range p.Includes {
		if inc.Path != "" && !exists(filepath.Join(dir, inc.Path)) {
			r.errorf("includes", "includes %q: %s is not in the plugin", inc.Name, inc.Path)
		}
	}
	return p, true
}

// checkIdentity covers id, type, name and the features this plugin declares.
func checkIdentity(r *report, p pluginJSON) {
	if !types[p.Type] {
		r.errorf("metadatavalid", "type %q is not a plugin type", p.Type)
	}
	if !idRe.MatchString(p.ID) {
		r.errorf("metadatavalid", "id %q must look like <org>-<name>-<type>, lower case", p.ID)
	}
	if parts := strings.Split(p.ID, "-"); parts[len(parts)-1] != p.Type {
		r.errorf("typesuffix", "id %q must end with the plugin type %q", p.ID, p.Type)
	}
	if strings.TrimSpace(p.Name) == "" {
		r.errorf("metadatavalid", "name is empty")
	}
	// This plugin's own contract: a backend datasource with every feature.
	if !p.Backend || !p.Alerting || !p.Logs || !p.Metrics || !p.Annotation {
		r.errorf("features", "backend, alerting, logs, metrics and annotations must all be true")
	}
	if p.Backend && !strings.HasPrefix(p.Executable, "gpx_") {
		r.errorf("backendbinary", "executable %q must start with gpx_", p.Executable)
	}
	dep := p.Dependencies.GrafanaDependency
	switch {
	case dep == "":
		r.errorf("metadatavalid", "dependencies.grafanaDependency is required")
	case exactDep.MatchString(dep):
		r.errorf("restrictivedep", "grafanaDependency %q targets one Grafana release: use a range such as >=%s", dep, strings.TrimSuffix(dep, ".x"))
	case !strings.HasPrefix(dep, ">="):
		r.errorf("restrictivedep", "grafanaDependency %q must be a >= range", dep)
	}
}

// checkInfo covers the catalog listing: version, dates, author, keywords, links.
func checkInfo(r *report, p pluginJSON) {
	in := p.Info
	if !semverRe.MatchString(in.Version) {
		r.errorf("metadatavalid", "info.version %q is not a semantic version", in.Version)
	}
	if !dateRe.MatchString(in.Updated) {
		r.errorf("metadatavalid", "info.updated %q is not a YYYY-MM-DD date", in.Updated)
	}
	if strings.TrimSpace(in.Description) == "" {
		r.errorf("discoverability", "info.description is empty")
	}
	if len(in.Keywords) == 0 {
		r.errorf("discoverability", "info.keywords is empty")
	}
	if strings.TrimSpace(in.Author.Name) == "" {
		r.errorf("metadatavalid", "info.author.name is empty")
	}
	if !isHTTPS(in.Author.URL) {
		r.errorf("links", "info.author.url %q must be an absolute https URL", in.Author.URL)
	}
	repo := false
	for _, l := range in.Links {
		if strings.TrimSpace(l.Name) == "" || !isHTTPS(l.URL) {
			r.errorf("links", "info.links %q → %q: each link needs a name and an absolute https URL", l.Name, l.URL)
		}
		repo = repo || repoName.MatchString(l.Name)
	}
	if !repo {
		r.errorf("links", "info.links has no link to the source repository (a link named Repository, Source or GitHub)")
	}
}

// checkImages covers logos and screenshots (logos, screenshots, metadatapaths).
func checkImages(r *report, dir string, p pluginJSON) {
	type image struct{ what, path string }
	images := []image{{"info.logos.small", p.Info.Logos.Small}, {"info.logos.large", p.Info.Logos.Large}}
	if len(p.Info.Screenshots) == 0 {
		r.errorf("screenshots", "info.screenshots is empty: the catalog shows at least one")
	}
	for _, s := range p.Info.Screenshots {
		if strings.TrimSpace(s.Name) == "" {
			r.errorf("screenshots", "screenshot %q has no name", s.Path)
		}
		images = append(images, image{"screenshot " + s.Name, s.Path})
	}
	for _, img := range images {
		if strings.TrimSpace(img.path) == "" {
			r.errorf("logos", "%s: empty path", img.what)
			continue
		}
		if u, err := url.Parse(img.path); err != nil || u.IsAbs() || strings.HasPrefix(img.path, ".") || strings.HasPrefix(img.path, "/") {
			r.errorf("metadatapaths", "%s: %q must be relative to plugin.json, not starting with . or /", img.what, img.path)
			continue
		}
		if !imageExts[strings.ToLower(filepath.Ext(img.path))] {
			r.errorf("metadatapaths", "%s: %q is not an image file", img.what, img.path)
		}
		if !exists(filepath.Join(dir, img.path)) {
			r.errorf("metadatapaths", "%s: %s is not in the plugin", img.what, img.path)
		}
	}
}

func isHTTPS(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
