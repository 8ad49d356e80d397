package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chatconform/chatconform/ledger"
	"github.com/chatconform/chatconform/target"
)

// ledgerPath returns the ledger file: $LEDGER, else the default under root.
func ledgerPath(flagValue, root string) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	return filepath.Join(root, ledger.DefaultPath), nil
}

func sweep(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sweep", stderr)
	var (
		targetName = fs.String("target", os.Getenv("TARGET"), "`target` to clean: a region name or an http(s) base URL")
		ledgerFile = fs.String("ledger", os.Getenv("LEDGER"), "ledger `file` of created accounts (default "+ledger.DefaultPath+" in the module)")
	)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	base, _, err := target.Resolve(strings.TrimSpace(*targetName))
	if err != nil {
		return usagef("sweep: %v", err)
	}
	if base == "" {
		return usagef("sweep: the embedded emulator keeps nothing after a run; name a region or URL with -target")
	}
	appID, key, admin, set, err := credentials()
	if err != nil {
		return err
	}
	if !set {
		return usagef("sweep: target %s needs credentials: set TIM_SDKAPPID and TIM_SECRET_KEY", *targetName)
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	path, err := ledgerPath(*ledgerFile, root)
	if err != nil {
		return usagef("sweep: ledger: %v", err)
	}
	l, err := ledger.Open(path)
	if err != nil {
		return err
	}
	left, err := l.Outstanding(base, appID)
	if err != nil {
		return err
	}
	if len(left) == 0 {
		fmt.Fprintf(stdout, "sweep: the ledger %s lists no account left on %s\n", path, base)
		return nil
	}
	c := target.NewClient(target.Target{Name: *targetName, BaseURL: base, SDKAppID: appID, Key: key, Admin: admin})
	c.Retry = 8
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	deleted, missing := 0, 0
	for len(left) > 0 {
		n := min(len(left), 100)
		items := make([]map[string]string, n)
		for i, id := range left[:n] {
			items[i] = map[string]string{"UserID": id}
		}
		var out struct {
			ResultItem []struct {
				UserID     string
				ResultCode int
			}
		}
		if _, err := c.Call(ctx, "im_open_login_svc/account_delete", map[string]any{"DeleteItem": items}, &out); err != nil {
			return fmt.Errorf("sweep: delete %d accounts: %w", n, err)
		}
		var done []string
		for _, it := range out.ResultItem {
			switch it.ResultCode {
			case 0:
				deleted++
				done = append(done, it.UserID)
			case 70107: // never created, or already gone
				missing++
				done = append(done, it.UserID)
			default:
				fmt.Fprintf(stderr, "sweep: %s: ResultCode %d, left in the ledger\n", it.UserID, it.ResultCode)
			}
		}
		if err := l.Deleted(base, appID, done...); err != nil {
			return err
		}
		left = left[n:]
	}
	fmt.Fprintf(stdout, "sweep: deleted %d accounts from %s (%d were already gone)\n", deleted, base, missing)
	return nil
}
