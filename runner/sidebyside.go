package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/chatconform/chatconform/suites"
)

// passTook is the line a pass ends with: what ran and its wall time,
// compilation excluded (BenchmarkSuiteWallTime reads it).
const passTook = "chatconform %s: %s took %.1fs\n"

// linePrefixer writes what it is given to w a whole line at a time, each
// line after prefix, holding mu while it writes: the output of suites
// running side by side, interleaved by line, each line saying whose it is.
type linePrefixer struct {
	w      io.Writer
	mu     *sync.Mutex
	prefix string
	buf    []byte
}

func (p *linePrefixer) Write(b []byte) (int, error) {
	p.buf = append(p.buf, b...)
	i := bytes.LastIndexByte(p.buf, '\n')
	if i < 0 {
		return len(b), nil
	}
	err := p.emit(p.buf[:i+1])
	p.buf = append(p.buf[:0], p.buf[i+1:]...)
	return len(b), err
}

// Flush writes a last line left without its newline.
func (p *linePrefixer) Flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	err := p.emit(append(p.buf, '\n'))
	p.buf = p.buf[:0]
	return err
}

func (p *linePrefixer) emit(lines []byte) error {
	var out bytes.Buffer
	for line := range bytes.Lines(lines) {
		out.WriteString(p.prefix)
		out.Write(line)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, err := p.w.Write(out.Bytes())
	return err
}

// sideBySide runs run once per suite at the same time, each with its output
// prefixed by the suite's name and its JSON report in a file of its own
// (report, in dir), and then joins the reports, in the suites' order, into
// dir/reportName. Its error is the first suite's that failed.
func sideBySide(dir, reportName string, ss []suites.Suite, stdout, stderr io.Writer, run func(s suites.Suite, report string, stdout, stderr io.Writer) error) error {
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		errs  = make([]error, len(ss))
		parts = make([]string, len(ss))
	)
	width := 0
	for _, s := range ss {
		width = max(width, len(s.Name))
	}
	for i, s := range ss {
		report := strings.TrimSuffix(reportName, ".json") + "-" + s.Name + ".json"
		parts[i] = filepath.Join(dir, report)
		prefix := fmt.Sprintf("%-*s | ", width, s.Name)
		out := &linePrefixer{w: stdout, mu: &mu, prefix: prefix}
		errOut := &linePrefixer{w: stderr, mu: &mu, prefix: prefix}
		wg.Go(func() {
			errs[i] = run(s, report, out, errOut)
			out.Flush()
			errOut.Flush()
		})
	}
	wg.Wait()
	if err := joinReports(filepath.Join(dir, reportName), parts); err != nil {
		return err
	}
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("%s: %w", ss[i].Name, err)
		}
	}
	return nil
}

// joinReports writes the suite reports of the ginkgo JSON reports parts,
// in order, to path, and removes the parts. A part that is missing (its
// suite was stopped before it wrote one) adds nothing; when every part is
// missing, nothing is written.
func joinReports(path string, parts []string) error {
	var all []types.Report
	found := false
	for _, part := range parts {
		data, err := os.ReadFile(part)
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			return err
		}
		var rs []types.Report
		if err := json.Unmarshal(data, &rs); err != nil {
			return fmt.Errorf("read %s: %w", part, err)
		}
		all, found = append(all, rs...), true
	}
	if !found {
		return nil
	}
	data, err := json.Marshal(all)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	for _, part := range parts {
		os.Remove(part)
	}
	return nil
}

// timed runs f and prints the passTook line for what it ran.
func timed(w io.Writer, command, what string, f func() error) error {
	start := time.Now()
	err := f()
	fmt.Fprintf(w, passTook, command, what, time.Since(start).Seconds())
	return err
}
