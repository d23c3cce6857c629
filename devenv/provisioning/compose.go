package provisioning

import (
	"context"
	"fmt"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// LoadCompose loads a compose file the way `docker compose config` does
// (compose-go, the library of Docker Compose v2): it is validated against the
// Compose specification's JSON schema, YAML anchors and merge keys are
// resolved, variables interpolated from env, and relative bind paths made
// absolute against the file's directory. No Docker engine is needed.
func LoadCompose(ctx context.Context, path string, env []string) (*types.Project, error) {
	opts, err := cli.NewProjectOptions([]string{path}, cli.WithEnv(env), cli.WithInterpolation(true),
		cli.WithResolvedPaths(true), cli.WithNormalization(true))
	if err != nil {
		return nil, err
	}
	p, err := opts.LoadProject(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}
