package replica

import (
	"fmt"
	"math/rand/v2"
)

// entities are the stable actors and assets of one account in one region:
// the same users, instances and IPs appear across sources and days, so
// pivots (IP → user → finding) find related rows.
type entities struct {
	account, region string
	alias           string
	users           []string // IAM user names
	roles           []string // IAM role names
	instances       []instance
	vpc             string
	functions       []string // Lambda function names
	buckets         []string
	cluster         string // EKS cluster name
	pods            []pod
	webACL          string
	hosts           []string // WAF-protected host names
	officeIPs       []string // corporate egress IPs (TEST-NET-1, 192.0.2.0/24)
	publicIPs       []string // ordinary internet clients
	lb, nat         instance // the load balancer and NAT gateway interfaces (no instance id)
}

type instance struct {
	id, ip, eni, subnet, host string
}

type pod struct {
	namespace, name, container string
}

// Address ranges reserved for planted situations; ordinary events never use
// them, so a planted count is exact (RFC 5737 documentation networks).
const (
	attackerNet = "203.0.113."  // TEST-NET-3: port scan, failed logins, anonymous K8s access
	spikeNet    = "198.51.100." // TEST-NET-2: rejected-flow spike sources
)

var (
	userPool = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"}
	rolePool = []string{"AdminRole", "ReadOnlyRole", "DeployPipelineRole", "DataEngineerRole", "SecurityAuditRole"}
	aliases  = []string{"prod", "dev", "security", "staging", "sandbox"}
)

func hexID(r *rand.Rand, n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[r.IntN(16)]
	}
	return string(b)
}

// newEntities derives the entities of an account and region from the seed
// alone, so they do not depend on which sources or days are generated.
func newEntities(cfg Config, accountIdx, regionIdx int) *entities {
	account, region := cfg.Accounts[accountIdx], cfg.Regions[regionIdx]
	r := rand.New(rand.NewPCG(cfg.Seed, hashKey("entities", account, region)))
	e := &entities{account: account, region: region, alias: aliases[accountIdx%len(aliases)]}
	perm := r.Perm(len(userPool))
	for _, i := range perm[:5] {
		e.users = append(e.users, userPool[i])
	}
	e.roles = append(e.roles, rolePool...)
	e.vpc = "vpc-" + hexID(r, 17)
	// 10.<account*8+region>.<subnet>.<host>: distinct private ranges per account and region.
	second := (accountIdx*8 + regionIdx) % 256
	subnets := []string{"subnet-" + hexID(r, 17), "subnet-" + hexID(r, 17), "subnet-" + hexID(r, 17)}
	for i := 0; i < 6; i++ {
		s := i % len(subnets)
		ip := fmt.Sprintf("10.%d.%d.%d", second, s+1, 10+r.IntN(240))
		e.instances = append(e.instances, instance{
			id: "i-" + hexID(r, 17), ip: ip, eni: "eni-" + hexID(r, 17), subnet: subnets[s],
			host: fmt.Sprintf("ip-%d-%d-%d-%d.ec2.internal", 10, second, s+1, 10+i),
		})
	}
	e.functions = []string{"orders-api", "thumbnailer", "nightly-report", "auth-authorizer"}
	e.buckets = []string{
		fmt.Sprintf("%s-app-data-%s", e.alias, region),
		fmt.Sprintf("%s-logs-%s", e.alias, region),
		fmt.Sprintf("%s-backups-%s", e.alias, region),
	}
	e.cluster = e.alias + "-eks"
	for _, p := range []pod{{"default", "web", "web"}, {"default", "api", "api"}, {"payments", "worker", "worker"}, {"kube-system", "coredns", "coredns"}} {
		p.name = p.name + "-" + hexID(r, 5)
		e.pods = append(e.pods, p)
	}
	e.webACL = fmt.Sprintf("arn:aws:wafv2:%s:%s:regional/webacl/%s-web-acl/%s", region, account, e.alias, hexID(r, 8))
	e.hosts = []string{fmt.Sprintf("www.%s.example.com", e.alias), fmt.Sprintf("api.%s.example.com", e.alias)}
	for i := 0; i < 3; i++ {
		e.officeIPs = append(e.officeIPs, fmt.Sprintf("192.0.2.%d", 10+r.IntN(200)))
	}
	for i := 0; i < 40; i++ {
		e.publicIPs = append(e.publicIPs, publicIP(r))
	}
	e.lb = instance{ip: fmt.Sprintf("10.%d.1.5", second), eni: "eni-" + hexID(r, 17), subnet: subnets[0]}
	e.nat = instance{ip: fmt.Sprintf("10.%d.2.6", second), eni: "eni-" + hexID(r, 17), subnet: subnets[1]}
	return e
}

// publicIP returns a routable-looking address outside private, loopback,
// multicast and the documentation networks.
func publicIP(r *rand.Rand) string {
	firsts := []int{3, 13, 18, 23, 31, 34, 35, 44, 52, 54, 63, 81, 91, 104, 142, 151, 172, 185}
	a := firsts[r.IntN(len(firsts))]
	b := r.IntN(256)
	if a == 172 && b >= 16 && b < 32 {
		b += 16 // skip 172.16.0.0/12
	}
	return fmt.Sprintf("%d.%d.%d.%d", a, b, r.IntN(256), 1+r.IntN(254))
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func (e *entities) userARN(name string) string {
	return fmt.Sprintf("arn:aws:iam::%s:user/%s", e.account, name)
}

func (e *entities) roleARN(name string) string {
	return fmt.Sprintf("arn:aws:iam::%s:role/%s", e.account, name)
}
