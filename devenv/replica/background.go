package replica

import "time"

// The background: what real traffic does every day besides the ordinary
// per-event mix, in bursts the ordinary draws never produce. Each burst is a
// false-positive class a naive detection fires on (docs/alerting.md): internet
// scanners sweeping the public addresses, a load balancer replying to its
// clients from port 443 to their ephemeral ports, a NAT gateway receiving the
// replies of the services it reaches, vulnerability scanners probing the web
// ACL. None of them uses a planted marker (the RFC 5737 networks, the planted
// operations or identities), so planted counts stay exact.

// backgroundGens make the day's background bursts of a source.
var backgroundGens = map[string]func(*gctx) []Event{
	"cloud_trail_mgmt": cloudTrailBackground,
	"vpc_flow":         flowBackground,
	"waf":              wafBackground,
}

// Background returns the day's background bursts of table t for one account:
// deterministic, from their own random stream.
func (g *Generator) Background(t Table, account string, day time.Time) []Event {
	gen, ok := backgroundGens[t.Source]
	if !ok || g.cfg.Volume == 0 {
		return nil
	}
	return gen(g.ctx(t, account, day.UTC().Truncate(24*time.Hour), "background"))
}

// scanPorts are the ports internet-wide scanners probe; none is open on the
// instances' security groups, so every probe is refused.
var scanPorts = []int{23, 25, 445, 1433, 2375, 3306, 3389, 5432, 5900, 6379, 8080, 8443, 9200, 11211, 27017}

// flowBackground: diffuse internet scanning (refused probes at any hour),
// two scanner sweeps (one source, 6-10 ports, every instance, 3 minutes),
// a load balancer's reply flows (443 → clients' ephemeral ports) and a NAT
// gateway's inbound replies (443 → its ephemeral ports) at the office peak.
func flowBackground(c *gctx) []Event {
	e := c.ent
	var out []Event
	probe := func(ts time.Time, src string, inst instance, port int) {
		f := flow{proto: 6, inbound: true, denied: true, packets: 1, bytes: 44, start: ts.Add(-time.Duration(c.r.IntN(50)) * time.Second),
			src: endpoint{src, 1024 + c.r.IntN(64000)}, dst: endpoint{inst.ip, port}, dstInst: &inst}
		out = append(out, c.flowEvent(ts, f))
	}
	// Diffuse scanning: about two probes per ordinary flow, from sources
	// that each try one to three ports.
	for n := 0; n < 2*c.volume(); {
		src := publicIP(c.r)
		ts := c.within(c.day, 24*time.Hour-10*time.Minute)
		inst := pick(c.r, e.instances)
		for k := 1 + c.r.IntN(3); k > 0; k-- {
			probe(ts.Add(time.Duration(c.r.IntN(120))*time.Second), src, inst, pick(c.r, scanPorts))
			n++
		}
	}
	// Sweeps, seven hours apart.
	for _, h := range []int{c.peakHour() - 4, c.peakHour() + 3} {
		src := publicIP(c.r)
		start := c.day.Add(time.Duration((h+24)%24)*time.Hour + time.Duration(c.r.IntN(40))*time.Minute)
		ports := c.r.Perm(len(scanPorts))[:6+c.r.IntN(5)]
		for _, inst := range e.instances {
			for _, pi := range ports {
				probe(c.within(start, 3*time.Minute), src, inst, scanPorts[pi])
			}
		}
	}
	// Replies of a load balancer and a NAT gateway: one flow record per
	// client connection, each to another ephemeral port.
	peak := c.day.Add(time.Duration(c.peakHour())*time.Hour + time.Duration(c.r.IntN(40))*time.Minute)
	lb, nat := e.lb, e.nat
	for i := 0; i < 70; i++ {
		ts := c.within(peak, 10*time.Minute)
		f := flow{proto: 6, src: endpoint{lb.ip, 443}, dst: endpoint{pick(c.r, e.publicIPs), 32768 + c.r.IntN(28000)}, srcInst: &lb,
			packets: int64(2 + c.r.IntN(40)), start: ts.Add(-time.Duration(c.r.IntN(60)) * time.Second)}
		f.bytes = f.packets * 900
		out = append(out, c.flowEvent(ts, f))
	}
	api := pick(c.r, e.publicIPs)
	for i := 0; i < 60; i++ {
		ts := c.within(peak.Add(time.Hour), 10*time.Minute)
		f := flow{proto: 6, inbound: true, src: endpoint{api, 443}, dst: endpoint{nat.ip, 1024 + c.r.IntN(64000)}, dstInst: &nat,
			packets: int64(2 + c.r.IntN(40)), start: ts.Add(-time.Duration(c.r.IntN(60)) * time.Second)}
		f.bytes = f.packets * 1200
		out = append(out, c.flowEvent(ts, f))
	}
	return out
}

// scannerPaths are what vulnerability scanners request from any web site.
var scannerPaths = []string{"/.env", "/wp-login.php", "/.git/config", "/phpmyadmin/", "/admin/config.php", "/cgi-bin/luci", "/actuator/env", "/server-status"}

// wafBackground: one vulnerability scanner a day, 10-25 requests in five
// minutes, blocked by the common managed rule set.
func wafBackground(c *gctx) []Event {
	ip, n := publicIP(c.r), 10+c.r.IntN(16)
	start := c.within(c.day, 23*time.Hour)
	out := make([]Event, 0, n)
	for i := 0; i < n; i++ {
		w := webRequest{method: "GET", host: pick(c.r, c.ent.hosts), path: pick(c.r, scannerPaths), ip: ip, country: pick(c.r, []string{"NL", "US", "SG", "RU"}),
			ua: "Mozilla/5.0 zgrab/0.x", ruleUID: "AWS-AWSManagedRulesCommonRuleSet", ruleType: "MANAGED_RULE_GROUP", blocked: true}
		out = append(out, c.wafEvent(c.within(start, 5*time.Minute), w))
	}
	return out
}

// volume is the configured number of ordinary events per day.
func (c *gctx) volume() int { return c.vol }
