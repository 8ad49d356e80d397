package emulator

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRecentList moves items about a list long enough to split and merge
// its blocks and compares it, after every change, with a plain sorted
// slice.
func TestRecentList(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var l recentList
	var want []*recentItem
	items := map[int]*recentItem{}
	order := uint64(0)
	check := func(step int) {
		t.Helper()
		if l.len() != len(want) {
			t.Fatalf("step %d: len %d, want %d", step, l.len(), len(want))
		}
		for i, it := range want {
			if got := l.at(i); got != it {
				t.Fatalf("step %d: position %d holds %s, want %s", step, i, got.peer, it.peer)
			}
		}
	}
	newer := func(a, b *recentItem) int {
		switch {
		case recentNewer(a, b.time, b.touched):
			return -1
		case recentNewer(b, a.time, a.touched):
			return 1
		}
		return 0
	}
	for step := range 5000 {
		k := r.IntN(2000)
		if it := items[k]; it != nil {
			l.remove(it)
			want = slices.DeleteFunc(want, func(x *recentItem) bool { return x == it })
			if r.IntN(3) == 0 { // gone for good
				delete(items, k)
				check(step)
				continue
			}
		}
		order++
		it := items[k]
		if it == nil {
			it = &recentItem{peer: "p" + string(rune('a'+k%26)) + string(rune('a'+k/26%26))}
			items[k] = it
		}
		it.time, it.touched = int64(r.IntN(50)), order // many share a second
		l.insert(it)
		i, _ := slices.BinarySearchFunc(want, it, newer)
		want = slices.Insert(want, i, it)
		if step%97 == 0 {
			check(step)
		}
	}
	check(-1)
	if len(l.blocks) < 2 {
		t.Fatalf("the list of %d stayed in %d block: the test did not split one", l.len(), len(l.blocks))
	}
	// search agrees with sort.Search over the slice.
	for _, sec := range []int64{-1, 0, 7, 25, 49, 50} {
		got := l.search(func(it *recentItem) bool { return it.time <= sec })
		want := slices.IndexFunc(want, func(it *recentItem) bool { return it.time <= sec })
		if want < 0 {
			want = l.len()
		}
		if got != want {
			t.Errorf("search time <= %d: %d, want %d", sec, got, want)
		}
	}
}
