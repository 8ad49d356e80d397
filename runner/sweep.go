package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chatconform/chatconform/internal/ledger"
	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
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
	if err := framework.DeleteAccounts(ctx, c, l, left); err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	fmt.Fprintf(stdout, "sweep: deleted the %d accounts the ledger listed on %s (or found them gone)\n", len(left), base)
	return nil
}
