package ledger

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

func TestOutstanding(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "sub", "ledger.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := l.Outstanding("http://a", 1); err != nil || len(got) != 0 {
		t.Fatalf("empty ledger: %v, %v", got, err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(l.Created("http://a", 1, "u1", "u2", "u3"))
	must(l.Created("http://b", 1, "x1"))
	must(l.Created("http://a", 2, "y1"))
	must(l.Deleted("http://a", 1, "u2"))
	// A line cut short by a crash.
	f, err := os.OpenFile(l.Path(), os.O_APPEND|os.O_WRONLY, 0)
	must(err)
	f.WriteString(`{"op":"create","target":"http://a","sdk`)
	f.Close()
	must(l.Created("http://a", 1, "u4"))
	for _, tc := range []struct {
		target string
		app    uint64
		want   []string
	}{
		{"http://a", 1, []string{"u1", "u3", "u4"}},
		{"http://b", 1, []string{"x1"}},
		{"http://a", 2, []string{"y1"}},
		{"http://c", 1, []string{}},
	} {
		got, err := l.Outstanding(tc.target, tc.app)
		must(err)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Outstanding(%s, %d) = %v, want %v", tc.target, tc.app, got, tc.want)
		}
	}
}

func TestConcurrentAppends(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "ledger.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				if err := l.Created("t", 1, string(rune('a'+i))+string(rune('a'+j%26))+string(rune('0'+j/26))); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	got, err := l.Outstanding("t", 1)
	if err != nil || len(got) != 400 {
		t.Errorf("%d outstanding, %v; want 400", len(got), err)
	}
}
