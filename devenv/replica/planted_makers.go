package replica

import (
	"fmt"
	"time"
)

// Event makers of the planted network, DNS, finding, EKS and WAF situations.

func plantFlowSpike(c *gctx) []Event {
	target := c.ent.instances[0]
	out := make([]Event, 0, 250)
	for i := 0; i < 250; i++ {
		ts := c.within(c.clock(14, 0), time.Hour)
		f := flow{proto: 6, inbound: true, denied: true, packets: 1, bytes: 60, start: ts.Add(-time.Duration(c.r.IntN(30)) * time.Second),
			src: endpoint{fmt.Sprintf("%s%d", spikeNet, 1+c.r.IntN(254)), 1024 + c.r.IntN(60000)},
			dst: endpoint{target.ip, pick(c.r, []int{22, 3389, 445, 23})}, dstInst: &target}
		out = append(out, c.flowEvent(ts, f))
	}
	return out
}

func plantPortScan(c *gctx) []Event {
	target := c.ent.instances[1]
	ports := c.r.Perm(1024)[:120]
	out := make([]Event, 0, len(ports))
	for _, p := range ports {
		port := p + 1
		ts := c.within(c.clock(3, 0), 10*time.Minute)
		open := port == 22 || port == 80 || port == 443
		f := flow{proto: 6, inbound: true, denied: !open, packets: 1, bytes: 44, start: ts,
			src: endpoint{scannerIP, 40000 + c.r.IntN(20000)}, dst: endpoint{target.ip, port}, dstInst: &target}
		out = append(out, c.flowEvent(ts, f))
	}
	return out
}

// plantDNS: one instance resolves a beacon domain twice and four generated
// (DGA-like) names under it that do not exist.
func plantDNS(c *gctx) []Event {
	inst := c.ent.instances[2]
	var out []Event
	for i := 0; i < 2; i++ {
		out = append(out, c.dnsEvent(c.clock(23, 5+10*i), dnsQuery{inst: inst, hostname: "update." + c2Domain + ".", qtype: "A", answers: []string{attackerNet + "99"}}))
	}
	for i := 0; i < 4; i++ {
		out = append(out, c.dnsEvent(c.clock(23, 7+5*i), dnsQuery{inst: inst, hostname: hexID(c.r, 12) + "." + c2Domain + ".", qtype: "A", rcodeID: 3}))
	}
	return out
}

func plantFindings(c *gctx) []Event {
	inst := c.ent.instances[2]
	base := finding{severityID: 5, status: "New", activity: 1, created: c.clock(6, 30)}
	gd := base
	gd.classUID, gd.product, gd.title, gd.resType, gd.resUID, gd.confidence = 2004, "GuardDuty", "CryptoCurrency:EC2/BitcoinTool.B!DNS", "AwsEc2Instance", inst.id, 90
	gd.types = []string{"TTPs/Impact/CryptoCurrency:EC2-BitcoinTool.B!DNS"}
	insp := base
	insp.classUID, insp.product, insp.title, insp.resType, insp.resUID = 2002, "Inspector", "CVE-2024-3094 - xz", "AwsEc2Instance", inst.id
	insp.cve = &cveInfo{"CVE-2024-3094", 10.0, "xz", "5.6.0-1", "5.6.1-2"}
	insp.types = []string{"Software and Configuration Checks/Vulnerabilities/CVE"}
	ctl := base
	ctl.classUID, ctl.product, ctl.control, ctl.compliance = 2003, "Security Hub", "IAM.6", "FAILED"
	ctl.title, ctl.resType, ctl.resUID = "IAM.6 Hardware MFA should be enabled for the root user", "AwsAccount", "AWS::::Account:"+c.ent.account
	ctl.types = []string{"Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"}
	var out []Event
	for i, f := range []finding{gd, insp, ctl} {
		f.desc = f.title + " (" + c.ent.alias + ")"
		out = append(out, c.findingEvent(c.clock(7, 10*i), f))
	}
	return out
}

func plantPodExec(c *gctx) []Event {
	p := c.ent.pods[0]
	var out []Event
	for i := 0; i < 2; i++ {
		k := kubeCall{verb: "create", user: c.ent.users[0], srcIP: pick(c.r, c.ent.officeIPs), groups: []string{"system:authenticated", "developers"},
			code: 101, resType: "pods", res: p,
			path: "/api/v1/namespaces/" + p.namespace + "/pods/" + p.name + "/exec?command=%2Fbin%2Fsh&container=" + p.container + "&stdin=true&stdout=true&tty=true"}
		out = append(out, c.kubeEvent(c.clock(22, 15+20*i), k))
	}
	return out
}

// plantAnonymous: two allowed pod listings (an RBAC binding to
// system:anonymous) and three forbidden secret listings.
func plantAnonymous(c *gctx) []Event {
	var out []Event
	for i := 0; i < 5; i++ {
		k := kubeCall{verb: "list", user: "system:anonymous", srcIP: anonIP, groups: []string{"system:unauthenticated"}, code: 200,
			resType: "pods", res: pod{namespace: "default"}, path: "/api/v1/namespaces/default/pods"}
		if i >= 2 {
			k.code, k.resType, k.res, k.path = 403, "secrets", pod{namespace: "kube-system"}, "/api/v1/namespaces/kube-system/secrets"
		}
		out = append(out, c.kubeEvent(c.clock(22, 40+i), k))
	}
	return out
}

func plantWAF(c *gctx) []Event {
	out := make([]Event, 0, 80)
	for i := 0; i < 80; i++ {
		w := webRequest{method: "GET", host: c.ent.hosts[0], path: "/api/v1/products", args: "id=1%27%20OR%20%271%27%3D%271",
			ip: fmt.Sprintf("%s%d", attackerNet, 10+c.r.IntN(5)), country: "ZA", ua: "sqlmap/1.8.4#stable (https://sqlmap.org)",
			ruleUID: sqliRule, ruleType: "MANAGED_RULE_GROUP", blocked: true}
		out = append(out, c.wafEvent(c.within(c.clock(20, 0), time.Hour), w))
	}
	return out
}
