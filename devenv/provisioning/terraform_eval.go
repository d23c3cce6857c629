package provisioning

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// TFFacts are what the module reads from the provider's data sources.
type TFFacts struct {
	AccountID, Region, Partition string
}

// TFEval is a module evaluated for given inputs, the way Terraform would
// plan it, as far as the checks need: variables, locals, the instances of
// each resource (count, for_each) and their attributes. Provider-computed
// attributes (arn, id, json) get stand-in values derived from the block.
type TFEval struct {
	m       *TFModule
	facts   TFFacts
	vars    map[string]cty.Value
	locals  map[string]cty.Value
	objects map[string]cty.Value // resource type (or "data") → object of blocks
	// instances maps a block address to its instances' each/count values.
	instances map[string][]tfInstance
}

type tfInstance struct {
	key, each cty.Value
	obj       cty.Value
}

// tfFunctions are the Terraform functions the module may use.
var tfFunctions = map[string]function.Function{
	"concat": stdlib.ConcatFunc, "coalesce": stdlib.CoalesceFunc, "distinct": stdlib.DistinctFunc,
	"keys": stdlib.KeysFunc, "values": stdlib.ValuesFunc, "merge": stdlib.MergeFunc, "setproduct": stdlib.SetProductFunc,
	"length": stdlib.LengthFunc, "contains": stdlib.ContainsFunc, "format": stdlib.FormatFunc,
	"jsonencode": stdlib.JSONEncodeFunc, "lower": stdlib.LowerFunc, "upper": stdlib.UpperFunc,
	"flatten": stdlib.FlattenFunc, "compact": stdlib.CompactFunc, "join": stdlib.JoinFunc,
	"trimsuffix": stdlib.TrimSuffixFunc, "replace": replaceFunc,
}

// replaceFunc is Terraform's replace: a /regex/ pattern or a plain substring.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		pat := args[1].AsString()
		if len(pat) > 1 && strings.HasPrefix(pat, "/") && strings.HasSuffix(pat, "/") {
			return stdlib.RegexReplace(args[0], cty.StringVal(pat[1:len(pat)-1]), args[2])
		}
		return stdlib.Replace(args[0], args[1], args[2])
	},
})

// Eval evaluates the module with inputs (variables without a default must
// be given).
func (m *TFModule) Eval(inputs map[string]cty.Value, facts TFFacts) (*TFEval, error) {
	e := &TFEval{m: m, facts: facts, vars: map[string]cty.Value{}, locals: map[string]cty.Value{}, instances: map[string][]tfInstance{}}
	for name, blk := range m.Variables {
		if v, ok := inputs[name]; ok {
			e.vars[name] = v
			continue
		}
		def, ok := blk.Body.Attributes["default"]
		if !ok {
			return nil, fmt.Errorf("variable %s has no default: give it as input", name)
		}
		v, diags := def.Expr.Value(nil)
		if diags.HasErrors() {
			return nil, diags
		}
		e.vars[name] = v
	}
	for name := range inputs {
		if _, ok := m.Variables[name]; !ok {
			return nil, fmt.Errorf("input %s is not a variable of the module", name)
		}
	}
	for name := range m.Locals {
		e.locals[name] = cty.DynamicVal
	}
	// Locals and resources refer to each other (a bucket name in a local,
	// the local in a policy): evaluate in rounds until nothing changes.
	for round := 0; round < 10; round++ {
		e.buildObjects()
		changed := false
		for name, expr := range m.Locals {
			v, diags := expr.Value(e.ctx(nil))
			if diags.HasErrors() {
				v = cty.DynamicVal
			}
			if !v.RawEquals(e.locals[name]) {
				e.locals[name], changed = v, true
			}
		}
		if !changed && round > 0 {
			break
		}
	}
	e.buildObjects()
	for name, expr := range m.Locals {
		if _, diags := expr.Value(e.ctx(nil)); diags.HasErrors() {
			return nil, fmt.Errorf("local %s: %s", name, diags.Error())
		}
	}
	return e, nil
}

// ctx is the evaluation context, with extra variables (each, count).
func (e *TFEval) ctx(extra map[string]cty.Value) *hcl.EvalContext {
	vars := map[string]cty.Value{"var": cty.ObjectVal(e.vars), "local": cty.ObjectVal(e.locals)}
	for k, v := range e.objects {
		vars[k] = v
	}
	for k, v := range extra {
		vars[k] = v
	}
	return &hcl.EvalContext{Variables: vars, Functions: tfFunctions}
}

// Value evaluates an expression in the module, with extra variables.
func (e *TFEval) Value(expr hcl.Expression, extra map[string]cty.Value) (cty.Value, error) {
	v, diags := expr.Value(e.ctx(extra))
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return v, nil
}

// Local returns a local value.
func (e *TFEval) Local(name string) cty.Value { return e.locals[name] }

// buildObjects recomputes every block's instances and stand-in objects.
func (e *TFEval) buildObjects() {
	byType := map[string]map[string]cty.Value{}
	data := map[string]map[string]cty.Value{}
	for _, b := range e.m.Blocks {
		insts := e.expand(b)
		e.instances[b.Addr()] = insts
		var val cty.Value
		switch {
		case b.Body.Attributes["count"] != nil:
			objs := make([]cty.Value, len(insts))
			for i, in := range insts {
				objs[i] = in.obj
			}
			val = cty.TupleVal(objs)
		case b.Body.Attributes["for_each"] != nil:
			objs := map[string]cty.Value{}
			for _, in := range insts {
				objs[in.key.AsString()] = in.obj
			}
			val = cty.ObjectVal(objs)
		case len(insts) == 1:
			val = insts[0].obj
		default:
			val = cty.DynamicVal
		}
		target := byType
		if b.Kind == "data" {
			target = data
		}
		if target[b.Type] == nil {
			target[b.Type] = map[string]cty.Value{}
		}
		target[b.Type][b.Name] = val
	}
	e.objects = map[string]cty.Value{}
	for t, blocks := range byType {
		e.objects[t] = cty.ObjectVal(blocks)
	}
	dataObj := map[string]cty.Value{}
	for t, blocks := range data {
		dataObj[t] = cty.ObjectVal(blocks)
	}
	e.objects["data"] = cty.ObjectVal(dataObj)
}

// expand returns a block's instances: count, for_each or one.
func (e *TFEval) expand(b TFBlock) []tfInstance {
	var out []tfInstance
	add := func(key, each cty.Value, extra map[string]cty.Value) {
		out = append(out, tfInstance{key: key, each: each, obj: e.stand(b, extra)})
	}
	if a := b.Body.Attributes["count"]; a != nil {
		v, diags := a.Expr.Value(e.ctx(nil))
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() {
			return nil
		}
		n, _ := v.AsBigFloat().Int64()
		for i := int64(0); i < n; i++ {
			idx := cty.NumberIntVal(i)
			add(idx, cty.NilVal, map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": idx})})
		}
		return out
	}
	if a := b.Body.Attributes["for_each"]; a != nil {
		v, diags := a.Expr.Value(e.ctx(nil))
		if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() || !v.CanIterateElements() {
			return nil
		}
		for it := v.ElementIterator(); it.Next(); {
			k, val := it.Element()
			if v.Type().IsSetType() {
				k = val
			}
			add(k, val, map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": k, "value": val})})
		}
		return out
	}
	add(cty.NilVal, cty.NilVal, nil)
	return out
}

// stand builds the stand-in object of an instance: its top-level
// attributes as written (where they evaluate) and the computed attributes
// the module reads (arn, id, name, json, …) derived from them.
func (e *TFEval) stand(b TFBlock, extra map[string]cty.Value) cty.Value {
	attrs := map[string]cty.Value{}
	for name, a := range b.Body.Attributes {
		if name == "count" || name == "for_each" || name == "depends_on" {
			continue
		}
		if v, diags := a.Expr.Value(e.ctx(extra)); !diags.HasErrors() {
			attrs[name] = v
		}
	}
	str := func(k string) (string, bool) {
		v, ok := attrs[k]
		if !ok || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			return "", false
		}
		return v.AsString(), true
	}
	name, ok := str("name")
	if !ok {
		if name, ok = str("bucket"); !ok {
			name = b.Addr()
		}
	}
	p, acct := e.facts.Partition, e.facts.AccountID
	set := func(k, v string) {
		if _, ok := attrs[k]; !ok {
			attrs[k] = cty.StringVal(v)
		}
	}
	switch b.Type {
	case "aws_caller_identity":
		set("account_id", acct)
	case "aws_partition":
		set("partition", p)
	case "aws_region":
		set("region", e.facts.Region)
		set("name", e.facts.Region)
	case "aws_iam_role":
		set("arn", fmt.Sprintf("arn:%s:iam::%s:role/%s", p, acct, name))
	case "aws_s3_bucket":
		set("arn", fmt.Sprintf("arn:%s:s3:::%s", p, name))
	case "aws_iam_policy_document":
		set("json", "{}")
	case "aws_securitylake_subscriber":
		set("resource_share_arn", fmt.Sprintf("arn:%s:ram:%s:%s:resource-share/stand-in", p, e.facts.Region, acct))
		set("resource_share_name", "stand-in")
	}
	set("id", name)
	set("name", name)
	set("arn", fmt.Sprintf("arn:%s:%s:%s:%s:%s/%s", p, strings.TrimPrefix(b.Type, "aws_"), e.facts.Region, acct, b.Type, name))
	return cty.ObjectVal(attrs)
}

// Instances returns the evaluated instances of a block: their each/count
// context for evaluating nested blocks.
func (e *TFEval) Instances(addr string) []map[string]cty.Value {
	var out []map[string]cty.Value
	for _, in := range e.instances[addr] {
		extra := map[string]cty.Value{}
		if in.each != cty.NilVal {
			extra["each"] = cty.ObjectVal(map[string]cty.Value{"key": in.key, "value": in.each})
		} else if in.key != cty.NilVal {
			extra["count"] = cty.ObjectVal(map[string]cty.Value{"index": in.key})
		}
		out = append(out, extra)
	}
	return out
}

// NestedBlocks returns the nested blocks of a body with the given type,
// including the content of dynamic blocks of that type (evaluated with
// their iterator for each element of for_each).
func (e *TFEval) NestedBlocks(body *hclsyntax.Body, typ string, extra map[string]cty.Value) []NestedBlock {
	var out []NestedBlock
	for _, blk := range body.Blocks {
		switch {
		case blk.Type == typ:
			out = append(out, NestedBlock{Body: blk.Body, Vars: extra})
		case blk.Type == "dynamic" && len(blk.Labels) == 1 && blk.Labels[0] == typ:
			fe := blk.Body.Attributes["for_each"]
			var content *hclsyntax.Body
			for _, c := range blk.Body.Blocks {
				if c.Type == "content" {
					content = c.Body
				}
			}
			if fe == nil || content == nil {
				continue
			}
			v, err := e.Value(fe.Expr, extra)
			if err != nil || !v.IsWhollyKnown() || v.IsNull() {
				continue
			}
			for it := v.ElementIterator(); it.Next(); {
				k, val := it.Element()
				vars := map[string]cty.Value{}
				for a, b := range extra {
					vars[a] = b
				}
				vars[typ] = cty.ObjectVal(map[string]cty.Value{"key": k, "value": val})
				out = append(out, NestedBlock{Body: content, Vars: vars})
			}
		}
	}
	return out
}

// NestedBlock is a nested block with the variables its expressions see.
type NestedBlock struct {
	Body *hclsyntax.Body
	Vars map[string]cty.Value
}

// Attr evaluates an attribute of a nested block; ok is false when absent.
func (e *TFEval) Attr(nb NestedBlock, name string) (cty.Value, bool, error) {
	a := nb.Body.Attributes[name]
	if a == nil {
		return cty.NilVal, false, nil
	}
	v, err := e.Value(a.Expr, nb.Vars)
	return v, true, err
}
