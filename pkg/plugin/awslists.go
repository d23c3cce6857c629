package plugin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/aws/smithy-go"
)

// The config editor's lists (GET catalogs, databases, workgroups): what
// the datasource's saved AWS settings can see in the home Region. They go
// through handle like every route, so errors are classified the same way
// (400 for access denied or an unknown catalog, 429/502/503/504 for
// Athena's own trouble) and carry Athena's message, never the settings'
// secrets. The editor saves the settings before it asks (the AWS
// datasources' pattern): a route never takes AWS settings from the
// browser, since any user who may query the datasource may call it.

// maxCatalogName bounds the catalog parameter (Athena's own limit).
const maxCatalogName = 256

// listOption is one entry of a config list.
type listOption struct {
	Name string `json:"name"`
	// Description is shown under the name: the catalog type, a
	// workgroup's engine and state.
	Description string `json:"description,omitempty"`
	// Disabled marks a workgroup that rejects queries.
	Disabled bool `json:"disabled,omitempty"`
}

// catalogs lists the Athena data catalogs (athena:ListDataCatalogs).
func (d *Datasource) catalogs(ctx context.Context, _ *http.Request) (any, error) {
	exec, err := d.executor(ctx)
	if err != nil {
		return nil, err
	}
	list, err := exec.ListDataCatalogs(ctx)
	if err != nil {
		return nil, listError(err, "athena:ListDataCatalogs")
	}
	out := make([]listOption, 0, len(list))
	for _, c := range list {
		out = append(out, listOption{Name: c.Name, Description: strings.ToLower(c.Type)})
	}
	return out, nil
}

// databases lists the databases of ?catalog= (default: the saved catalog,
// else AwsDataCatalog) (athena:ListDatabases).
func (d *Datasource) databases(ctx context.Context, r *http.Request) (any, error) {
	catalog := strings.TrimSpace(r.URL.Query().Get("catalog"))
	if len(catalog) > maxCatalogName {
		return nil, badQuery(fmt.Errorf("catalog must be at most %d characters", maxCatalogName))
	}
	exec, err := d.executor(ctx)
	if err != nil {
		return nil, err
	}
	names, err := exec.ListDatabases(ctx, catalog)
	if err != nil {
		return nil, listError(err, "athena:ListDatabases")
	}
	slices.Sort(names)
	out := make([]listOption, 0, len(names))
	for _, n := range names {
		out = append(out, listOption{Name: n})
	}
	return out, nil
}

// workgroups lists the Athena workgroups (athena:ListWorkGroups), enabled
// ones first.
func (d *Datasource) workgroups(ctx context.Context, _ *http.Request) (any, error) {
	exec, err := d.executor(ctx)
	if err != nil {
		return nil, err
	}
	groups, err := exec.ListWorkGroups(ctx)
	if err != nil {
		return nil, listError(err, "athena:ListWorkGroups")
	}
	out := make([]listOption, 0, len(groups))
	for _, g := range groups {
		o := listOption{Name: g.Name, Description: g.EngineVersion, Disabled: g.State == "DISABLED"}
		if o.Disabled {
			o.Description = strings.TrimPrefix(o.Description+"; disabled", "; ")
		}
		out = append(out, o)
	}
	slices.SortStableFunc(out, func(a, b listOption) int {
		switch {
		case a.Disabled == b.Disabled:
			return 0
		case a.Disabled:
			return 1
		}
		return -1
	})
	return out, nil
}

// listError adds the IAM action to an access-denied error, so the editor
// says what to allow; other errors pass unchanged.
func listError(err error, action string) error {
	var api smithy.APIError
	if errors.As(err, &api) && strings.Contains(api.ErrorCode(), "AccessDenied") && !strings.Contains(err.Error(), action) {
		return fmt.Errorf("%w (allow %s in the role's IAM policy)", err, action)
	}
	return err
}
