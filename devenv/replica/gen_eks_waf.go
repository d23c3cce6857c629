package replica

import (
	"fmt"
	"time"
)

// EKS audit logs (API Activity 6003) and AWS WAF web ACL logs (HTTP Activity
// 4002); both sources exist only in Security Lake v2.

// kubeVerbs maps Kubernetes audit verbs to API Activity ids.
var kubeVerbs = map[string]int{"create": 1, "get": 2, "list": 2, "watch": 2, "update": 3, "patch": 3, "delete": 4}

// kubeCall is one Kubernetes API request before it is written.
type kubeCall struct {
	verb, path, user, srcIP string
	groups                  []string
	code                    int
	res                     pod // namespace and name of the object; container unused
	resType                 string
}

const kubectlUA = "kubectl/v1.30.2 (linux/amd64) kubernetes/3968350"

// genEKS: nodes and controllers watching, people reading, CI deploying.
// Ordinary requests never exec into pods and are never anonymous.
func genEKS(c *gctx) Event {
	ts := c.at()
	e := c.ent
	p := pick(c.r, e.pods)
	inst := pick(c.r, e.instances)
	var k kubeCall
	switch n := c.r.IntN(100); {
	case n < 15: // health probes of the load balancer and kubelets: anonymous by design
		path := pick(c.r, []string{"/healthz", "/livez", "/readyz", "/readyz?verbose", "/livez/ping"})
		k = kubeCall{verb: "get", user: "system:anonymous", srcIP: pick(c.r, []string{c.ent.lb.ip, inst.ip}), groups: []string{"system:unauthenticated"},
			code: 200, resType: "nonResourceURL", path: path}
		return c.kubeEvent(ts, k)
	case n < 17: // a developer trying kubectl exec without the RBAC grant
		u := pick(c.r, e.users)
		k = kubeCall{verb: "create", user: u, srcIP: pick(c.r, e.officeIPs), groups: []string{"system:authenticated", "developers"},
			code: 403, resType: "pods", res: p, path: "/api/v1/namespaces/" + p.namespace + "/pods/" + p.name + "/exec?command=sh&container=" + p.container}
		return c.kubeEvent(ts, k)
	}
	switch n := c.r.IntN(10); {
	case n < 5:
		k = kubeCall{verb: pick(c.r, []string{"get", "list", "watch"}), user: "system:node:" + inst.host, srcIP: inst.ip,
			groups: []string{"system:nodes", "system:authenticated"}, resType: "pods", res: pod{namespace: p.namespace}}
		k.path = "/api/v1/namespaces/" + p.namespace + "/pods"
	case n < 7:
		u := pick(c.r, e.users)
		k = kubeCall{verb: pick(c.r, []string{"get", "list"}), user: u, srcIP: pick(c.r, e.officeIPs),
			groups: []string{"system:authenticated", "developers"}, resType: "pods", res: p}
		k.path = "/api/v1/namespaces/" + p.namespace + "/pods/" + p.name
	case n < 9:
		k = kubeCall{verb: pick(c.r, []string{"get", "patch", "update"}), user: "system:serviceaccount:ci:deployer", srcIP: pick(c.r, e.instances).ip,
			groups: []string{"system:serviceaccounts", "system:authenticated"}, resType: "deployments", res: pod{namespace: p.namespace, name: p.container}}
		k.path = "/apis/apps/v1/namespaces/" + p.namespace + "/deployments/" + p.container
	default:
		k = kubeCall{verb: "get", user: "system:serviceaccount:" + p.namespace + ":" + p.container, srcIP: inst.ip,
			groups: []string{"system:serviceaccounts", "system:authenticated"}, resType: "secrets", res: pod{namespace: p.namespace, name: p.container + "-credentials"}}
		k.path = "/api/v1/namespaces/" + p.namespace + "/secrets/" + k.res.name
	}
	k.code = 200
	if k.verb == "create" {
		k.code = 201
	}
	return c.kubeEvent(ts, k)
}

func (c *gctx) kubeEvent(ts time.Time, k kubeCall) Event {
	ev := c.newEvent(6003, kubeVerbs[k.verb], 1, ts)
	ev.Set("metadata.product.name", "Amazon EKS")
	ev.Set("metadata.product.version", "audit.k8s.io/v1")
	ev.Set("metadata.product.feature.name", "Elastic Kubernetes Service")
	ev.Set("metadata.log_level", "RequestResponse")
	ev.Set("api.request.uid", c.uuid())
	ev.Set("api.operation", k.verb)
	ev.Set("api.version", "v1")
	ev.Set("api.response.code", k.code)
	if k.code >= 400 {
		ev.Set("api.response.error", "Forbidden")
		ev.Set("api.response.message", fmt.Sprintf("%s is forbidden: User %q cannot %s resource %q", k.resType, k.user, k.verb, k.resType))
	}
	if k.resType == "deployments" {
		ev.Set("api.group.name", "apps")
	}
	ev.Set("http_request.url.path", k.path)
	ev.Set("http_request.user_agent", kubectlUA)
	ev.Set("actor.user.name", k.user)
	ev.Set("actor.user.uid", "aws-iam-authenticator:"+c.ent.account+":"+hexID(c.r, 20))
	groups := make([]map[string]any, len(k.groups))
	for i, g := range k.groups {
		groups[i] = map[string]any{"name": g}
	}
	ev.Set("actor.user.groups", groups)
	ev.Set("src_endpoint.ip", k.srcIP)
	ev["start_time_dt"] = tsString(ts.Add(-time.Duration(c.r.IntN(500)) * time.Millisecond))
	ev["resources"] = []map[string]any{{"type": k.resType, "namespace": k.res.namespace, "name": k.res.name, "version": "v1"}}
	ev["unmapped"] = map[string]string{"stage": "ResponseComplete", "cluster": c.ent.cluster}
	c.setObservables(ev, observable("actor.user.name", k.user, 4), observable("src_endpoint.ip", k.srcIP, 2))
	return ev
}

// httpMethods maps HTTP methods to HTTP Activity ids (OCSF 1.1.0 http_activity).
var httpMethods = map[string]int{"CONNECT": 1, "DELETE": 2, "GET": 3, "HEAD": 4, "OPTIONS": 5, "POST": 6, "PUT": 7, "TRACE": 8}

var (
	wafCountries = []string{"US", "US", "US", "DE", "GB", "FR", "IN", "BR", "JP", "CA", "NL", "IE"}
	wafPaths     = []string{"/", "/index.html", "/api/v1/orders", "/api/v1/products", "/login", "/static/app.js", "/healthz"}
	browserUAs   = []string{consoleUA, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "curl/8.5.0"}
)

// webRequest is one WAF log record before it is written.
type webRequest struct {
	method, host, path, args, ip, country, ua string
	ruleUID, ruleType                         string
	blocked                                   bool
}

func genWAF(c *gctx) Event {
	ts := c.at()
	w := webRequest{method: pick(c.r, []string{"GET", "GET", "GET", "POST"}), host: pick(c.r, c.ent.hosts), path: pick(c.r, wafPaths),
		ip: pick(c.r, c.ent.publicIPs), country: pick(c.r, wafCountries), ua: pick(c.r, browserUAs), ruleUID: "Default_Action", ruleType: "REGULAR"}
	if c.r.IntN(30) == 0 {
		w.blocked = true
		w.ruleUID, w.ruleType = "AWS-AWSManagedRulesCommonRuleSet", "MANAGED_RULE_GROUP"
		if c.r.IntN(2) == 0 {
			w.ruleUID, w.ruleType = "RateLimitPerIP", "RATE_BASED"
		}
	}
	return c.wafEvent(ts, w)
}

func (c *gctx) wafEvent(ts time.Time, w webRequest) Event {
	ev := c.newEvent(4002, httpMethods[w.method], 1, ts)
	ev.Set("metadata.product.name", "AWS WAF")
	ev.Set("metadata.product.version", "1.0")
	ev.Set("metadata.product.feature.uid", c.ent.webACL)
	ev.Set("src_endpoint.svc_name", "ALB")
	ev.Set("src_endpoint.uid", "app/"+c.ent.alias+"-alb/"+hexID(c.r, 16))
	ev.Set("src_endpoint.ip", w.ip)
	ev.Set("src_endpoint.location.country", w.country)
	ev.Set("http_request.url.path", w.path)
	ev.Set("http_request.url.hostname", w.host)
	ev.Set("http_request.version", "HTTP/1.1")
	ev.Set("http_request.http_method", w.method)
	ev.Set("http_request.uid", hexID(c.r, 36))
	if w.args != "" {
		ev.Set("http_request.args", w.args)
	}
	ev.Set("http_request.user_agent", w.ua)
	ev.Set("http_request.http_headers", []map[string]any{{"name": "Host", "value": w.host}, {"name": "User-Agent", "value": w.ua}})
	ev.Set("firewall_rule.uid", w.ruleUID)
	ev.Set("firewall_rule.type", w.ruleType)
	action, actionID, disp, dispID, code := "Allowed", 1, "Allowed", 1, 200
	if w.blocked {
		action, actionID, disp, dispID, code = "Denied", 2, "Blocked", 2, 403
	}
	ev["http_status"] = code
	ev["action"], ev["action_id"], ev["disposition"], ev["disposition_id"] = action, actionID, disp, dispID
	ev["unmapped"] = map[string]string{"webaclId": c.ent.webACL, "terminatingRuleType": w.ruleType}
	c.setObservables(ev, observable("src_endpoint.ip", w.ip, 2), observable("http_request.url.hostname", w.host, 1))
	return ev
}
