package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chatconform/chatconform/internal/parity"
	"github.com/chatconform/chatconform/internal/results"
	"github.com/chatconform/chatconform/internal/target"
)

// record runs the suite against a target and writes what it answered to
// an observed profile.
func record(args []string, stdout, stderr io.Writer) error {
	return runSuites("record", args, stdout, stderr, func(fs *flag.FlagSet) recorder {
		return func(rs []results.Result, display string, started time.Time) error {
			name := strings.TrimSpace(fs.Lookup("target").Value.String())
			path := fs.Lookup("observed").Value.String()
			if path == "" {
				path = filepath.Join("observed", fileName(name)+".json")
			}
			source := "real service"
			switch _, region, _ := target.Resolve(name); {
			case name == "" || name == target.Embedded:
				source = "chatconform emulator (not the real service)"
			case !region:
				source = "a server at this URL (not known to be the real service)"
			}
			p := &parity.Profile{Target: display, Source: source, Recorded: started.UTC().Truncate(time.Second), Tool: versionString(), Probes: map[string]parity.Observation{}}
			failed := 0
			for _, r := range rs {
				if r.Failed() {
					failed++
				}
				if len(r.Observation) == 0 {
					continue
				}
				var o parity.Observation
				if err := json.Unmarshal(r.Observation, &o); err != nil {
					return fmt.Errorf("record: observation of %s: %w", r.ID, err)
				}
				p.Probes[r.ID] = o
			}
			if len(p.Probes) == 0 {
				return fmt.Errorf("record: no check reported an observation; nothing written")
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := parity.Write(path, p); err != nil {
				return fmt.Errorf("record: %w", err)
			}
			fmt.Fprintf(stdout, "record: wrote %d observations of %s to %s", len(p.Probes), display, path)
			if failed > 0 {
				fmt.Fprintf(stdout, " (%d checks failed on this target; their answers are recorded too)", failed)
			}
			fmt.Fprintln(stdout)
			return nil
		}
	})
}

// fileName turns a target name into a file name.
func fileName(name string) string {
	if name == "" {
		return target.Embedded
	}
	if u, err := url.Parse(name); err == nil && u.Host != "" {
		name = u.Host + u.Path
	}
	return strings.Trim(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, name), "_")
}

// versionString names the chatconform revision, for profiles.
func versionString() string {
	root, err := moduleRoot()
	if err != nil {
		return "chatconform"
	}
	return "chatconform " + versions(root)[0][1]
}

// diff compares two observed profiles.
func diff(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("diff", stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v", err)
	}
	if fs.NArg() != 2 {
		return usagef("diff: want two observed profiles: runner diff REFERENCE OTHER")
	}
	a, err := parity.Load(fs.Arg(0))
	if err != nil {
		return usagef("diff: %v", err)
	}
	b, err := parity.Load(fs.Arg(1))
	if err != nil {
		return usagef("diff: %v", err)
	}
	fmt.Fprintf(stdout, "reference: %s (%s, recorded %s)\nother:     %s (%s, recorded %s)\n",
		a.Target, a.Source, a.Recorded.Format(time.DateOnly), b.Target, b.Source, b.Recorded.Format(time.DateOnly))
	d := parity.Diff(a, b)
	if len(d) == 0 {
		fmt.Fprintf(stdout, "no differences in %d probes\n", len(a.Probes))
		return nil
	}
	for _, id := range slices.Sorted(maps.Keys(d)) {
		fmt.Fprintf(stdout, "%s:\n", id)
		for _, line := range d[id] {
			fmt.Fprintf(stdout, "  - %s\n", line)
		}
	}
	fmt.Fprintf(stdout, "%d of %d probes differ\n", len(d), len(a.Probes))
	return errChecksFailed
}
