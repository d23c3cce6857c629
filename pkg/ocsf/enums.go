package ocsf

// Enum captions of OCSF *_id attributes, from the OCSF schema dictionary and
// event-class definitions (ocsf/ocsf-schema tags v1.0.0-rc.2 and v1.1.0:
// dictionary.json, events/*/*.json; browsable at https://schema.ocsf.io/1.1.0/).
// Only the values Security Lake sources emit or documents are listed; the
// reserved 0 Unknown and 99 Other are common to every enum.

// EnumValue is one id with its caption.
type EnumValue struct {
	ID      int    `json:"id"`
	Caption string `json:"caption"`
}

// Enum is the caption list of one *_id field.
type Enum struct {
	// Field is the id column ("severity_id"); Caption is its sibling text
	// column ("severity") where OCSF defines one.
	Field   string      `json:"field"`
	Caption string      `json:"caption,omitempty"`
	Values  []EnumValue `json:"values"`
}

// CaptionOf returns the caption of id, or "" when unknown.
func (e Enum) CaptionOf(id int) string {
	for _, v := range e.Values {
		if v.ID == id {
			return v.Caption
		}
	}
	return ""
}

func withReserved(vals ...EnumValue) []EnumValue {
	out := append([]EnumValue{{0, "Unknown"}}, vals...)
	return append(out, EnumValue{99, "Other"})
}

// Severity is severity_id of every class (dictionary.json).
var Severity = Enum{Field: "severity_id", Caption: "severity", Values: withReserved(
	EnumValue{1, "Informational"}, EnumValue{2, "Low"}, EnumValue{3, "Medium"},
	EnumValue{4, "High"}, EnumValue{5, "Critical"}, EnumValue{6, "Fatal"})}

// EventStatus is status_id of activity events (1 Success, 2 Failure).
var EventStatus = Enum{Field: "status_id", Caption: "status", Values: withReserved(
	EnumValue{1, "Success"}, EnumValue{2, "Failure"})}

// FindingStatus is status_id of the v1.1.0 finding classes (2002-2004).
var FindingStatus = Enum{Field: "status_id", Caption: "status", Values: withReserved(
	EnumValue{1, "New"}, EnumValue{2, "In Progress"}, EnumValue{3, "Suppressed"}, EnumValue{4, "Resolved"})}

// FindingState is state_id of the rc.2 Security Finding class (2001).
var FindingState = Enum{Field: "state_id", Caption: "state", Values: withReserved(
	EnumValue{1, "New"}, EnumValue{2, "In Progress"}, EnumValue{3, "Suppressed"}, EnumValue{4, "Resolved"})}

// Action is action_id (v1.1.0 network events: 1 Allowed, 2 Denied).
var Action = Enum{Field: "action_id", Caption: "action", Values: withReserved(
	EnumValue{1, "Allowed"}, EnumValue{2, "Denied"})}

// Disposition is disposition_id (dictionary.json; the values up to 10 are
// common to rc.2 and 1.1.0).
var Disposition = Enum{Field: "disposition_id", Caption: "disposition", Values: withReserved(
	EnumValue{1, "Allowed"}, EnumValue{2, "Blocked"}, EnumValue{3, "Quarantined"}, EnumValue{4, "Isolated"},
	EnumValue{5, "Deleted"}, EnumValue{6, "Dropped"}, EnumValue{7, "Custom Action"}, EnumValue{8, "Approved"},
	EnumValue{9, "Restored"}, EnumValue{10, "Exonerated"})}

// Direction is connection_info.direction_id.
var Direction = Enum{Field: "connection_info.direction_id", Caption: "connection_info.direction", Values: withReserved(
	EnumValue{1, "Inbound"}, EnumValue{2, "Outbound"}, EnumValue{3, "Lateral"})}

// activities maps class_uid to its activity_id captions.
var activities = map[int][]EnumValue{
	// API Activity (rc.2 3005, 1.1.0 6003).
	3005: withReserved(EnumValue{1, "Create"}, EnumValue{2, "Read"}, EnumValue{3, "Update"}, EnumValue{4, "Delete"}),
	6003: withReserved(EnumValue{1, "Create"}, EnumValue{2, "Read"}, EnumValue{3, "Update"}, EnumValue{4, "Delete"}),
	// Authentication.
	3002: withReserved(EnumValue{1, "Logon"}, EnumValue{2, "Logoff"}, EnumValue{3, "Authentication Ticket"},
		EnumValue{4, "Service Ticket Request"}, EnumValue{5, "Service Ticket Renew"}),
	// Account Change.
	3001: withReserved(EnumValue{1, "Create"}, EnumValue{2, "Enable"}, EnumValue{3, "Password Change"},
		EnumValue{4, "Password Reset"}, EnumValue{5, "Disable"}, EnumValue{6, "Delete"},
		EnumValue{7, "Attach Policy"}, EnumValue{8, "Detach Policy"}, EnumValue{9, "Lock"}),
	// Network Activity.
	4001: withReserved(EnumValue{1, "Open"}, EnumValue{2, "Close"}, EnumValue{3, "Reset"}, EnumValue{4, "Fail"},
		EnumValue{5, "Refuse"}, EnumValue{6, "Traffic"}),
	// HTTP Activity.
	4002: withReserved(EnumValue{1, "Connect"}, EnumValue{2, "Delete"}, EnumValue{3, "Get"}, EnumValue{4, "Head"},
		EnumValue{5, "Options"}, EnumValue{6, "Post"}, EnumValue{7, "Put"}, EnumValue{8, "Trace"}),
	// DNS Activity.
	4003: withReserved(EnumValue{1, "Query"}, EnumValue{2, "Response"}, EnumValue{6, "Traffic"}),
	// Findings: Security Finding (rc.2) and Vulnerability/Compliance/Detection (1.1.0).
	2001: withReserved(EnumValue{1, "Create"}, EnumValue{2, "Update"}, EnumValue{3, "Close"}),
	2002: withReserved(EnumValue{1, "Create"}, EnumValue{2, "Update"}, EnumValue{3, "Close"}),
	2003: withReserved(EnumValue{1, "Create"}, EnumValue{2, "Update"}, EnumValue{3, "Close"}),
	2004: withReserved(EnumValue{1, "Create"}, EnumValue{2, "Update"}, EnumValue{3, "Close"}),
}

// Activity returns the activity_id enum of a class.
func Activity(classUID int) (Enum, bool) {
	v, ok := activities[classUID]
	if !ok {
		return Enum{}, false
	}
	return Enum{Field: "activity_id", Caption: "activity_name", Values: v}, true
}

func isFindingClass(uid int) bool { return uid >= 2002 && uid <= 2004 }

// EnumFor returns the enum of an id field in a schema, optionally narrowed to
// one class (classUID 0 = any class of the schema). Activity ids are per
// class; when no class is given and the schema has several, the first class's
// captions are returned only if all classes agree.
func (s *Schema) EnumFor(path string, classUID int) (Enum, bool) {
	if _, ok := s.Field(path); !ok {
		return Enum{}, false
	}
	switch path {
	case "severity_id":
		return Severity, true
	case "action_id":
		return Action, true
	case "disposition_id":
		return Disposition, true
	case "connection_info.direction_id":
		return Direction, true
	case "state_id":
		return FindingState, true
	case "status_id":
		uid := classUID
		if uid == 0 && len(s.Classes) > 0 {
			uid = s.Classes[0].UID
		}
		if isFindingClass(uid) {
			return FindingStatus, true
		}
		return EventStatus, true
	case "class_uid":
		e := Enum{Field: "class_uid", Caption: "class_name"}
		for _, c := range s.Classes {
			e.Values = append(e.Values, EnumValue{c.UID, c.Name})
		}
		return e, true
	case "activity_id":
		if classUID != 0 {
			return Activity(classUID)
		}
		var first Enum
		for i, c := range s.Classes {
			e, ok := Activity(c.UID)
			if !ok || (i > 0 && !sameValues(first.Values, e.Values)) {
				return Enum{}, false
			}
			if i == 0 {
				first = e
			}
		}
		return first, len(s.Classes) > 0
	}
	return Enum{}, false
}

func sameValues(a, b []EnumValue) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
