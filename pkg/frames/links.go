package frames

import (
	"strings"
)

// InvestigationDashboardUID and InvestigationVariable are where entity links
// lead: the bundled Investigation dashboard and its entity variable.
const (
	InvestigationDashboardUID = "seclake-investigation"
	InvestigationVariable     = "entity"
)

// entitySuffixes mark OCSF columns that name an entity worth pivoting on:
// endpoint addresses, user names and ids, resource ids.
var entitySuffixes = []string{".ip", "user.name", "user.uid", "resource.uid", "resources[].uid", ".hostname"}

// IsEntityField reports whether a column (named by its OCSF path) holds an
// IP, user or resource that the Investigation dashboard can take.
func IsEntityField(name string) bool {
	for _, s := range entitySuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// AddEntityLinks gives every entity string field a data link into the
// Investigation dashboard with the clicked value and the current time range,
// so a panel's IP or user pivots to every source's events for it.
func AddEntityLinks(frame *Frame) {
	if frame == nil {
		return
	}
	for _, f := range frame.Fields {
		if f == nil || !IsEntityField(f.Name) || !f.Type().IsString() {
			continue
		}
		if f.Config == nil {
			f.Config = &FieldConfig{}
		}
		f.Config.Links = append(f.Config.Links, DataLink{
			Title: "Investigate ${__value.raw}",
			URL:   "/d/" + InvestigationDashboardUID + "?var-" + InvestigationVariable + "=${__value.raw:queryparam}&${__url_time_range}",
		})
	}
}
