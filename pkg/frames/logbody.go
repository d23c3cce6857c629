package frames

import (
	"strconv"
	"strings"
)

// maxBodyPairs bounds the key=value fallback body.
const maxBodyPairs = 8

// rowReader reads well-known OCSF columns of one frame by name.
type rowReader struct {
	frame  *Frame
	byName map[string]*Field // the first field of each name
}

func newRowReader(frame *Frame) *rowReader {
	byName := make(map[string]*Field, len(frame.Fields))
	for _, f := range frame.Fields {
		if _, dup := byName[f.Name]; !dup {
			byName[f.Name] = f
		}
	}
	return &rowReader{frame: frame, byName: byName}
}

// get returns the first non-empty value of row i among the named columns.
func (r *rowReader) get(i int, names ...string) string {
	for _, name := range names {
		if f := r.byName[name]; f != nil {
			if s, ok := textAt(f, i); ok {
				return s
			}
		}
	}
	return ""
}

// body builds a readable log line for row i. A non-empty "body" column is
// used as is. Otherwise the line is assembled from the OCSF columns that
// are present:
//
//	<class_name> (<activity_name>): <message> <finding_info.title> <api.operation>
//	<query.hostname> by <actor.user.name|user.name> from <src_endpoint.ip:port>
//	to <dst_endpoint.ip:port> → <status|disposition|action>
//
// e.g. "API Activity (Create): CreateUser by alice from 198.51.100.7 → Success".
// When none of them has a value, the line is key=value pairs of the first
// non-empty string columns.
func (r *rowReader) body(i int) string {
	if b := r.get(i, "body"); b != "" {
		return b
	}
	head := r.get(i, "class_name")
	if act := r.get(i, "activity_name"); act != "" {
		if head == "" {
			head = act
		} else {
			head += " (" + act + ")"
		}
	}
	var parts []string
	for _, name := range []string{"message", "finding_info.title", "api.operation", "query.hostname"} {
		if s := r.get(i, name); s != "" {
			parts = append(parts, s)
		}
	}
	if u := r.get(i, "actor.user.name", "user.name"); u != "" {
		parts = append(parts, "by "+u)
	}
	if ep := r.endpoint(i, "src_endpoint"); ep != "" {
		parts = append(parts, "from "+ep)
	}
	if ep := r.endpoint(i, "dst_endpoint"); ep != "" {
		parts = append(parts, "to "+ep)
	}
	if o := r.get(i, "status", "disposition", "action"); o != "" {
		parts = append(parts, "→ "+o)
	}
	switch {
	case len(parts) == 0 && head == "":
		return r.keyValues(i)
	case len(parts) == 0:
		return head
	case head == "":
		return strings.Join(parts, " ")
	default:
		return head + ": " + strings.Join(parts, " ")
	}
}

// endpoint renders an OCSF endpoint's ip and port as "ip:port",
// "[ipv6]:port", "ip" or "port N".
func (r *rowReader) endpoint(i int, prefix string) string {
	ip, port := r.get(i, prefix+".ip"), r.get(i, prefix+".port")
	switch {
	case ip != "" && port != "":
		if strings.Contains(ip, ":") {
			return "[" + ip + "]:" + port
		}
		return ip + ":" + port
	case ip != "":
		return ip
	case port != "":
		return "port " + port
	}
	return ""
}

// keyValues renders the first non-empty string columns of row i as
// logfmt-style key=value pairs.
func (r *rowReader) keyValues(i int) string {
	var b strings.Builder
	n := 0
	for _, f := range r.frame.Fields {
		if n == maxBodyPairs {
			break
		}
		if !f.Type().IsString() {
			continue
		}
		s, ok := textAt(f, i)
		if !ok {
			continue
		}
		if n > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f.Name)
		b.WriteByte('=')
		if strings.ContainsAny(s, " \t\n\"=") {
			s = strconv.Quote(s)
		}
		b.WriteString(s)
		n++
	}
	return b.String()
}

// level returns the Grafana log level of row i: from severity_id, or from
// the severity caption when the id is missing, Unknown or Other.
func (r *rowReader) level(i int) string {
	if f := r.byName["severity_id"]; f != nil {
		if id, ok := intAt(f, i); ok {
			if l := levelFromSeverityID(id); l != "unknown" {
				return l
			}
		}
	}
	return levelFromCaption(r.get(i, "severity"))
}

// id returns the log line id of row i (see rowID).
func (r *rowReader) id(i int) string {
	return rowID(r.frame, r.byName["metadata.uid"], i)
}
