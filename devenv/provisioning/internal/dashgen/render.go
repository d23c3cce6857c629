package dashgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/grafana/grafana-foundation-sdk/go/barchart"
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/logs"
	"github.com/grafana/grafana-foundation-sdk/go/piechart"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/table"
	"github.com/grafana/grafana-foundation-sdk/go/text"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"

	"github.com/seclake/securitylake-datasource/devenv/provisioning"
	"github.com/seclake/securitylake-datasource/pkg/models"
)

// dataquery is our plugin's query as a panel, annotation or variable stores
// it: the datasource reference, then the query model. It is the SDK's
// extension point for datasources it has no generated type for
// (variants.Dataquery); the SDK writes it with encoding/json.
type dataquery struct {
	Datasource *common.DataSourceRef `json:"datasource"`
	models.Query
}

// ImplementsDataqueryVariant marks dataquery as a variants.Dataquery.
func (dataquery) ImplementsDataqueryVariant() {}

// DataqueryType is the plugin id, as Grafana's dataquery types are named.
func (dataquery) DataqueryType() string { return provisioning.PluginID }

// Validate runs the plugin's own query validation, so a dashboard with a
// query the backend would refuse does not build.
func (q dataquery) Validate() error { return q.Query.Validate() }

// Equals compares two queries by value.
func (q dataquery) Equals(other variants.Dataquery) bool { return reflect.DeepEqual(q, other) }

// queryBuilder hands a dataquery to the SDK's builders.
type queryBuilder struct{ q dataquery }

// Build implements cog.Builder.
func (b queryBuilder) Build() (variants.Dataquery, error) { return b.q, nil }

// target wraps a query for a panel or an annotation.
func target(q models.Query) queryBuilder {
	return queryBuilder{dataquery{Datasource: dsRef(), Query: q}}
}

// dsRef is the datasource of every panel and target: the datasource variable.
func dsRef() *common.DataSourceRef {
	return &common.DataSourceRef{Type: cog.ToPtr(provisioning.PluginID), Uid: cog.ToPtr("${" + provisioning.DatasourceVar + "}")}
}

// Render writes a dashboard's JSON (two-space indented, trailing newline).
func Render(d Dashboard) ([]byte, error) {
	// The v1 (classic JSON) builder on purpose: file provisioning and the
	// plugin's bundled dashboards use the classic schema, which every
	// supported Grafana reads; v2 needs Grafana's newer dashboard API.
	//nolint:staticcheck // v1 is the schema Grafana provisions (above)
	b := dashboard.NewDashboardBuilder(d.Title).
		Uid(d.UID).
		Description(d.Description).
		Tags(append([]string{"security-lake", "ocsf"}, d.Tags...)).
		Editable().
		Tooltip(dashboard.DashboardCursorSyncOff).
		Time("now-24h", "now").
		Timezone("utc").
		Version(1).
		Link(dashboard.NewDashboardLinkBuilder("Security Lake dashboards").
			Type(dashboard.DashboardLinkTypeDashboards).Icon("external link").Tags([]string{"security-lake"}).
			AsDropdown(true).IncludeVars(true).KeepTime(true).TargetBlank(false).Tooltip(""))
	b.Annotation(dashboard.NewAnnotationQueryBuilder().
		Name("Annotations & Alerts").BuiltIn(1).Type("dashboard").Enable(true).Hide(true).IconColor("rgba(0, 211, 255, 1)").
		Datasource(common.DataSourceRef{Type: cog.ToPtr("grafana"), Uid: cog.ToPtr("-- Grafana --")}))
	for _, a := range d.Annotations {
		q := scoped(a.Target)
		q.RefID = "Anno"
		b.Annotation(dashboard.NewAnnotationQueryBuilder().
			Name(a.Name).Enable(true).IconColor(a.Color).Datasource(*dsRef()).Target(target(q)))
	}
	vars, err := variables(d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.UID, err)
	}
	for _, v := range vars {
		b.WithVariable(v)
	}
	id, y := uint32(0), 0
	for _, row := range d.Rows {
		x, h := 0, 0
		for _, p := range row {
			id++
			if x+p.W > 24 {
				return nil, fmt.Errorf("%s: row with %q is wider than 24", d.UID, p.Title)
			}
			if p.Type != "text" && len(p.Targets) == 0 {
				return nil, fmt.Errorf("%s: panel %q has no targets", d.UID, p.Title)
			}
			pb, err := panel(p, id, dashboard.GridPos{X: uint32(x), Y: uint32(y), W: uint32(p.W), H: uint32(p.H)})
			if err != nil {
				return nil, fmt.Errorf("%s: %w", d.UID, err)
			}
			b.WithPanel(pb)
			x += p.W
			h = max(h, p.H)
		}
		y += h
	}
	out, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.UID, err)
	}
	// The SDK places links and annotation toggles in the controls menu
	// (Grafana 12.4's "inControlsMenu"); ours stay in the dashboard's top
	// bar, where Grafana puts them when no placement is set.
	for i := range out.Links {
		out.Links[i].Placement = nil
	}
	for i := range out.Annotations.List {
		out.Annotations.List[i].Placement = nil
	}
	// The SDK gives every variable the interval variable's auto settings;
	// Grafana's schema (@grafana/schema) knows them on interval variables
	// only, and none of ours is one.
	for i := range out.Templating.List {
		if v := &out.Templating.List[i]; v.Type != dashboard.VariableTypeInterval {
			v.Auto, v.AutoMin, v.AutoCount = nil, nil, nil
		}
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

// common is what every panel builder of the SDK offers; decorate sets it.
type panelBuilder[B any] interface {
	Id(id uint32) B
	Title(title string) B
	Description(description string) B
	GridPos(gridPos dashboard.GridPos) B
	Datasource(datasource common.DataSourceRef) B
	WithTarget(target cog.Builder[variants.Dataquery]) B
	Unit(unit string) B
	WithOverride(matcher dashboard.MatcherConfig, properties []dashboard.DynamicConfigValue) B
	WithTransformation(transformation dashboard.DataTransformerConfig) B
}

// decorate sets the parts every panel shares: identity, place, datasource,
// queries (scoped to the dashboard's accounts and Regions), unit, the
// Investigation links and the panel's own overrides.
func decorate[B panelBuilder[B]](b B, p Panel, id uint32, pos dashboard.GridPos) B {
	b.Id(id).Title(p.Title).GridPos(pos)
	if p.Description != "" {
		b.Description(p.Description)
	}
	if p.Unit != "" {
		b.Unit(p.Unit)
	}
	if p.Type != "text" {
		b.Datasource(*dsRef())
		for i, q := range p.Targets {
			if q.RefID == "" {
				q.RefID = string(rune('A' + i))
			}
			b.WithTarget(target(scoped(q)))
		}
	}
	for _, o := range append(investigateLinks(p.Links), p.Overrides...) {
		b.WithOverride(o.Matcher, o.Properties)
	}
	if p.Merge {
		b.WithTransformation(dashboard.DataTransformerConfig{Id: "merge", Options: map[string]any{}})
	}
	return b
}

// legend is the legend Grafana 12 writes by default: a list at the bottom.
func legend() *common.VizLegendOptionsBuilder {
	return common.NewVizLegendOptionsBuilder().DisplayMode(common.LegendDisplayModeList).
		Placement(common.LegendPlacementBottom).ShowLegend(true).Calcs([]string{})
}

func tooltip(mode common.TooltipDisplayMode, sort common.SortOrder) *common.VizTooltipOptionsBuilder {
	return common.NewVizTooltipOptionsBuilder().Mode(mode).Sort(sort)
}

// panel builds one panel with the SDK builder of its type.
func panel(p Panel, id uint32, pos dashboard.GridPos) (cog.Builder[dashboard.Panel], error) {
	switch p.Type {
	case "timeseries":
		b := decorate(timeseries.NewPanelBuilder(), p, id, pos).
			Legend(legend()).Tooltip(tooltip(common.TooltipDisplayModeMulti, common.SortOrderDescending))
		if p.Bars {
			b.DrawStyle(common.GraphDrawStyleBars).FillOpacity(80)
		}
		if p.Stacked {
			b.Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNormal).Group("A"))
		}
		if p.Decimals != nil {
			b.Decimals(*p.Decimals)
		}
		return b, nil
	case "table":
		b := decorate(table.NewPanelBuilder(), p, id, pos).
			ShowHeader(true).CellHeight(common.TableCellHeightSm).
			Footer(common.NewTableFooterOptionsBuilder().Show(false).Reducer([]string{"sum"}).Fields([]string{}))
		if p.SortDesc != "" {
			b.SortBy([]cog.Builder[common.TableSortByFieldState]{
				common.NewTableSortByFieldStateBuilder().DisplayName(p.SortDesc).Desc(true)})
		}
		return b, nil
	case "stat":
		b := decorate(stat.NewPanelBuilder(), p, id, pos).
			ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"}).Fields("").Values(false)).
			ColorMode(common.BigValueColorModeBackground).GraphMode(common.BigValueGraphModeNone).
			JustifyMode(common.BigValueJustifyModeAuto).Orientation(common.VizOrientationAuto).TextMode(common.BigValueTextModeAuto)
		if p.Alert {
			b.ColorScheme(dashboard.NewFieldColorBuilder().Mode(dashboard.FieldColorModeIdThresholds)).
				Thresholds(thresholds(1, "red"))
		}
		return b, nil
	case "barchart":
		return decorate(barchart.NewPanelBuilder(), p, id, pos).
			Orientation(common.VizOrientationHorizontal).ShowValue(common.VisibilityModeAuto).Stacking(common.StackingModeNone).
			Legend(legend()).Tooltip(tooltip(common.TooltipDisplayModeSingle, common.SortOrderNone)).
			XTickLabelRotation(0).BarWidth(0.8).GroupWidth(0.7), nil
	case "piechart":
		return decorate(piechart.NewPanelBuilder(), p, id, pos).
			PieType(piechart.PieChartTypeDonut).Orientation(common.VizOrientationAuto).
			Legend(piechart.NewPieChartLegendOptionsBuilder().DisplayMode(common.LegendDisplayModeList).
				Placement(common.LegendPlacementBottom).ShowLegend(true).Calcs([]string{})).
			Tooltip(tooltip(common.TooltipDisplayModeSingle, common.SortOrderNone)).
			ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"}).Fields("").Values(true)), nil
	case "logs":
		return decorate(logs.NewPanelBuilder(), p, id, pos).
			ShowTime(true).ShowLabels(false).ShowCommonLabels(false).WrapLogMessage(true).PrettifyLogMessage(false).
			EnableLogDetails(true).DedupStrategy(common.LogsDedupStrategyNone).SortOrder(common.LogsSortOrderDescending), nil
	case "text":
		return decorate(text.NewPanelBuilder(), p, id, pos).Mode(text.TextModeMarkdown).Content(p.Content), nil
	}
	return nil, fmt.Errorf("panel %q: no builder for panel type %q", p.Title, p.Type)
}

// thresholds is green up to limit, then color.
func thresholds(limit float64, color string, more ...dashboard.Threshold) *dashboard.ThresholdsConfigBuilder {
	return dashboard.NewThresholdsConfigBuilder().Mode(dashboard.ThresholdsModeAbsolute).
		Steps(append([]dashboard.Threshold{{Color: "green"}, {Value: cog.ToPtr(limit), Color: color}}, more...))
}

// asMap turns a query into the map form the SDK's variable query takes.
func asMap(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(b, &m)
}

func str(s string) dashboard.StringOrArrayOfString {
	return dashboard.StringOrArrayOfString{String: &s}
}

// variables are the datasource, the lake version where it applies, the
// account and Region selections and the dashboard's own.
func variables(d Dashboard) ([]cog.Builder[dashboard.VariableModel], error) {
	src := d.VarSource
	vs := []cog.Builder[dashboard.VariableModel]{
		dashboard.NewDatasourceVariableBuilder(provisioning.DatasourceVar).Label("Datasource").Type(provisioning.PluginID).
			Current(dashboard.VariableOption{Text: str("Amazon Security Lake"), Value: str(DefaultDatasourceUID)}).
			Hide(dashboard.VariableHideDontHide).IncludeAll(false).Multi(false).Regex(""),
	}
	if d.Versioned {
		vs = append(vs, dashboard.NewCustomVariableBuilder(provisioning.VersionVar).Label("Lake version").
			Values(dashboard.StringOrMap{String: cog.ToPtr("2,1")}).
			Description("Security Lake source version: 2 (OCSF 1.1, Iceberg) or 1 (OCSF 1.0.0-rc.2, Hive). Panels on v2-only fields say so in their description.").
			Current(dashboard.VariableOption{Text: str("2"), Value: str("2")}).
			Options([]dashboard.VariableOption{
				{Text: str("2"), Value: str("2"), Selected: cog.ToPtr(true)},
				{Text: str("1"), Value: str("1"), Selected: cog.ToPtr(false)}}).
			Hide(dashboard.VariableHideDontHide).IncludeAll(false).Multi(false))
		src += "@${version}"
	}
	for _, col := range []struct{ name, label, column string }{{"account", "Account", "accountid"}, {"region", "Region", "region"}} {
		text := fmt.Sprintf(`SELECT DISTINCT "%s" AS "value" FROM $__optionalTable(%s) WHERE $__partitionFilter ORDER BY 1`, col.column, src)
		q, err := asMap(struct {
			QueryType string `json:"queryType"`
			models.Query
		}{"query", models.Query{RefID: col.name, Mode: models.ModeSQL, Format: models.FormatTable, RawSQL: text}})
		if err != nil {
			return nil, err
		}
		vs = append(vs, dashboard.NewQueryVariableBuilder(col.name).Label(col.label).Datasource(*dsRef()).
			Query(dashboard.StringOrMap{Map: q}).
			Current(dashboard.VariableOption{
				Text:  dashboard.StringOrArrayOfString{ArrayOfString: []string{"All"}},
				Value: dashboard.StringOrArrayOfString{ArrayOfString: []string{"$__all"}}}).
			Hide(dashboard.VariableHideDontHide).IncludeAll(true).Multi(true).
			Refresh(dashboard.VariableRefreshOnTimeRangeChanged).Regex("").Sort(dashboard.VariableSortAlphabeticalAsc))
	}
	return append(vs, d.Extra...), nil
}
