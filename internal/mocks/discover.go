package mocks

import (
	"errors"
	"io/fs"
	"os"
	"sort"
	"strings"
)

// RecordedScript is a script (or one variant of it) that has recordings under
// `<integration>/mocks/`.
type RecordedScript struct {
	Integration string // the integration folder's name (the providerConfigKey during replay)
	Script      string
	// Variant is the sync variant whose recordings live in `<script>/<variant>/` (dryrun
	// --variant with --save-responses); "" for the base recordings in `<script>/`.
	Variant   string
	Layout    Layout
	HasInput  bool
	HasOutput bool     // an action test can be run
	Models    []string // folders holding batchSave.json or batchDelete.json, sorted
}

// Key is the folder of the recordings relative to the layout's root, and the script key of
// their response folders: ScriptKey(Script, Variant).
func (r RecordedScript) Key() string { return ScriptKey(r.Script, r.Variant) }

// IsAction reports whether the recordings look like an action's (an output.json and no
// model folders); nango.yaml has the final word on the script's type.
func (r RecordedScript) IsAction() bool { return r.HasOutput && len(r.Models) == 0 }

// Discover lists the scripts of a project (nested layout `<integration>/mocks/<script>/`)
// that have recordings to judge: an output.json, or at least one model folder with a
// batchSave.json or batchDelete.json. A sub-folder of `<script>/` that is not a model folder
// but holds such recordings itself is a variant (`<script>/<variant>/`, see layout.go) and is listed as its own entry. Sorted by integration,
// script, then variant (the base recordings first).
func Discover(projectDir string) ([]RecordedScript, error) {
	entries, err := os.ReadDir(projectDir)
	if err != nil {
		return nil, err
	}
	var out []RecordedScript
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || strings.HasPrefix(name, ".") || name == "node_modules" || name == "dist" || name == "build" {
			continue
		}
		layout := IntegrationLayout(projectDir, name)
		scripts, err := os.ReadDir(layout.Root)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) || isNotDir(err) {
				continue
			}
			return nil, err
		}
		for _, s := range scripts {
			if !s.IsDir() || s.Name() == "nango" || strings.HasPrefix(s.Name(), ".") {
				continue
			}
			found, err := inspectScript(layout, name, s.Name())
			if err != nil {
				return nil, err
			}
			out = append(out, found...)
		}
	}
	SortRecorded(out)
	return out, nil
}

// SortRecorded sorts by integration, script, then variant (base first).
func SortRecorded(list []RecordedScript) {
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Integration != b.Integration {
			return a.Integration < b.Integration
		}
		if a.Script != b.Script {
			return a.Script < b.Script
		}
		return a.Variant < b.Variant
	})
}

// inspectScript reads `<script>/`: its own recordings, and those of each variant folder.
func inspectScript(l Layout, integration, script string) ([]RecordedScript, error) {
	base, variants, err := inspectFolder(l, script)
	if err != nil {
		return nil, err
	}
	var out []RecordedScript
	if base.HasOutput || len(base.Models) > 0 {
		base.Integration, base.Script, base.Layout = integration, script, l
		out = append(out, base)
	}
	for _, v := range variants {
		// "base" is the name of no variant: dryrun --variant base records into <script>/.
		if v == "base" || strings.HasPrefix(v, ".") {
			continue
		}
		rs, _, err := inspectFolder(l, ScriptKey(script, v))
		if err != nil {
			return nil, err
		}
		if rs.HasOutput || len(rs.Models) > 0 {
			rs.Integration, rs.Script, rs.Variant, rs.Layout = integration, script, v, l
			out = append(out, rs)
		}
	}
	return out, nil
}

// inspectFolder reads one recordings folder (`<script>/` or `<script>/<variant>/`): its
// input and output files, its model folders, and the other sub-folders (variant candidates).
func inspectFolder(l Layout, key string) (rs RecordedScript, others []string, err error) {
	entries, err := os.ReadDir(l.ScriptDir(key))
	if err != nil {
		return rs, nil, err
	}
	for _, e := range entries {
		switch {
		case !e.IsDir() && e.Name() == "input.json":
			rs.HasInput = true
		case !e.IsDir() && e.Name() == "output.json":
			rs.HasOutput = true
		case e.IsDir():
			if fileExists(l.BatchSaveFile(key, e.Name())) || fileExists(l.BatchDeleteFile(key, e.Name())) {
				rs.Models = append(rs.Models, e.Name())
			} else {
				others = append(others, e.Name())
			}
		}
	}
	sort.Strings(rs.Models)
	return rs, others, nil
}

func isNotDir(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "not a directory")
}
