package emulator

import (
	"slices"
	"sort"
)

// recentBlock is the longest block of a recentList.
const recentBlock = 512

// recentList keeps conversations in order, newest first, in blocks of at
// most recentBlock items, so that moving one to the front (what every
// message does) costs a block's length and the number of blocks, not the
// length of the list: an account that talks with 10⁵ others stays cheap.
type recentList struct {
	blocks [][]*recentItem // each non-empty
	starts []int           // starts[b] is the position of blocks[b][0]
	n      int
}

func (l *recentList) len() int { return l.n }

// search returns the first position whose item satisfies pred, which is
// false and then true along the list, as for sort.Search.
func (l *recentList) search(pred func(*recentItem) bool) int {
	b := sort.Search(len(l.blocks), func(b int) bool {
		blk := l.blocks[b]
		return pred(blk[len(blk)-1])
	})
	if b == len(l.blocks) {
		return l.n
	}
	blk := l.blocks[b]
	return l.starts[b] + sort.Search(len(blk), func(i int) bool { return pred(blk[i]) })
}

// locate returns the block of position pos (< l.n) and pos within it.
func (l *recentList) locate(pos int) (int, int) {
	b := sort.Search(len(l.starts), func(b int) bool { return l.starts[b] > pos }) - 1
	return b, pos - l.starts[b]
}

// at returns the item at position pos (< l.n).
func (l *recentList) at(pos int) *recentItem {
	b, i := l.locate(pos)
	return l.blocks[b][i]
}

// insert puts it in its place: after every item newer than it.
func (l *recentList) insert(it *recentItem) {
	pos := l.search(func(x *recentItem) bool { return !recentNewer(x, it.time, it.touched) })
	if l.n == 0 {
		l.blocks, l.starts, l.n = [][]*recentItem{{it}}, []int{0}, 1
		return
	}
	b, i := len(l.blocks)-1, len(l.blocks[len(l.blocks)-1])
	if pos < l.n {
		b, i = l.locate(pos)
	}
	blk := slices.Insert(l.blocks[b], i, it)
	l.blocks[b] = blk
	if len(blk) > recentBlock {
		half := len(blk) / 2
		l.blocks[b] = slices.Clone(blk[:half])
		l.blocks = slices.Insert(l.blocks, b+1, slices.Clone(blk[half:]))
		l.starts = slices.Insert(l.starts, b+1, 0)
	}
	l.n++
	l.reindex(b)
}

// remove takes it out of the list, if it is there at its place.
func (l *recentList) remove(it *recentItem) {
	pos := l.search(func(x *recentItem) bool { return !recentNewer(x, it.time, it.touched) })
	if pos == l.n || l.at(pos) != it {
		return
	}
	b, i := l.locate(pos)
	l.blocks[b] = slices.Delete(l.blocks[b], i, i+1)
	if len(l.blocks[b]) == 0 {
		l.blocks = slices.Delete(l.blocks, b, b+1)
		l.starts = slices.Delete(l.starts, b, b+1)
	}
	l.n--
	l.reindex(b)
}

// reindex recomputes the starts of the blocks from b on.
func (l *recentList) reindex(b int) {
	for ; b < len(l.blocks); b++ {
		if b == 0 {
			l.starts[0] = 0
		} else {
			l.starts[b] = l.starts[b-1] + len(l.blocks[b-1])
		}
	}
}
