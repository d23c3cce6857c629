package provisioning

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// DocQuery is a query shown in the docs: a fenced ```sql or ```json block
// preceded by a <!-- query --> marker, which may name the Region of the
// replica it runs on (<!-- query region=eu-west-1 -->).
type DocQuery struct {
	File   string
	Line   int
	Lang   string
	Text   string
	Region string
}

var markerRe = regexp.MustCompile(`^<!--\s*query(?:\s+region=([a-z0-9-]+))?\s*-->$`)

// LoadDocQueries extracts the marked query blocks of every Markdown file of
// dir. A ```sql block without a marker is an error: every SQL shown in the
// docs must be run by a test.
func LoadDocQueries(dir string) ([]DocQuery, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []DocQuery
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		qs, err := docQueries(p, b)
		if err != nil {
			return nil, err
		}
		out = append(out, qs...)
	}
	return out, nil
}

func docQueries(path string, b []byte) ([]DocQuery, error) {
	var out []DocQuery
	sc := bufio.NewScanner(bytes.NewReader(b))
	var cur *DocQuery
	marked, region, n := false, "", 0
	for sc.Scan() {
		n++
		line := sc.Text()
		trim := strings.TrimSpace(line)
		switch {
		case cur != nil && trim == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.Text += line + "\n"
		case strings.HasPrefix(trim, "```"):
			lang := strings.TrimPrefix(trim, "```")
			if lang == "sql" && !marked {
				return nil, fmt.Errorf("%s:%d: a SQL block without a <!-- query --> marker (docs queries are run by e2e/provisioning_docs_test.go)", path, n)
			}
			if marked {
				if lang != "sql" && lang != "json" {
					return nil, fmt.Errorf("%s:%d: a query marker before a %q block", path, n, lang)
				}
				cur = &DocQuery{File: path, Line: n, Lang: lang, Region: region}
			} else {
				// Not a query: skip to the end of the block.
				for sc.Scan() {
					n++
					if strings.TrimSpace(sc.Text()) == "```" {
						break
					}
				}
			}
			marked, region = false, ""
		case trim == "":
		default:
			if m := markerRe.FindStringSubmatch(trim); m != nil {
				marked, region = true, m[1]
			} else {
				marked = false
			}
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("%s: unterminated code block at line %d", path, cur.Line)
	}
	return out, sc.Err()
}

// headingAnchor is GitHub's anchor of a Markdown heading.
func headingAnchor(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	return b.String()
}

// DocAnchors returns the heading anchors of a Markdown file.
func DocAnchors(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") {
			out[headingAnchor(strings.TrimLeft(line, "#"))] = true
		}
	}
	return out, nil
}

// DocQueryJSON turns a doc query into a query model: SQL blocks become
// table queries; JSON blocks are models as written.
func DocQueryJSON(q DocQuery) ([]byte, error) {
	if q.Lang == "sql" {
		return json.Marshal(map[string]any{"refId": "A", "mode": "sql", "format": "table", "rawSql": q.Text})
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(q.Text), &m); err != nil {
		return nil, err
	}
	m["refId"] = "A"
	return json.Marshal(m)
}
