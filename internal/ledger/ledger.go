// Package ledger records every account a conformance run creates on a
// target, before it creates it, so that accounts left behind by a crashed
// or interrupted run can be found and deleted: the API has no way to list
// accounts.
//
// A ledger is a file of JSON lines, appended to by every process of a run
// (each line is written with one write to a file opened for appending).
package ledger

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// DefaultPath is where the runner keeps the ledger unless told otherwise.
const DefaultPath = ".chatconform/ledger.jsonl"

// Entry is one line: an account created or deleted on a target.
type Entry struct {
	Op       string    `json:"op"` // "create" or "delete"
	Target   string    `json:"target"`
	SDKAppID uint64    `json:"sdkappid"`
	UserID   string    `json:"user"`
	At       time.Time `json:"at"`
}

// Ledger appends entries to a file.
type Ledger struct {
	path string
	mu   sync.Mutex
}

// Open returns the ledger at path, creating its folder.
func Open(path string) (*Ledger, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("ledger folder: %w", err)
	}
	return &Ledger{path: path}, nil
}

// Path returns the ledger's file.
func (l *Ledger) Path() string { return l.path }

func (l *Ledger) append(op, target string, sdkappid uint64, users []string) error {
	if len(users) == 0 {
		return nil
	}
	var buf []byte
	now := time.Now().UTC()
	for _, u := range users {
		line, err := json.Marshal(Entry{Op: op, Target: target, SDKAppID: sdkappid, UserID: u, At: now})
		if err != nil {
			return err
		}
		buf = append(append(buf, line...), '\n')
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := os.OpenFile(l.path, os.O_APPEND|os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("open ledger: %w", err)
	}
	// A line cut short by a crash gets its end first, so this one stays whole.
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, st.Size()-1); err == nil && last[0] != '\n' {
			buf = append([]byte{'\n'}, buf...)
		}
	}
	if _, err := f.Write(buf); err != nil {
		f.Close()
		return fmt.Errorf("write ledger: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync ledger: %w", err)
	}
	return f.Close()
}

// Created records that users are about to be created on target.
func (l *Ledger) Created(target string, sdkappid uint64, users ...string) error {
	return l.append("create", target, sdkappid, users)
}

// Deleted records that users were deleted from target.
func (l *Ledger) Deleted(target string, sdkappid uint64, users ...string) error {
	return l.append("delete", target, sdkappid, users)
}

// Outstanding returns the accounts created on target for sdkappid and not
// recorded as deleted since, sorted. A missing file has none.
func (l *Ledger) Outstanding(target string, sdkappid uint64) ([]string, error) {
	f, err := os.Open(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open ledger: %w", err)
	}
	defer f.Close()
	live := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e Entry
		if len(sc.Bytes()) == 0 {
			continue
		}
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			// A line cut short by a crash is skipped; its account was
			// recorded again on the next line or never created.
			continue
		}
		if e.Target != target || e.SDKAppID != sdkappid {
			continue
		}
		switch e.Op {
		case "create":
			live[e.UserID] = true
		case "delete":
			delete(live, e.UserID)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read ledger: %w", err)
	}
	out := make([]string, 0, len(live))
	for u := range live {
		out = append(out, u)
	}
	sort.Strings(out)
	return out, nil
}
