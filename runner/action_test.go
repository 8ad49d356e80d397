package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v3"
)

// The composite GitHub Action at the module root (action.yml), the workflow
// the README shows (examples/github-workflow.yml) and the action's
// self-test workflow (examples/action-selftest.yml).

// actionInputs are the action's inputs with their defaults.
var actionInputs = map[string]string{
	"target":           "emulator",
	"labels":           "",
	"known-gaps":       "",
	"observed":         "",
	"report-dir":       "reports",
	"allow-disruptive": "false",
	"artifact-name":    "chatconform-reports",
}

const readmeActionSection = "### Gating a release in GitHub Actions"

type actionMetadata struct {
	Name        string
	Description string
	Inputs      map[string]struct {
		Description string
		Required    bool
		Default     *string
	}
	Outputs map[string]struct{ Description, Value string }
	Runs    struct {
		Using string
		Steps []map[string]any
	}
}

func actionRoot(t *testing.T) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func readModuleFile(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(actionRoot(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadAction(t *testing.T) (actionMetadata, []byte) {
	t.Helper()
	raw := readModuleFile(t, "action.yml")
	var meta actionMetadata
	if err := yaml.Unmarshal(raw, &meta); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return meta, raw
}

// readmeSection returns the README's section on the action, up to the next
// heading of level 2 or 3.
func readmeSection(t *testing.T) string {
	t.Helper()
	readme := string(readModuleFile(t, "README.md"))
	_, sec, ok := strings.Cut(readme, "\n"+readmeActionSection+"\n")
	if !ok {
		t.Fatalf("README.md has no %q section", readmeActionSection)
	}
	if i := strings.Index(sec, "\n##"); i >= 0 { // the workflow's comments start with a single #
		sec = sec[:i+1]
	}
	return sec
}

func TestActionReadmeWorkflowIsTheExample(t *testing.T) {
	sec := readmeSection(t)
	_, block, ok := strings.Cut(sec, "```yaml\n")
	if !ok {
		t.Fatal("the README's action section has no ```yaml block")
	}
	block, _, ok = strings.Cut(block, "```\n")
	if !ok {
		t.Fatal("the README's ```yaml block is not closed")
	}
	want := string(readModuleFile(t, "examples/github-workflow.yml"))
	if block == want {
		return
	}
	got, exp := strings.Split(block, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(got), len(exp)); i++ {
		var g, e string
		if i < len(got) {
			g = got[i]
		}
		if i < len(exp) {
			e = exp[i]
		}
		if g != e {
			t.Fatalf("the README's workflow differs from examples/github-workflow.yml at line %d:\nREADME:  %q\nexample: %q", i+1, g, e)
		}
	}
}

func TestActionMetadata(t *testing.T) {
	meta, raw := loadAction(t)
	if meta.Name == "" || meta.Description == "" {
		t.Error("action.yml needs a name and a description")
	}
	if meta.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", meta.Runs.Using)
	}
	for name, def := range actionInputs {
		in, ok := meta.Inputs[name]
		switch {
		case !ok:
			t.Errorf("input %q is missing", name)
		case in.Required:
			t.Errorf("input %q is required; every input has a default", name)
		case in.Default == nil || *in.Default != def:
			t.Errorf("input %q: default %v, want %q", name, in.Default, def)
		case in.Description == "":
			t.Errorf("input %q has no description", name)
		}
	}
	for name := range meta.Inputs {
		if _, ok := actionInputs[name]; !ok {
			t.Errorf("input %q is not expected (add it to actionInputs and to the README's table)", name)
		}
	}
	for _, name := range []string{"exit-status", "report-dir"} {
		if _, ok := meta.Outputs[name]; !ok {
			t.Errorf("output %q is missing", name)
		}
	}
	for _, m := range regexp.MustCompile(`\$\{\{\s*inputs\.([A-Za-z0-9_-]+)`).FindAllSubmatch(raw, -1) {
		if _, ok := meta.Inputs[string(m[1])]; !ok {
			t.Errorf("action.yml uses undeclared input %q", m[1])
		}
	}

	var setupGo, summary, upload bool
	for i, st := range meta.Runs.Steps {
		uses, _ := st["uses"].(string)
		run, _ := st["run"].(string)
		cond, _ := st["if"].(string)
		if run != "" {
			// Inputs reach scripts through env, never pasted into them.
			if strings.Contains(run, "${{") {
				t.Errorf("step %d: its script contains an expression; pass the value through env", i+1)
			}
			if st["shell"] != "bash" {
				t.Errorf("step %d: shell = %v, want bash", i+1, st["shell"])
			}
		}
		with, _ := st["with"].(map[string]any)
		switch {
		case strings.HasPrefix(uses, "actions/setup-go@"):
			setupGo = true
			if got := with["go-version-file"]; got != "${{ github.action_path }}/go.mod" {
				t.Errorf("setup-go: go-version-file = %v, want the action's own go.mod", got)
			}
		case strings.HasPrefix(uses, "actions/upload-artifact@"):
			upload = true
			if !strings.Contains(cond, "always()") {
				t.Errorf("upload-artifact runs if %q, want always()", cond)
			}
		case strings.Contains(run, "GITHUB_STEP_SUMMARY"):
			summary = true
			if !strings.Contains(cond, "always()") || !strings.Contains(run, "summary.md") {
				t.Errorf("the job summary step (if %q) must append summary.md always", cond)
			}
		case strings.Contains(run, "bin/runner conformance"):
			if !strings.Contains(run, `exit "$status"`) {
				t.Error("the run step must end with the runner's exit status")
			}
		}
	}
	if !setupGo || !summary || !upload {
		t.Errorf("steps: setup-go %v, job summary %v, upload %v; want all three", setupGo, summary, upload)
	}

	// The README's table names every input with its default.
	sec := readmeSection(t)
	for name, def := range actionInputs {
		row := "| `" + name + "` | "
		i := strings.Index(sec, row)
		if i < 0 {
			t.Errorf("the README's inputs table has no row for %q", name)
			continue
		}
		line, _, _ := strings.Cut(sec[i:], "\n")
		if def != "" && !strings.HasPrefix(line, row+"`"+def+"`") {
			t.Errorf("the README's row for %q does not give its default `%s`: %s", name, def, line)
		}
	}
}

// The example calls the action with declared inputs only and passes the
// credentials from secrets (actionlint cannot check a remote action's inputs).
func TestActionExampleWorkflow(t *testing.T) {
	meta, _ := loadAction(t)
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Uses string
				With map[string]string
				Env  map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(readModuleFile(t, "examples/github-workflow.yml"), &wf); err != nil {
		t.Fatalf("examples/github-workflow.yml: %v", err)
	}
	calls := 0
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			if !strings.HasPrefix(st.Uses, "chatconform/chatconform@") {
				continue
			}
			calls++
			for k := range st.With {
				if _, ok := meta.Inputs[k]; !ok {
					t.Errorf("the example passes undeclared input %q", k)
				}
			}
			for _, v := range []string{"TIM_SDKAPPID", "TIM_SECRET_KEY", "TIM_ADMIN"} {
				if want := "${{ secrets." + v + " }}"; st.Env[v] != want {
					t.Errorf("the example sets %s to %q, want %q", v, st.Env[v], want)
				}
			}
		}
	}
	if calls != 1 {
		t.Errorf("the example calls chatconform/chatconform %d times, want once", calls)
	}
}

// TestActionLint lints the workflows with actionlint, in a project rooted at
// the module so that the self-test's `uses: ./` is checked against
// action.yml (actionlint reads the metadata but skips a composite action's
// steps), and lints those steps too, as the steps of a workflow_call job
// whose inputs are the action's. Scripts go through shellcheck when it is
// on PATH.
func TestActionLint(t *testing.T) {
	root := actionRoot(t)
	proj, err := actionlint.NewProject(root)
	if err != nil {
		t.Fatal(err)
	}
	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else {
		t.Log("shellcheck is not on PATH: the scripts are linted without it")
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"examples/github-workflow.yml", "examples/action-selftest.yml"} {
		errs, err := l.LintFile(filepath.Join(root, f), proj)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(errs) > 0 {
			t.Errorf("%s: %d actionlint errors:\n%s", f, len(errs), out.String())
		}
		out.Reset()
	}

	meta, _ := loadAction(t)
	inputs := map[string]any{}
	for name, in := range meta.Inputs {
		def := ""
		if in.Default != nil {
			def = *in.Default
		}
		inputs[name] = map[string]any{"description": in.Description, "type": "string", "required": false, "default": def}
	}
	wf, err := yaml.Marshal(map[string]any{
		"name": "action.yml's steps",
		"on":   map[string]any{"workflow_call": map[string]any{"inputs": inputs}},
		"jobs": map[string]any{"action": map[string]any{"runs-on": "ubuntu-latest", "steps": meta.Runs.Steps}},
	})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(filepath.Join(root, "action.yml (its steps as a workflow)"), wf, proj)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		var numbered strings.Builder
		for i, line := range strings.Split(string(wf), "\n") {
			fmt.Fprintf(&numbered, "%4d %s\n", i+1, line)
		}
		t.Errorf("action.yml's steps: %d actionlint errors:\n%s\nthe workflow linted:\n%s", len(errs), out.String(), numbered.String())
	}
	if !slices.ContainsFunc(meta.Runs.Steps, func(st map[string]any) bool { return st["run"] != nil }) {
		t.Error("action.yml has no run step to lint")
	}
}
