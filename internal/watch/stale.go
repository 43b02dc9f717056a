package watch

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/nango-go/nango/internal/bundle"
	"github.com/nango-go/nango/internal/project"
	"github.com/nango-go/nango/internal/scriptcheck"
)

// scriptNameRe is what nango.yaml accepts as a sync or action name.
var scriptNameRe = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

// removeStale deletes the bundles in dist/ of scripts the project no longer declares: those
// removed from nango.yaml while no session was watching (a session deletes them itself as
// they go). Only files this project could have produced are touched: "<name>-<integration>.js"
// where <integration> is an integration of nango.yaml or a folder of the project laid out as
// one (with syncs/, actions/ or on-events/ in it), and <name> a valid script name. Anything
// else in dist/ (another tool's output, a hand-written file, a folder) stays. It returns the
// removed files, relative and sorted.
func (e *Engine) removeStale(p *project.Project, proj scriptcheck.Project) []string {
	dist := filepath.Join(e.dir, bundle.DistDir)
	entries, err := os.ReadDir(dist)
	if err != nil {
		return nil
	}
	declared := map[string]bool{}
	for _, s := range proj.Scripts {
		declared[bundle.OutputName(s)] = true
	}
	integrations := map[string]bool{}
	for _, key := range p.Integrations() {
		integrations[key] = true
	}
	isIntegrationFolder := func(name string) bool {
		if integrations[name] {
			return true
		}
		if Ignored(name) {
			return false
		}
		for _, sub := range []string{"syncs", "actions", "on-events"} {
			if dirExists(filepath.Join(e.dir, name, sub)) {
				integrations[name] = true
				return true
			}
		}
		return false
	}
	var removed []string
	for _, ent := range entries {
		file := ent.Name()
		if !ent.Type().IsRegular() || declared[file] || !strings.HasSuffix(file, ".js") {
			continue
		}
		base := strings.TrimSuffix(file, ".js")
		ours := false
		// "<name>-<integration>": both may contain '-', so try every split.
		for i := strings.IndexByte(base, '-'); i >= 0 && !ours; {
			name, integration := base[:i], base[i+1:]
			if name != "" && integration != "" && scriptNameRe.MatchString(name) && isIntegrationFolder(integration) {
				ours = true
			}
			next := strings.IndexByte(base[i+1:], '-')
			if next < 0 {
				break
			}
			i += next + 1
		}
		if ours && removeFile(filepath.Join(dist, file)) {
			removed = append(removed, bundle.DistDir+"/"+file)
		}
	}
	sort.Strings(removed)
	return removed
}

func dirExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}
