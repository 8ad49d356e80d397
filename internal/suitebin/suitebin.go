// Package suitebin compiles the conformance suites into a folder and finds
// them there, for the runner and the self-test, which run them compiled:
// each suite as <folder>/<name>/<name>.test (ginkgo names a compiled suite
// by its folder, and the runner merges reports suite by suite). It also
// finds ginkgo's command, which runs a suite on several processes.
package suitebin

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/chatconform/chatconform/suites"
)

// Env names a folder of suites compiled beforehand (runner compile): a run
// takes its suites from there instead of compiling them.
const Env = "CHATCONFORM_SUITES"

// Dir is the folder Env names, "" when it names none.
func Dir() string { return strings.TrimSpace(os.Getenv(Env)) }

// Path is where suite name lies in dir.
func Path(dir, name string) string { return filepath.Join(dir, name, name+".test") }

// Build compiles the suites ss of the module at root into dir, side by
// side in one go command, writing the command's output to out, and
// returns their binaries by suite name. They are linked without DWARF and
// the symbol table (-s -w), which takes 40 % less CPU; a failure's file
// and line come from the runtime's own tables, which stay.
func Build(root, dir string, ss []suites.Suite, out io.Writer) (map[string]string, error) {
	args := []string{"test", "-c", "-ldflags=-s -w", "-o", dir + string(filepath.Separator)}
	for _, s := range ss {
		args = append(args, "./suites/"+s.Name)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("compile the suites: %v", err)
	}
	bins := map[string]string{}
	for _, s := range ss {
		own := Path(dir, s.Name)
		if err := os.MkdirAll(filepath.Dir(own), 0o755); err != nil {
			return nil, err
		}
		if err := os.Rename(filepath.Join(dir, s.Name+".test"), own); err != nil {
			return nil, err
		}
		bins[s.Name] = own
	}
	return bins, nil
}

// Find returns the suites ss compiled into dir by Build, or an error
// naming the first that is missing.
func Find(dir string, ss []suites.Suite) (map[string]string, error) {
	bins := map[string]string{}
	for _, s := range ss {
		bin := Path(dir, s.Name)
		if info, err := os.Stat(bin); err != nil || info.IsDir() {
			return nil, fmt.Errorf("%s=%s holds no compiled suite %s (%s): compile them with 'runner compile -o %s', or unset it", Env, dir, s.Name, bin, dir)
		}
		bins[s.Name] = bin
	}
	return bins, nil
}

// Ginkgo returns the path of ginkgo's command, pinned in the go.mod at
// root: go tool builds it once into the build cache, and runs start it
// from there instead of each going through go tool (about 0.7 s of CPU).
func Ginkgo(root string) (string, error) {
	cmd := exec.Command("go", "tool", "-n", "ginkgo")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("go tool -n ginkgo: %v\n%s", err, ee.Stderr)
		}
		return "", fmt.Errorf("go tool -n ginkgo: %v", err)
	}
	path := strings.TrimSpace(string(out))
	if !filepath.IsAbs(path) || strings.Contains(path, "\n") {
		return "", fmt.Errorf("go tool -n ginkgo printed %q, not the path of a command", path)
	}
	return path, nil
}
