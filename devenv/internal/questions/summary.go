package questions

import (
	"fmt"
	"sort"
	"strings"
)

// Count is a number of questions and how many of them the builder
// expresses.
type Count struct{ Total, Builder int }

// Summary is the figures of a question set.
type Summary struct {
	Count
	ByShape  map[string]Count
	BySource map[string]Count // "source v2"
	ByFile   map[string]Count
	Gaps     map[string]int // gap feature → questions
}

// Share is the builder-expressible share, 0..1.
func (c Count) Share() float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(c.Builder) / float64(c.Total)
}

// Summarize counts a question set.
func Summarize(qs []Question) Summary {
	s := Summary{ByShape: map[string]Count{}, BySource: map[string]Count{}, ByFile: map[string]Count{}, Gaps: map[string]int{}}
	add := func(m map[string]Count, k string, b bool) {
		c := m[k]
		c.Total++
		if b {
			c.Builder++
		}
		m[k] = c
	}
	for _, q := range qs {
		b := q.Expressible()
		s.Total++
		if b {
			s.Builder++
		} else {
			s.Gaps[q.GapFeature()]++
		}
		add(s.ByShape, q.Shape, b)
		add(s.BySource, fmt.Sprintf("%s v%d", q.Source, q.Version), b)
		add(s.ByFile, q.File, b)
	}
	return s
}

// Markdown renders the summary as the tables the notes and docs quote.
func (s Summary) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Questions: %d; builder-expressible: %d (%.1f %%)\n\n", s.Total, s.Builder, 100*s.Share())
	table := func(title string, m map[string]Count) {
		fmt.Fprintf(&b, "| %s | questions | builder | share |\n|---|---:|---:|---:|\n", title)
		for _, k := range sortedKeys(m) {
			c := m[k]
			fmt.Fprintf(&b, "| %s | %d | %d | %.0f %% |\n", k, c.Total, c.Builder, 100*c.Share())
		}
		b.WriteString("\n")
	}
	table("shape", s.ByShape)
	table("source", s.BySource)
	table("file", s.ByFile)
	b.WriteString("| gap (feature) | questions |\n|---|---:|\n")
	keys := make([]string, 0, len(s.Gaps))
	for k := range s.Gaps {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if s.Gaps[keys[i]] != s.Gaps[keys[j]] {
			return s.Gaps[keys[i]] > s.Gaps[keys[j]]
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		fmt.Fprintf(&b, "| %s | %d |\n", k, s.Gaps[k])
	}
	return b.String()
}

func sortedKeys(m map[string]Count) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
