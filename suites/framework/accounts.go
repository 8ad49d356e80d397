package framework

import (
	"context"
	"crypto/rand"
	"fmt"
	"hash/fnv"
	"math/big"
	"strings"
	"sync"

	"github.com/chatconform/chatconform/internal/ledger"
	"github.com/chatconform/chatconform/internal/target"
)

// maxUserID is the documented UserID limit in bytes.
const maxUserID = 32

// NewRunPrefix returns a short random prefix that marks every account of
// one run, such as "cck3j9x2".
func NewRunPrefix() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte("cc")
	for i := 0; i < 6; i++ {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		b = append(b, alphabet[n.Int64()])
	}
	return string(b)
}

// Pool hands out accounts of one suite process. It imports accounts only
// when asked for a conversation pair no spec has used, so a run makes few
// accounts (a Trial app holds 100), and Cleanup deletes every one of them.
type Pool struct {
	c      *target.Client
	prefix string
	ledger *ledger.Ledger // nil: nothing outlives the run (the embedded emulator)

	mu sync.Mutex
	// created lists every account the pool tried to create, for Cleanup;
	// accounts only those whose import succeeded, to hand out.
	created  []string
	accounts []string
	used     map[[2]string]bool
	unknown  int
	digits   int
	// digitStem starts every all-digit UserID the pool makes: the run's
	// DigitPrefix and the process.
	digitStem string
}

// DigitPrefix is what every all-digit UserID of a run starts with, derived
// from the run prefix: "9" and eight digits.
func DigitPrefix(runPrefix string) string {
	if runPrefix == "" {
		return ""
	}
	h := fnv.New32a()
	h.Write([]byte(runPrefix))
	return fmt.Sprintf("9%08d", h.Sum32()%100000000)
}

// NewPool returns a pool whose UserIDs start with prefix (at most 20
// bytes). With a ledger, every account is recorded there before it is
// created and after it is deleted.
func NewPool(c *target.Client, prefix string, l *ledger.Ledger) (*Pool, error) {
	if len(prefix) > maxUserID-12 {
		return nil, fmt.Errorf("account prefix %q is over %d bytes", prefix, maxUserID-12)
	}
	return &Pool{c: c, prefix: prefix, ledger: l, used: map[[2]string]bool{}}, nil
}

// Prefix returns the pool's UserID prefix.
func (p *Pool) Prefix() string { return p.prefix }

// Accounts returns the accounts the pool has created so far, including
// any whose import may have half happened.
func (p *Pool) Accounts() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.created...)
}

func key(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

// Pair returns two accounts that have never been given out together, so
// their conversation is empty.
func (p *Pool) Pair(ctx context.Context) (string, string, error) {
	p.mu.Lock()
	for i, a := range p.accounts {
		for _, b := range p.accounts[i+1:] {
			if !p.used[key(a, b)] {
				p.used[key(a, b)] = true
				p.mu.Unlock()
				return a, b, nil
			}
		}
	}
	p.mu.Unlock()
	if _, err := p.newAccount(ctx); err != nil {
		return "", "", err
	}
	return p.Pair(ctx)
}

// Distinct returns n different accounts no two of which have been given
// out together, and marks their pairs used.
func (p *Pool) Distinct(ctx context.Context, n int) ([]string, error) {
	for {
		p.mu.Lock()
		var picked []string
		for _, a := range p.accounts {
			fresh := true
			for _, b := range picked {
				fresh = fresh && !p.used[key(a, b)]
			}
			if fresh {
				picked = append(picked, a)
			}
			if len(picked) == n {
				break
			}
		}
		if len(picked) == n {
			for i, a := range picked {
				for _, b := range picked[i+1:] {
					p.used[key(a, b)] = true
				}
			}
			p.mu.Unlock()
			return picked, nil
		}
		p.mu.Unlock()
		if _, err := p.newAccount(ctx); err != nil {
			return nil, err
		}
	}
}

// PeerOf returns an account whose conversation with a is unused.
func (p *Pool) PeerOf(ctx context.Context, a string) (string, error) {
	p.mu.Lock()
	for _, b := range p.accounts {
		if b != a && !p.used[key(a, b)] {
			p.used[key(a, b)] = true
			p.mu.Unlock()
			return b, nil
		}
	}
	p.mu.Unlock()
	if _, err := p.newAccount(ctx); err != nil {
		return "", err
	}
	return p.PeerOf(ctx, a)
}

// Unknown returns a well-formed UserID that the run never imports.
func (p *Pool) Unknown() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.unknown++
	return fmt.Sprintf("%snx%d", p.prefix, p.unknown)
}

// Digits returns a new UserID of digits only, unique in the run, so that a
// check can also send it as a JSON number. With imported set it is imported
// first; either way the pool deletes it at the end of the run.
func (p *Pool) Digits(ctx context.Context, imported bool) (string, error) {
	p.mu.Lock()
	p.digits++
	id := fmt.Sprintf("%s%04d", p.digitStem, p.digits)
	p.created = append(p.created, id)
	p.mu.Unlock()
	if p.ledger != nil {
		t := p.c.Target()
		if err := p.ledger.Created(t.BaseURL, t.SDKAppID, id); err != nil {
			return "", fmt.Errorf("record account %q in the ledger: %w", id, err)
		}
	}
	if imported {
		if _, err := p.c.Call(ctx, "im_open_login_svc/account_import", map[string]string{"UserID": id}, nil); err != nil {
			return "", fmt.Errorf("import account %q: %w", id, err)
		}
	}
	return id, nil
}

func (p *Pool) newAccount(ctx context.Context) (string, error) {
	p.mu.Lock()
	id := fmt.Sprintf("%su%d", p.prefix, len(p.created)+1)
	p.created = append(p.created, id) // before the import, so Cleanup covers a half-done one
	p.mu.Unlock()
	if p.ledger != nil {
		t := p.c.Target()
		if err := p.ledger.Created(t.BaseURL, t.SDKAppID, id); err != nil {
			return "", fmt.Errorf("record account %q in the ledger: %w", id, err)
		}
	}
	if _, err := p.c.Call(ctx, "im_open_login_svc/account_import", map[string]string{"UserID": id}, nil); err != nil {
		return "", fmt.Errorf("import account %q: %w", id, err)
	}
	p.mu.Lock()
	p.accounts = append(p.accounts, id) // only now may a spec get it
	p.mu.Unlock()
	return id, nil
}

// Cleanup deletes every account the pool created.
func (p *Pool) Cleanup(ctx context.Context) error {
	return DeleteAccounts(ctx, p.c, p.ledger, p.Accounts())
}

// DeleteAccounts deletes ids from the client's target, 100 per call, and
// records in l (when not nil) each one that is gone, deleted or found
// missing (70107). Accounts the target would not delete are an error and
// stay in the ledger, for make sweep.
func DeleteAccounts(ctx context.Context, c *target.Client, l *ledger.Ledger, ids []string) error {
	var failed []string
	for len(ids) > 0 {
		n := min(len(ids), 100)
		items := make([]map[string]string, n)
		for i, id := range ids[:n] {
			items[i] = map[string]string{"UserID": id}
		}
		var out struct {
			ResultItem []struct {
				UserID     string
				ResultCode int
			}
		}
		if _, err := c.Call(ctx, "im_open_login_svc/account_delete", map[string]any{"DeleteItem": items}, &out); err != nil {
			return fmt.Errorf("delete %d accounts: %w", n, err)
		}
		var gone []string
		for _, it := range out.ResultItem {
			if it.ResultCode == 0 || it.ResultCode == 70107 { // deleted, or never created
				gone = append(gone, it.UserID)
			} else {
				failed = append(failed, fmt.Sprintf("%s (ResultCode %d)", it.UserID, it.ResultCode))
			}
		}
		if l != nil {
			t := c.Target()
			if err := l.Deleted(t.BaseURL, t.SDKAppID, gone...); err != nil {
				return fmt.Errorf("record deleted accounts in the ledger: %w", err)
			}
		}
		ids = ids[n:]
	}
	if len(failed) > 0 {
		return fmt.Errorf("accounts not deleted, left in the ledger for make sweep: %s", strings.Join(failed, ", "))
	}
	return nil
}
