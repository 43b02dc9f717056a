package codegen

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The recorded runs of the reference CLI (peer-cli/init: `nango init`, peer-cli/generate: a
// richer project with every model syntax): our tree must be the same files with the same
// bytes, outside the SDK block of models.ts and the example sync's body.
const (
	copiedPeerCLI = "../../testdata/codegen/peer-cli"
	sharedPeerCLI = "../../../shared/fixtures/peer-cli"
)

func TestPeerCLIInitTree(t *testing.T) {
	checkInitTree(t, filepath.Join(copiedPeerCLI, "init"))
}

func TestSharedPeerCLIInitTree(t *testing.T) {
	tree := filepath.Join(sharedPeerCLI, "init", "tree")
	if _, err := os.Stat(tree); err != nil {
		t.Skipf("reference fixtures not present at %s", tree)
	}
	checkInitTree(t, tree)
}

func checkInitTree(t *testing.T, tree string) {
	dir := filepath.Join(t.TempDir(), "nango-integrations")
	if _, err := InitProject(dir, InitOptions{}); err != nil {
		t.Fatal(err)
	}
	out, err := checkAndGenerate(dir, Options{Version: "0.60.5"})
	if err != nil || out.Failed() {
		t.Fatalf("generate: %v %v", err, out.Diagnostics)
	}
	compareTree(t, tree, dir, map[string]bool{".env": true})
}

func TestPeerCLIGenerateTree(t *testing.T) {
	checkGenerateTree(t, filepath.Join(copiedPeerCLI, "generate"), filepath.Join(copiedPeerCLI, "generate", "nango.yaml"))
}

func TestSharedPeerCLIGenerateTree(t *testing.T) {
	root := filepath.Join(sharedPeerCLI, "generate")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("reference fixtures not present at %s", root)
	}
	checkGenerateTree(t, filepath.Join(root, "tree"), filepath.Join(root, "nango.yaml.input"))
}

func checkGenerateTree(t *testing.T, tree, input string) {
	dir := t.TempDir()
	data, err := os.ReadFile(input)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "nango.yaml"), data, 0o644)
	// The project existed before the recorded run: nango.yaml, .gitignore, .nango/.gitkeep.
	os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(referenceGitignore), 0o644)
	os.Mkdir(filepath.Join(dir, ".nango"), 0o755)
	os.WriteFile(filepath.Join(dir, ".nango", ".gitkeep"), nil, 0o644)
	out, err := checkAndGenerate(dir, Options{Version: "0.60.5"})
	if err != nil || out.Failed() {
		t.Fatalf("generate: %v %v", err, out.Diagnostics)
	}
	compareTree(t, tree, dir, nil)
}

// compareTree checks that got has exactly want's files, with equal content; models.ts is
// compared outside its SDK block, the example sync by import and signature, and the files in
// skip only for existence in got.
func compareTree(t *testing.T, want, got string, skip map[string]bool) {
	t.Helper()
	list := func(root string) map[string]string {
		files := map[string]string{}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			b, _ := os.ReadFile(path)
			files[filepath.ToSlash(rel)] = string(b)
			return nil
		})
		return files
	}
	w, g := list(want), list(got)
	for rel := range skip {
		if _, ok := w[rel]; !ok {
			w[rel] = g[rel] // not recorded (the reference's .env holds no project data)
		}
	}
	if len(w) == 0 {
		t.Fatalf("no files in %s", want)
	}
	for rel, wc := range w {
		gc, ok := g[rel]
		switch {
		case !ok:
			t.Errorf("%s: not created", rel)
		case skip[rel]:
		case rel == ModelsFile:
			for _, part := range [][2]string{{"", "// ------ /Models\n"}, {"// ------ Flows\n", ""}} {
				if section(gc, part[0], part[1]) != section(wc, part[0], part[1]) {
					t.Errorf("models.ts differs:\n%s", diffLines(section(wc, part[0], part[1]), section(gc, part[0], part[1])))
				}
			}
		case rel == ".gitignore" && gc == strings.Replace(initGitignore, referenceGitignore, wc, 1):
			// Ours adds connections.local.yaml after the reference's lines (project.go).
		case strings.HasSuffix(rel, "/"+ExampleSyncName+".ts"):
			if firstLines(gc, 1) != firstLines(wc, 1) || !strings.Contains(gc, signatureLine(wc)) {
				t.Errorf("%s: import or signature differs", rel)
			}
		case gc != wc:
			t.Errorf("%s differs:\n%s", rel, diffLines(wc, gc))
		}
	}
	for rel := range g {
		if _, ok := w[rel]; !ok {
			t.Errorf("%s: created, the reference did not", rel)
		}
	}
}
