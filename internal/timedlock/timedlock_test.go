//go:build unix

package timedlock

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// held reports whether someone holds the lock at path, by trying it
// through an open file of its own (flock locks belong to open files, so
// this conflicts with a holder in the same process too).
func held(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ok, err := tryLock(f)
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		unlock(f)
	}
	return !ok
}

// chanWriter sends each write on its channel.
type chanWriter chan string

func (c chanWriter) Write(p []byte) (int, error) {
	c <- string(p)
	return len(p), nil
}

func TestAcquireHoldsUntilRelease(t *testing.T) {
	path := filepath.Join(t.TempDir(), "timed.lock")
	t.Setenv(Env, path)
	release, err := Acquire(io.Discard, "first")
	if err != nil {
		t.Fatal(err)
	}
	if !held(t, path) {
		t.Fatal("the lock is free while acquired")
	}
	// A second taker says it waits, and waits.
	said := make(chan string, 2)
	got := make(chan func(), 1)
	go func() {
		r, err := Acquire(chanWriter(said), "second")
		if err != nil {
			t.Error(err)
		}
		got <- r
	}()
	if line := <-said; !strings.Contains(line, "second waits for the machine's timed lock") {
		t.Errorf("the waiting taker said %q", line)
	}
	select {
	case <-got:
		t.Fatal("a second Acquire returned while the first held the lock")
	default:
	}
	release()
	release() // twice is harmless
	second := <-got
	second()
	if held(t, path) {
		t.Error("the lock is held after both released it")
	}
}

func TestSharedHoldsWhileAnyPartRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "timed.lock")
	t.Setenv(Env, path)
	s := &Shared{Log: io.Discard, What: "self-test"}
	a, err := s.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	a()
	if !held(t, path) {
		t.Fatal("released while one part still runs")
	}
	b()
	if held(t, path) {
		t.Fatal("held after every part ended")
	}
}

func TestUnsetIsNoLock(t *testing.T) {
	t.Setenv(Env, "")
	release, err := Acquire(io.Discard, "alone")
	if err != nil {
		t.Fatal(err)
	}
	release()
}

func TestBadPathIsAnError(t *testing.T) {
	t.Setenv(Env, filepath.Join(t.TempDir(), "no", "such", "dir", "lock"))
	if _, err := Acquire(io.Discard, "x"); err == nil || !strings.Contains(err.Error(), Env) {
		t.Fatalf("err = %v, want one naming %s", err, Env)
	}
}

func TestLightIsNicedOnlyWhenSharing(t *testing.T) {
	t.Setenv(Env, "")
	if name, args := Light("go", "version"); name != "go" || len(args) != 1 {
		t.Errorf("alone: %s %v, want go [version]", name, args)
	}
	t.Setenv(Env, filepath.Join(t.TempDir(), "timed.lock"))
	name, args := Light("go", "version")
	if filepath.Base(name) != "nice" || strings.Join(args, " ") != "-n 10 go version" {
		t.Errorf("sharing: %s %v, want nice -n 10 go version", name, args)
	}
}
