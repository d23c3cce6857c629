package provisioning

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// TFBlock is a resource or data block of a Terraform module.
type TFBlock struct {
	Kind string // "resource" or "data"
	Type string // e.g. aws_iam_role
	Name string
	Body *hclsyntax.Body
	File string
}

// Addr is the block's address, e.g. data.aws_iam_policy_document.query.
func (b TFBlock) Addr() string {
	if b.Kind == "data" {
		return "data." + b.Type + "." + b.Name
	}
	return b.Type + "." + b.Name
}

// TFModule is a parsed Terraform module (one directory of .tf files).
type TFModule struct {
	Dir       string
	Variables map[string]*hclsyntax.Block
	Locals    map[string]hcl.Expression
	Outputs   map[string]*hclsyntax.Block
	Blocks    []TFBlock
	Terraform []*hclsyntax.Block
	src       map[string][]byte
}

// LoadTerraform parses every .tf file of dir with HCL's native syntax
// parser and indexes its variables, locals, outputs, resources and data
// sources. Parse errors are returned with file and line.
func LoadTerraform(dir string) (*TFModule, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no .tf files in %s", dir)
	}
	sort.Strings(paths)
	m := &TFModule{Dir: dir, Variables: map[string]*hclsyntax.Block{}, Locals: map[string]hcl.Expression{},
		Outputs: map[string]*hclsyntax.Block{}, src: map[string][]byte{}}
	p := hclparse.NewParser()
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		f, diags := p.ParseHCL(b, path)
		if diags.HasErrors() {
			return nil, diags
		}
		m.src[path] = b
		body := f.Body.(*hclsyntax.Body)
		for _, blk := range body.Blocks {
			switch blk.Type {
			case "variable":
				m.Variables[blk.Labels[0]] = blk
			case "output":
				m.Outputs[blk.Labels[0]] = blk
			case "locals":
				for name, a := range blk.Body.Attributes {
					if _, dup := m.Locals[name]; dup {
						return nil, fmt.Errorf("%s: local %s defined twice", path, name)
					}
					m.Locals[name] = a.Expr
				}
			case "resource", "data":
				m.Blocks = append(m.Blocks, TFBlock{Kind: blk.Type, Type: blk.Labels[0], Name: blk.Labels[1], Body: blk.Body, File: path})
			case "terraform":
				m.Terraform = append(m.Terraform, blk)
			case "provider", "module", "moved", "import", "check", "removed":
			default:
				return nil, fmt.Errorf("%s: unknown top-level block %q", path, blk.Type)
			}
		}
	}
	return m, nil
}

// Block returns the resource or data block with the given address.
func (m *TFModule) Block(addr string) (TFBlock, bool) {
	for _, b := range m.Blocks {
		if b.Addr() == addr {
			return b, true
		}
	}
	return TFBlock{}, false
}

// Source returns the text of an expression as written.
func (m *TFModule) Source(e hcl.Expression) string {
	r := e.Range()
	b := m.src[r.Filename]
	if r.End.Byte > len(b) {
		return ""
	}
	return string(b[r.Start.Byte:r.End.Byte])
}

// ParseTerraformDirs parses every directory under root holding .tf files
// (the module and its submodules).
func ParseTerraformDirs(root string) (map[string]*TFModule, error) {
	out := map[string]*TFModule{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() || strings.HasPrefix(d.Name(), ".") && path != root {
			if d != nil && d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
				return filepath.SkipDir
			}
			return err
		}
		if tfs, _ := filepath.Glob(filepath.Join(path, "*.tf")); len(tfs) > 0 {
			m, err := LoadTerraform(path)
			if err != nil {
				return err
			}
			out[path] = m
		}
		return nil
	})
	return out, err
}

// ctyStrings converts a list, set or tuple of strings to a Go slice (unknown
// and null elements are skipped).
func ctyStrings(v cty.Value) []string {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	if v.Type() == cty.String {
		return []string{v.AsString()}
	}
	if !v.CanIterateElements() {
		return nil
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsKnown() && !e.IsNull() && e.Type() == cty.String {
			out = append(out, e.AsString())
		}
	}
	return out
}
