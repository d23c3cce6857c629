package replica

import (
	"fmt"
	"strings"
)

// The custom EDR source: OCSF 1.1.0 Process Activity (1007) from the
// account's instances.

var processes = []struct{ path, cmd, parent string }{
	{"/usr/bin/python3", "python3 /opt/app/worker.py --queue orders", "systemd"},
	{"/usr/bin/bash", "bash -c /opt/app/healthcheck.sh", "cron"},
	{"/usr/sbin/sshd", "sshd: ec2-user [priv]", "sshd"},
	{"/usr/bin/curl", "curl -s http://169.254.169.254/latest/meta-data/instance-id", "bash"},
	{"/usr/local/bin/node", "node /srv/api/server.js", "systemd"},
	{"/usr/bin/dnf", "dnf -y check-update", "systemd"},
}

func genProcess(c *gctx) Event {
	ts := c.at()
	p := pick(c.r, processes)
	inst := pick(c.r, c.ent.instances)
	activity := 1 + c.r.IntN(2) // Launch or Terminate
	ev := c.newEvent(ProcessActivity.UID, activity, 1, ts)
	ev.Set("metadata.product.name", "Acme EDR")
	ev.Set("metadata.product.vendor_name", "Acme")
	ev.Set("metadata.product.version", "7.12.0")
	ev.Set("metadata.uid", c.uuid())
	ev["status"], ev["status_id"] = "Success", 1
	name := p.path[strings.LastIndex(p.path, "/")+1:]
	ev["message"] = fmt.Sprintf("Process %s: %s", strings.ToLower(activityCaption(ProcessActivity.UID, activity)), p.path)
	ev.Set("device.hostname", inst.host)
	ev.Set("device.ip", inst.ip)
	ev.Set("device.instance_uid", inst.id)
	ev.Set("device.os.name", "Amazon Linux 2023")
	user, uid := "app", "1001"
	if p.parent == "systemd" || p.parent == "sshd" {
		user, uid = "root", "0"
	}
	ev.Set("actor.user.name", user)
	ev.Set("actor.user.uid", uid)
	ppid := 1 + c.r.IntN(4000)
	ev.Set("actor.process.pid", ppid)
	ev.Set("actor.process.name", p.parent)
	ev.Set("process.pid", 4000+c.r.IntN(60000))
	ev.Set("process.name", name)
	ev.Set("process.cmd_line", p.cmd)
	ev.Set("process.file.path", p.path)
	ev.Set("process.file.name", name)
	ev.Set("process.file.hashes", []map[string]any{{"algorithm_id": 3, "algorithm": "SHA-256", "value": hexID(c.r, 64)}})
	ev.Set("process.parent_process.pid", ppid)
	ev.Set("process.parent_process.name", p.parent)
	ev["unmapped"] = map[string]string{"sensor_id": hexID(c.r, 12)}
	return ev
}
