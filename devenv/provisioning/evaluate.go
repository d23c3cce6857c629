package provisioning

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// ReduceExpr is a Grafana reduce expression.
type ReduceExpr struct {
	RefID      string `json:"refId"`
	Type       string `json:"type"`
	Expression string `json:"expression"`
	Reducer    string `json:"reducer"`
	Settings   struct {
		// Mode is "" (strict: a null makes the result NaN), "dropNN" or
		// "replaceNN" (nulls become ReplaceWithValue).
		Mode             string  `json:"mode"`
		ReplaceWithValue float64 `json:"replaceWithValue"`
	} `json:"settings"`
}

// ThresholdExpr is a Grafana threshold expression with one condition.
type ThresholdExpr struct {
	RefID      string `json:"refId"`
	Type       string `json:"type"`
	Expression string `json:"expression"`
	Conditions []struct {
		Evaluator struct {
			Type   string    `json:"type"`
			Params []float64 `json:"params"`
		} `json:"evaluator"`
	} `json:"conditions"`
}

// Expressions is a rule's reduce → threshold chain.
type Expressions struct {
	Reduce    ReduceExpr
	Threshold ThresholdExpr
}

// ParseExpressions reads the reduce and threshold expressions of a rule.
func ParseExpressions(r Rule) (Expressions, error) {
	var e Expressions
	var haveR, haveT bool
	for _, d := range r.Data {
		if d.DatasourceUID != ExprDatasourceUID {
			continue
		}
		b, err := json.Marshal(d.Model)
		if err != nil {
			return e, err
		}
		switch t, _ := d.Model["type"].(string); t {
		case "reduce":
			if err := json.Unmarshal(b, &e.Reduce); err != nil {
				return e, err
			}
			e.Reduce.RefID, haveR = d.RefID, true
		case "threshold":
			if err := json.Unmarshal(b, &e.Threshold); err != nil {
				return e, err
			}
			e.Threshold.RefID, haveT = d.RefID, true
		default:
			return e, fmt.Errorf("expression %s: type %q is not reduce or threshold", d.RefID, t)
		}
	}
	if !haveR || !haveT || len(e.Threshold.Conditions) != 1 {
		return e, fmt.Errorf("want one reduce and one threshold expression with one condition")
	}
	switch e.Reduce.Reducer {
	case "sum", "max", "min", "mean", "last", "count":
	default:
		return e, fmt.Errorf("reducer %q is not supported here", e.Reduce.Reducer)
	}
	ev := e.Threshold.Conditions[0].Evaluator
	want := map[string]int{"gt": 1, "lt": 1, "within_range": 2, "outside_range": 2}
	if n, ok := want[ev.Type]; !ok || len(ev.Params) < n {
		return e, fmt.Errorf("threshold %q with %d params is not supported here", ev.Type, len(ev.Params))
	}
	return e, nil
}

// Point is one value of a series; nil is a null.
type Point struct {
	Time  time.Time
	Value *float64
}

// Series is one labelled numeric series of a query's result.
type Series struct {
	Labels data.Labels
	Points []Point
}

// SeriesOf reads the numeric series of frames the way Grafana's expression
// engine reads a datasource response: in a frame with a time field every
// numeric field is a series (its labels identify it); in a frame without
// one, each row is a number labelled by the row's string fields.
func SeriesOf(frames data.Frames) []Series {
	var out []Series
	for _, f := range frames {
		n, _ := f.RowLen()
		ti := -1
		for i, fld := range f.Fields {
			if fld.Type().Time() {
				ti = i
				break
			}
		}
		if ti >= 0 {
			for _, fld := range f.Fields {
				if !fld.Type().Numeric() {
					continue
				}
				s := Series{Labels: fld.Labels.Copy()}
				for i := 0; i < n; i++ {
					t, _ := f.Fields[ti].ConcreteAt(i)
					tt, _ := t.(time.Time)
					s.Points = append(s.Points, Point{Time: tt, Value: floatAt(fld, i)})
				}
				out = append(out, s)
			}
			continue
		}
		for i := 0; i < n; i++ {
			labels := data.Labels{}
			var val *float64
			for _, fld := range f.Fields {
				switch {
				case fld.Type().Numeric() && val == nil:
					val = floatAt(fld, i)
				case fld.Type() == data.FieldTypeString || fld.Type() == data.FieldTypeNullableString:
					if v, ok := fld.ConcreteAt(i); ok {
						labels[fld.Name] = fmt.Sprint(v)
					}
				}
			}
			out = append(out, Series{Labels: labels, Points: []Point{{Value: val}}})
		}
	}
	return out
}

func floatAt(f *data.Field, i int) *float64 {
	v, ok := f.ConcreteAt(i)
	if !ok {
		return nil
	}
	var x float64
	switch n := v.(type) {
	case int64:
		x = float64(n)
	case int32:
		x = float64(n)
	case int16:
		x = float64(n)
	case int8:
		x = float64(n)
	case uint64:
		x = float64(n)
	case uint32:
		x = float64(n)
	case float64:
		x = n
	case float32:
		x = float64(n)
	default:
		return nil
	}
	return &x
}

// Reduce applies the reduce expression to one series.
func (r ReduceExpr) Reduce(points []Point) float64 {
	var vals []float64
	for _, p := range points {
		switch {
		case p.Value != nil && !math.IsNaN(*p.Value):
			vals = append(vals, *p.Value)
		case r.Settings.Mode == "dropNN":
		case r.Settings.Mode == "replaceNN":
			vals = append(vals, r.Settings.ReplaceWithValue)
		default:
			return math.NaN()
		}
	}
	switch r.Reducer {
	case "count":
		return float64(len(vals))
	case "sum":
		s := 0.0
		for _, v := range vals {
			s += v
		}
		return s
	}
	if len(vals) == 0 {
		return math.NaN()
	}
	switch r.Reducer {
	case "last":
		return vals[len(vals)-1]
	case "mean":
		s := 0.0
		for _, v := range vals {
			s += v
		}
		return s / float64(len(vals))
	case "min":
		m := vals[0]
		for _, v := range vals[1:] {
			m = math.Min(m, v)
		}
		return m
	}
	m := vals[0]
	for _, v := range vals[1:] {
		m = math.Max(m, v)
	}
	return m
}

// Fires reports whether the threshold condition holds for a reduced value
// (NaN never fires).
func (t ThresholdExpr) Fires(v float64) bool {
	if math.IsNaN(v) {
		return false
	}
	ev := t.Conditions[0].Evaluator
	switch ev.Type {
	case "gt":
		return v > ev.Params[0]
	case "lt":
		return v < ev.Params[0]
	case "within_range":
		return v > ev.Params[0] && v < ev.Params[1]
	case "outside_range":
		return v < ev.Params[0] || v > ev.Params[1]
	}
	return false
}

// Instance is one alert instance of an evaluation: a series' labels, its
// reduced value and whether the condition fired.
type Instance struct {
	Labels data.Labels
	Value  float64
	Firing bool
}

// Evaluate runs the chain on a query's series. No series is Grafana's
// "no data", which these rules map to OK (noDataState).
func (e Expressions) Evaluate(series []Series) []Instance {
	out := make([]Instance, 0, len(series))
	for _, s := range series {
		v := e.Reduce.Reduce(s.Points)
		out = append(out, Instance{Labels: s.Labels, Value: v, Firing: e.Threshold.Fires(v)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Labels.String() < out[j].Labels.String() })
	return out
}

// Firing returns the firing instances.
func Firing(in []Instance) []Instance {
	var out []Instance
	for _, x := range in {
		if x.Firing {
			out = append(out, x)
		}
	}
	return out
}

// Sweep simulates the rule being evaluated every step over [from, to] when
// its query returns series bucketed at step and its reducer is additive
// (sum, count of buckets): at each evaluation time t, the window
// [t-window, t) holds the buckets whose start lies in it, which is what the
// query returns for that window up to events at exactly t. It returns the
// evaluation times at which any instance fires, with those instances.
func (e Expressions) Sweep(series []Series, from, to time.Time, step, window time.Duration) map[time.Time][]Instance {
	out := map[time.Time][]Instance{}
	for t := from.Truncate(step); !t.After(to); t = t.Add(step) {
		var windowed []Series
		for _, s := range series {
			w := Series{Labels: s.Labels}
			for _, p := range s.Points {
				if !p.Time.Before(t.Add(-window)) && p.Time.Before(t) {
					w.Points = append(w.Points, p)
				}
			}
			if len(w.Points) > 0 {
				windowed = append(windowed, w)
			}
		}
		if f := Firing(e.Evaluate(windowed)); len(f) > 0 {
			out[t] = f
		}
	}
	return out
}
