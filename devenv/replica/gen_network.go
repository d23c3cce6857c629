package replica

import (
	"fmt"
	"strings"
	"time"
)

// VPC Flow Logs (Network Activity 4001) and Route 53 Resolver query logs
// (DNS Activity 4003), both versions. A rejected flow is activity 5 Refuse
// (type_uid 400105, docs/design/security-lake.md) with v2 action Denied (action_id 2)
// and disposition Blocked; an accepted one is activity 6 Traffic.

// flowPorts are the only destination ports of ordinary flows, so no ordinary
// source reaches the port-scan threshold of distinct destination ports.
var (
	flowPortsOut      = []int{443, 443, 443, 80, 123}
	flowPortsIn       = []int{443, 443, 80, 22}
	flowPortsInternal = []int{5432, 3306, 6379, 8080, 443}
)

// flow is one flow record before it is written in a version's paths.
type flow struct {
	src, dst         endpoint
	proto            int // 6 TCP, 17 UDP
	inbound          bool
	internal         bool
	packets, bytes   int64
	start            time.Time
	denied           bool
	srcInst, dstInst *instance
}

type endpoint struct {
	ip   string
	port int
}

func genFlow(c *gctx) Event {
	ts := c.at()
	e := c.ent
	inst := pick(c.r, e.instances)
	f := flow{proto: 6, start: ts.Add(-time.Duration(c.r.IntN(60)) * time.Second)}
	eph := 32768 + c.r.IntN(28000)
	switch n := c.r.IntN(10); {
	case n < 5: // instance to the internet
		port := pick(c.r, flowPortsOut)
		if port == 123 {
			f.proto = 17
		}
		f.src, f.dst, f.srcInst = endpoint{inst.ip, eph}, endpoint{pick(c.r, e.publicIPs), port}, &inst
	case n < 8: // internet to instance
		port := pick(c.r, flowPortsIn)
		f.src, f.dst, f.dstInst, f.inbound = endpoint{pick(c.r, e.publicIPs), eph}, endpoint{inst.ip, port}, &inst, true
		f.denied = port == 22 && c.r.IntN(3) == 0 // SSH from the internet is mostly refused
	default: // east-west
		peer := pick(c.r, e.instances)
		f.src, f.dst, f.srcInst, f.dstInst, f.internal = endpoint{inst.ip, eph}, endpoint{peer.ip, pick(c.r, flowPortsInternal)}, &inst, &peer, true
	}
	f.packets = int64(1 + c.r.IntN(200))
	f.bytes = f.packets * int64(60+c.r.IntN(1400))
	if f.denied {
		f.packets, f.bytes = 1, 60
	}
	return c.flowEvent(ts, f)
}

func (c *gctx) flowEvent(ts time.Time, f flow) Event {
	activity := 6
	if f.denied {
		activity = 5
	}
	ev := c.newEvent(4001, activity, 1, ts)
	ev.Set("metadata.product.name", "Amazon VPC")
	ev.Set("metadata.product.version", "5")
	ev.Set("metadata.product.feature.name", "Flowlogs")
	ev.Set("cloud.zone", c.t.Region+"a")
	set := func(side string, ep endpoint, inst *instance) {
		ev.Set(side+".ip", ep.ip)
		ev.Set(side+".port", ep.port)
		if inst != nil {
			if inst.id != "" {
				ev.Set(side+".instance_uid", inst.id)
			}
			ev.Set(side+".interface_uid", inst.eni)
			ev.Set(side+".subnet_uid", inst.subnet)
			ev.Set(side+".vpc_uid", c.ent.vpc)
		}
	}
	set("src_endpoint", f.src, f.srcInst)
	set("dst_endpoint", f.dst, f.dstInst)
	ev.Set("connection_info.protocol_num", f.proto)
	ev.Set("connection_info.protocol_ver", "IPv4")
	if f.proto == 6 {
		ev.Set("connection_info.tcp_flags", pick(c.r, []int{2, 3, 18, 19}))
	}
	dirID, dir := 2, "Outbound"
	if f.inbound {
		dirID, dir = 1, "Inbound"
	}
	ev.Set("connection_info.direction_id", dirID)
	ev.Set("connection_info.direction", dir)
	boundaryID, boundary := 5, "Internet/VPC Gateway"
	if f.internal {
		boundaryID, boundary = 4, "Same VPC"
	}
	ev.Set("connection_info.boundary_id", boundaryID)
	ev.Set("connection_info.boundary", boundary)
	ev.Set("traffic.packets", f.packets)
	ev.Set("traffic.bytes", f.bytes)
	end := ts // a flow record is logged when its aggregation window closes
	if c.isV2() {
		ev["start_time_dt"] = tsString(f.start)
		ev["end_time_dt"] = tsString(end)
	} else {
		ev["start_time"] = f.start.UnixMilli()
		ev["end_time"] = end.UnixMilli()
	}
	ev["status_code"] = "OK"
	disp, dispID, action, actionID := "Allowed", 1, "Allowed", 1
	if f.denied {
		disp, dispID, action, actionID = "Blocked", 2, "Denied", 2
	}
	ev["disposition"] = disp
	c.opt(ev, "disposition_id", dispID)
	c.opt(ev, "action", action)
	c.opt(ev, "action_id", actionID)
	ev["unmapped"] = map[string]string{"log-status": "OK", "version": "5"}
	c.setObservables(ev, observable("src_endpoint.ip", f.src.ip, 2), observable("dst_endpoint.ip", f.dst.ip, 2))
	return ev
}

// dnsNames are ordinary resolver query target; region-scoped names get the region.
var dnsNames = []string{
	"s3.amazonaws.com", "sts.amazonaws.com", "ec2.%s.amazonaws.com", "dynamodb.%s.amazonaws.com",
	"sqs.%s.amazonaws.com", "logs.%s.amazonaws.com", "secretsmanager.%s.amazonaws.com",
	"monitoring.%s.amazonaws.com", "api.github.com", "registry.npmjs.org", "pypi.org",
	"files.pythonhosted.org", "ntp.ubuntu.com", "www.google.com", "login.microsoftonline.com",
	"hooks.slack.com", "api.stripe.com", "cdn.jsdelivr.net",
}

// nxNames are ordinary queries answered NXDOMAIN; %s is the Region.
var nxNames = []string{
	"wpad.%s.compute.internal.", "s3.amazonaws.com.%s.compute.internal.", "metadata.google.internal.",
	"api.github.com.ec2.internal.", "registry.npmjs.og.", "_ldap._tcp.dc._msdcs.corp.internal.", "isatap.%s.compute.internal.",
}

// dnsQuery is one resolver query before it is written in a version's paths.
type dnsQuery struct {
	inst     instance
	hostname string // with the trailing dot, as Route 53 logs it
	qtype    string
	rcodeID  int
	answers  []string
}

// rcodes are OCSF DNS Activity rcode_id captions (events/network/dns_activity.json).
var rcodes = map[int]string{0: "NoError", 2: "ServError", 3: "NXDomain"}

func genDNS(c *gctx) Event {
	ts := c.at()
	name := pick(c.r, dnsNames)
	if strings.Contains(name, "%s") {
		name = fmt.Sprintf(name, c.t.Region)
	}
	q := dnsQuery{inst: pick(c.r, c.ent.instances), hostname: name + ".", qtype: pick(c.r, []string{"A", "A", "A", "AAAA"})}
	switch n := c.r.IntN(100); {
	case n < 6: // search-domain expansion, WPAD and typos: names that do not exist
		// Only some names hold the Region: substitute it there, so names
		// without a %s are not written with a fmt EXTRA suffix.
		q.hostname, q.rcodeID = strings.ReplaceAll(pick(c.r, nxNames), "%s", c.t.Region), 3
		return c.dnsEvent(ts, q)
	case n < 7: // an upstream resolver timing out
		q.rcodeID = 2
		return c.dnsEvent(ts, q)
	}
	for i := 0; i < 1+c.r.IntN(2); i++ {
		q.answers = append(q.answers, publicIP(c.r))
	}
	return c.dnsEvent(ts, q)
}

func (c *gctx) dnsEvent(ts time.Time, q dnsQuery) Event {
	ev := c.newEvent(4003, 2, 1, ts)
	ev.Set("metadata.product.name", "Route 53")
	ev.Set("metadata.product.version", "1.100000")
	ev.Set("metadata.product.feature.name", "Resolver Query Logs")
	ev.Set("src_endpoint.vpc_uid", c.ent.vpc)
	ev.Set("src_endpoint.ip", q.inst.ip)
	ev.Set("src_endpoint.port", 32768+c.r.IntN(28000))
	ev.Set("src_endpoint.instance_uid", q.inst.id)
	ev.Set("query.hostname", q.hostname)
	ev.Set("query.type", q.qtype)
	ev.Set("query.class", "IN")
	ans := make([]map[string]any, 0, len(q.answers))
	for _, a := range q.answers {
		ans = append(ans, map[string]any{"type": q.qtype, "rdata": a, "class": "IN"})
	}
	ev["answers"] = ans
	ev.Set("connection_info.protocol_name", "UDP")
	ev.Set("connection_info.direction", "Outbound")
	ev.Set("connection_info.direction_id", 2)
	ev.Set("dst_endpoint.interface_uid", "rni-"+hexID(c.r, 17))
	ev["rcode_id"] = q.rcodeID
	ev["rcode"] = rcodes[q.rcodeID]
	ev["unmapped"] = map[string]string{"version": "1.100000"}
	obs := []map[string]any{observable("query.hostname", q.hostname, 1), observable("src_endpoint.ip", q.inst.ip, 2)}
	for _, a := range q.answers {
		obs = append(obs, observable("answers.rdata", a, 2))
	}
	c.setObservables(ev, obs...)
	return ev
}
