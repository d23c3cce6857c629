package dashgen

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/seclake/securitylake-datasource/devenv/provisioning"
	"github.com/seclake/securitylake-datasource/pkg/models"
)

// dashboardJSON is the dashboard as Grafana 12 exports it, keys in its order.
type dashboardJSON struct {
	Annotations          map[string]any    `json:"annotations"`
	Description          string            `json:"description"`
	Editable             bool              `json:"editable"`
	FiscalYearStartMonth int               `json:"fiscalYearStartMonth"`
	GraphTooltip         int               `json:"graphTooltip"`
	ID                   *int              `json:"id"`
	Links                []map[string]any  `json:"links"`
	Panels               []panelJSON       `json:"panels"`
	Refresh              string            `json:"refresh"`
	SchemaVersion        int               `json:"schemaVersion"`
	Tags                 []string          `json:"tags"`
	Templating           map[string]any    `json:"templating"`
	Time                 map[string]string `json:"time"`
	Timepicker           map[string]any    `json:"timepicker"`
	Timezone             string            `json:"timezone"`
	Title                string            `json:"title"`
	UID                  string            `json:"uid"`
	Version              int               `json:"version"`
	WeekStart            string            `json:"weekStart"`
}

type panelJSON struct {
	Datasource  *provisioning.DatasourceRef `json:"datasource,omitempty"`
	Description string                      `json:"description,omitempty"`
	FieldConfig map[string]any              `json:"fieldConfig"`
	GridPos     provisioning.GridPos        `json:"gridPos"`
	ID          int                         `json:"id"`
	Options     map[string]any              `json:"options"`
	Targets     []target                    `json:"targets,omitempty"`
	Title       string                      `json:"title"`
	// Transformations of panels with several targets.
	Transformations []map[string]any `json:"transformations,omitempty"`
	Type            string           `json:"type"`
}

// Render writes a dashboard's JSON (two-space indented, trailing newline).
func Render(d Dashboard) ([]byte, error) {
	out := dashboardJSON{
		Annotations:   map[string]any{"list": annotations(d.Annotations)},
		Description:   d.Description,
		Editable:      true,
		Links:         dashboardLinks(d),
		Panels:        []panelJSON{},
		Refresh:       "",
		SchemaVersion: schemaVersion,
		Tags:          append([]string{"security-lake", "ocsf"}, d.Tags...),
		Templating:    map[string]any{"list": variables(d)},
		Time:          map[string]string{"from": "now-24h", "to": "now"},
		Timepicker:    map[string]any{},
		Timezone:      "utc",
		Title:         d.Title,
		UID:           d.UID,
		Version:       1,
	}
	id, y := 0, 0
	for _, row := range d.Rows {
		x, h := 0, 0
		for _, p := range row {
			id++
			if x+p.W > 24 {
				return nil, fmt.Errorf("%s: row with %q is wider than 24", d.UID, p.Title)
			}
			pj, err := renderPanel(p, id, provisioning.GridPos{X: x, Y: y, W: p.W, H: p.H})
			if err != nil {
				return nil, fmt.Errorf("%s: %w", d.UID, err)
			}
			out.Panels = append(out.Panels, pj)
			x += p.W
			h = max(h, p.H)
		}
		y += h
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func renderPanel(p Panel, id int, pos provisioning.GridPos) (panelJSON, error) {
	pj := panelJSON{ID: id, Type: p.Type, Title: p.Title, Description: p.Description, GridPos: pos, Transformations: p.Transformations}
	defaults := map[string]any{}
	for k, v := range p.Defaults {
		defaults[k] = v
	}
	if p.Unit != "" {
		defaults["unit"] = p.Unit
	}
	overrides := append(investigateLinks(p.Links), p.Overrides...)
	if overrides == nil {
		overrides = []override{}
	}
	pj.FieldConfig = map[string]any{"defaults": defaults, "overrides": overrides}
	pj.Options = panelOptions(p)
	if p.Type == "text" {
		pj.Options["content"] = p.Content
		pj.Options["mode"] = "markdown"
		return pj, nil
	}
	pj.Datasource = dsRef
	for i, q := range p.Targets {
		if q.RefID == "" {
			q.RefID = string(rune('A' + i))
		}
		pj.Targets = append(pj.Targets, target{Datasource: dsRef, Query: scoped(q)})
	}
	if len(pj.Targets) == 0 {
		return pj, fmt.Errorf("panel %q has no targets", p.Title)
	}
	return pj, nil
}

// panelOptions are the options Grafana 12 writes for each panel type,
// merged with the panel's own.
func panelOptions(p Panel) map[string]any {
	legend := map[string]any{"displayMode": "list", "placement": "bottom", "showLegend": true, "calcs": []string{}}
	var o map[string]any
	switch p.Type {
	case "timeseries":
		o = map[string]any{"legend": legend, "tooltip": map[string]any{"mode": "multi", "sort": "desc"}}
	case "table":
		o = map[string]any{"showHeader": true, "cellHeight": "sm", "footer": map[string]any{"show": false, "reducer": []string{"sum"}, "fields": ""}}
	case "stat":
		o = map[string]any{"reduceOptions": map[string]any{"calcs": []string{"lastNotNull"}, "fields": "", "values": false},
			"colorMode": "background", "graphMode": "none", "justifyMode": "auto", "orientation": "auto", "textMode": "auto"}
	case "barchart":
		o = map[string]any{"orientation": "horizontal", "showValue": "auto", "stacking": "none", "legend": legend,
			"tooltip": map[string]any{"mode": "single", "sort": "none"}, "xTickLabelRotation": 0, "barWidth": 0.8, "groupWidth": 0.7}
	case "piechart":
		o = map[string]any{"pieType": "donut", "legend": legend, "tooltip": map[string]any{"mode": "single", "sort": "none"},
			"reduceOptions": map[string]any{"calcs": []string{"lastNotNull"}, "fields": "", "values": true}}
	case "logs":
		o = map[string]any{"showTime": true, "showLabels": false, "showCommonLabels": false, "wrapLogMessage": true,
			"prettifyLogMessage": false, "enableLogDetails": true, "dedupStrategy": "none", "sortOrder": "Descending"}
	default:
		o = map[string]any{}
	}
	for k, v := range p.Options {
		o[k] = v
	}
	return o
}

func annotations(as []annotation) []map[string]any {
	out := []map[string]any{{
		"builtIn": 1, "datasource": map[string]string{"type": "grafana", "uid": "-- Grafana --"},
		"enable": true, "hide": true, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard",
	}}
	for _, a := range as {
		q := scoped(a.Target)
		q.RefID = "Anno"
		out = append(out, map[string]any{
			"datasource": dsRef, "enable": true, "iconColor": a.Color, "name": a.Name,
			"target": target{Datasource: dsRef, Query: q},
		})
	}
	return out
}

// dashboardLinks put every bundled dashboard one click away, keeping the
// time range and variables.
func dashboardLinks(d Dashboard) []map[string]any {
	return []map[string]any{{
		"asDropdown": true, "icon": "external link", "includeVars": true, "keepTime": true,
		"tags": []string{"security-lake"}, "targetBlank": false, "title": "Security Lake dashboards", "tooltip": "", "type": "dashboards",
	}}
}

func variables(d Dashboard) []variable {
	src := d.VarSource
	vs := []variable{{
		"name": provisioning.DatasourceVar, "label": "Datasource", "type": "datasource",
		"query": provisioning.PluginID, "current": map[string]any{"text": "Amazon Security Lake", "value": DefaultDatasourceUID},
		"hide": 0, "includeAll": false, "multi": false, "options": []any{}, "refresh": 1, "regex": "",
	}}
	if d.Versioned {
		vs = append(vs, variable{
			"name": provisioning.VersionVar, "label": "Lake version", "type": "custom", "query": "2,1",
			"description": "Security Lake source version: 2 (OCSF 1.1, Iceberg) or 1 (OCSF 1.0.0-rc.2, Hive). Panels on v2-only fields say so in their description.",
			"current":     map[string]any{"text": "2", "value": "2"},
			"options":     []map[string]any{{"text": "2", "value": "2", "selected": true}, {"text": "1", "value": "1", "selected": false}},
			"hide":        0, "includeAll": false, "multi": false,
		})
		src += "@${version}"
	}
	for _, col := range []struct{ name, label string }{{"account", "Account"}, {"region", "Region"}} {
		text := fmt.Sprintf(`SELECT DISTINCT "%sid" AS "value" FROM $__table(%s) WHERE $__partitionFilter ORDER BY 1`, col.name, src)
		if col.name == "region" {
			text = fmt.Sprintf(`SELECT DISTINCT "region" AS "value" FROM $__table(%s) WHERE $__partitionFilter ORDER BY 1`, src)
		}
		q := models.Query{RefID: col.name, Mode: models.ModeSQL, Format: models.FormatTable, RawSQL: text}
		vs = append(vs, variable{
			"name": col.name, "label": col.label, "type": "query", "datasource": dsRef,
			"query": struct {
				QueryType string `json:"queryType"`
				models.Query
			}{"query", q},
			"current": map[string]any{"text": []string{"All"}, "value": []string{"$__all"}},
			"hide":    0, "includeAll": true, "multi": true, "options": []any{}, "refresh": 2, "regex": "", "sort": 1,
		})
	}
	return append(vs, d.Extra...)
}
