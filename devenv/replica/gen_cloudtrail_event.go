package replica

import "time"

// v1APIActivity is API Activity in OCSF 1.0.0-rc.2.
const v1APIActivity = 3005

// apiEvent writes a CloudTrail call in the paths of the table's version.
// Differences follow docs/design/security-lake.md: v1 has actor.user.account_uid,
// actor.session.mfa, actor.session.created_time (ms), actor.user.uuid, mfa
// and status_id; v2 has actor.user.account.uid, actor.session.is_mfa,
// actor.session.created_time_dt, actor.user.uid_alt, is_mfa,
// resources[].owner, session, api.request.data and observables.
func (c *gctx) apiEvent(ts time.Time, a apiCall) Event {
	class := a.classUID
	if !c.isV2() && class == 6003 {
		class = v1APIActivity
	}
	e := c.newEvent(class, a.activity, a.severityID, ts)
	e.Set("metadata.product.name", "CloudTrail")
	e.Set("metadata.product.version", "1.10")
	e.Set("metadata.product.feature.name", a.feature)
	e.Set("metadata.uid", c.uuid())
	c.opt(e, "metadata.event_code", a.eventType)

	e.Set("api.operation", a.op)
	e.Set("api.service.name", a.service)
	e.Set("api.request.uid", c.uuid())
	e.Set("dst_endpoint.svc_name", a.service)
	if a.request != nil {
		c.opt(e, "api.request.data", jsonString(a.request))
	}
	status, statusID := "Success", 1
	if a.errCode != "" {
		e.Set("api.response.error", a.errCode)
		e.Set("api.response.message", a.errMsg)
		status, statusID = "Failure", 2
	}
	e["status"] = status
	c.opt(e, "status_id", statusID)

	w := a.who
	e.Set("actor.user.type", w.typ)
	if w.typ == "AWSService" {
		e.Set("actor.invoked_by", w.invokedBy)
		e.Set("src_endpoint.domain", w.invokedBy)
	} else {
		if w.name != "" {
			e.Set("actor.user.name", w.name)
		}
		e.Set("actor.user.uid", w.arn)
		if w.accessKey != "" {
			e.Set("actor.user.credential_uid", w.accessKey)
		}
		e.Set("src_endpoint.ip", a.srcIP)
		if c.isV2() {
			e.Set("actor.user.uid_alt", w.principalID)
			e.Set("actor.user.account.uid", c.ent.account)
			e.Set("actor.session.is_mfa", w.mfa)
		} else {
			e.Set("actor.user.uuid", w.principalID)
			e.Set("actor.user.account_uid", c.ent.account)
			e.Set("actor.session.mfa", w.mfa)
		}
		if !w.sessionStart.IsZero() {
			if c.isV2() {
				e.Set("actor.session.created_time_dt", tsString(w.sessionStart))
			} else {
				e.Set("actor.session.created_time", w.sessionStart.UnixMilli())
			}
		}
		if w.issuer != "" {
			e.Set("actor.session.issuer", w.issuer)
			c.opt(e, "session.issuer", w.issuer)
			c.opt(e, "session.credential_uid", w.accessKey)
			c.opt(e, "session.uid", c.uuid())
		}
	}
	e.Set("http_request.user_agent", a.userAgent)

	if a.target != "" {
		e.Set("user.name", a.target)
		e.Set("user.uid", c.ent.userARN(a.target))
	}
	if a.mfaLogin != nil {
		if c.isV2() {
			e["is_mfa"] = *a.mfaLogin
		} else {
			e["mfa"] = *a.mfaLogin
		}
	}
	if len(a.resources) > 0 {
		rs := make([]map[string]any, len(a.resources))
		for i, r := range a.resources {
			m := map[string]any{"uid": r.uid, "type": r.typ}
			if c.isV2() {
				m["owner"] = map[string]any{"account": map[string]any{"uid": c.ent.account}}
			} else {
				m["account_uid"] = c.ent.account
			}
			rs[i] = m
		}
		e["resources"] = rs
	}
	e["unmapped"] = map[string]string{
		"recipientAccountId": c.ent.account, "eventCategory": a.feature, "awsRegion": c.t.Region,
		"tlsDetails.tlsVersion": "TLSv1.3",
	}
	if a.request != nil && !c.isV2() {
		// rc.2 API Activity has no api.request.data: the request
		// parameters stay in unmapped, as JSON.
		e["unmapped"].(map[string]string)["requestParameters"] = jsonString(a.request)
	}

	var obs []map[string]any
	if a.srcIP != "" && w.typ != "AWSService" {
		obs = append(obs, observable("src_endpoint.ip", a.srcIP, 2))
	}
	if w.name != "" {
		obs = append(obs, observable("actor.user.name", w.name, 4))
		obs = append(obs, observable("actor.user.uid", w.arn, 10))
	}
	if a.target != "" {
		obs = append(obs, observable("user.name", a.target, 4))
	}
	for _, r := range a.resources {
		obs = append(obs, observable("resources.uid", r.uid, 10))
	}
	c.setObservables(e, obs...)
	return e
}
