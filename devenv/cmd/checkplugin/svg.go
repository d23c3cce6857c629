package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// svgForbidden are elements that can run code or embed foreign documents in
// an SVG that Grafana shows inline (unsafesvg).
var svgForbidden = map[string]bool{
	"script": true, "iframe": true, "foreignobject": true, "embed": true, "object": true,
	"audio": true, "video": true, "noscript": true, "template": true, "math": true,
	"noembed": true, "noframes": true, "plaintext": true, "xmp": true,
}

// validateSVG refuses scripts, foreign content, event handler attributes
// (on*), javascript: links and external references (fonts, images, styles
// loaded from elsewhere).
func validateSVG(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	sawSVG := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("not well-formed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			sawSVG = sawSVG || name == "svg"
			if svgForbidden[name] {
				return fmt.Errorf("element <%s> is not allowed", t.Name.Local)
			}
			for _, a := range t.Attr {
				key := strings.ToLower(a.Name.Local)
				val := strings.ToLower(strings.TrimSpace(a.Value))
				if strings.HasPrefix(key, "on") {
					return fmt.Errorf("event attribute %s on <%s>", a.Name.Local, t.Name.Local)
				}
				if key == "href" && !strings.HasPrefix(val, "#") {
					return fmt.Errorf("<%s> links outside the file (%s)", t.Name.Local, a.Value)
				}
				if strings.Contains(val, "javascript:") || strings.Contains(val, "url(http") || strings.Contains(val, "@import") {
					return fmt.Errorf("<%s %s> loads or runs something external", t.Name.Local, a.Name.Local)
				}
			}
		case xml.CharData:
			s := strings.ToLower(string(t))
			if strings.Contains(s, "@import") || strings.Contains(s, "url(http") || strings.Contains(s, "javascript:") {
				return errors.New("a style loads something external")
			}
		}
	}
	if !sawSVG {
		return errors.New("no <svg> element")
	}
	return nil
}

// checkSourceMap compares the plugin's own sources in module.js.map with the
// files under src/ of the source tree (the validator's jsMap rule): the
// bundle must come from the code that is reviewed.
func checkSourceMap(r *report, mapFile, id, srcDir string) {
	raw, err := os.ReadFile(mapFile)
	if err != nil {
		r.errorf("js-map-invalid", "%v", err)
		return
	}
	var sm struct {
		Sources        []string  `json:"sources"`
		SourcesContent []*string `json:"sourcesContent"`
	}
	if err := json.Unmarshal(raw, &sm); err != nil {
		r.errorf("js-map-invalid", "module.js.map: %v", err)
		return
	}
	prefix := "webpack://" + id + "/./"
	own, diffs := 0, 0
	for i, s := range sm.Sources {
		rel, ok := strings.CutPrefix(s, prefix)
		if !ok || strings.Contains(rel, "node_modules/") || i >= len(sm.SourcesContent) || sm.SourcesContent[i] == nil {
			continue
		}
		own++
		b, err := os.ReadFile(filepath.Join(srcDir, filepath.FromSlash(rel)))
		if err != nil || string(b) != *sm.SourcesContent[i] {
			diffs++
			if diffs <= 5 {
				r.errorf("js-map-no-match", "src/%s differs from the source the bundle was built from", rel)
			}
		}
	}
	if own == 0 {
		r.errorf("js-map-invalid", "module.js.map has no source under %s with its content", prefix)
	}
	if diffs > 5 {
		r.errorf("js-map-no-match", "… and %d more", diffs-5)
	}
}
