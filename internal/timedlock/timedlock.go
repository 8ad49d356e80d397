// Package timedlock keeps the timed parts of runs that share a machine
// from overlapping. A rate-limit check measures throughput: it sends calls
// at a set rate and counts what the target throttles, so two of them
// measuring at once, each with its own load generator and emulator, judge
// each other's load as well as the target. `make test` runs the
// conformance suite, the end-to-end tests and the self-test side by side
// (they mostly wait); each takes this lock around its timed part, and the
// rest of their work goes on meanwhile, at a lower priority (Light).
//
// The lock is a file, named by CHATCONFORM_TIMED_LOCK, locked with flock:
// the kernel releases it when its holder exits, however it exits. With the
// variable unset there is no lock (a run alone on its machine).
package timedlock

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"
)

// Env names the lock file.
const Env = "CHATCONFORM_TIMED_LOCK"

// Sharing reports whether this run shares its machine with others
// (CHATCONFORM_TIMED_LOCK is set).
func Sharing() bool { return os.Getenv(Env) != "" }

// LightNice is how much lower the priority of the work between the
// measurements is while sharing the machine: the measurements, at the
// usual priority, get the cores they need, and the rest (which mostly
// waits) takes what they leave.
const LightNice = 10

// Light returns the command line for work that measures nothing (name and
// args), run at the lower priority while sharing the machine (through
// nice, where the system has it), and as it is otherwise.
func Light(name string, args ...string) (string, []string) {
	if !Sharing() {
		return name, args
	}
	nice, err := exec.LookPath("nice")
	if err != nil {
		return name, args
	}
	return nice, append([]string{"-n", strconv.Itoa(LightNice), name}, args...)
}

// Acquire takes the lock named by $CHATCONFORM_TIMED_LOCK, waiting while
// another process holds it (and saying so on log, naming what waits), and
// returns its release. With the variable unset it returns at once.
func Acquire(log io.Writer, what string) (release func(), err error) {
	path := os.Getenv(Env)
	if path == "" {
		return func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Env, err)
	}
	if ok, err := tryLock(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: lock %s: %w", Env, path, err)
	} else if !ok {
		start := time.Now()
		fmt.Fprintf(log, "%s waits for the machine's timed lock (%s): another run is measuring throughput\n", what, path)
		if err := lock(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: lock %s: %w", Env, path, err)
		}
		fmt.Fprintf(log, "%s has the timed lock after %.1f s\n", what, time.Since(start).Seconds())
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			unlock(f)
			f.Close()
		})
	}, nil
}

// Shared is the lock held for several timed parts of one process at once:
// the first to start takes it, the last to end releases it.
type Shared struct {
	Log  io.Writer
	What string

	mu      sync.Mutex
	holders int
	release func()
}

// Acquire takes the lock if no part of this process holds it yet, and
// returns this part's release.
func (s *Shared) Acquire() (func(), error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.holders == 0 {
		release, err := Acquire(s.Log, s.What)
		if err != nil {
			return nil, err
		}
		s.release = release
	}
	s.holders++
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.holders--; s.holders == 0 {
				s.release()
			}
		})
	}, nil
}
