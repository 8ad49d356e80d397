package framework

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/ledger"
	"github.com/chatconform/chatconform/internal/parity"
	"github.com/chatconform/chatconform/internal/target"
)

// Environment variables the suites read, in setup nodes only.
const (
	EnvTarget          = "TARGET"
	EnvSDKAppID        = "TIM_SDKAPPID"
	EnvKey             = "TIM_SECRET_KEY"
	EnvAdmin           = "TIM_ADMIN"
	EnvAllowDisruptive = "ALLOW_DISRUPTIVE"
	// EnvLedger names the ledger file of created accounts; the runner sets
	// it. Unset, the suite uses ledger.DefaultPath under the module root.
	EnvLedger = "CHATCONFORM_LEDGER"
	// EnvRecord set to 1 makes every check report its observation.
	EnvRecord = "CHATCONFORM_RECORD"
	// EnvObserved names an observed profile to hold the target to.
	EnvObserved = "OBSERVED"
	// EnvCallbackListen is the address the suite's callback receiver
	// listens on for a URL or region target whose callback URL points
	// there; without it, webhook checks are skipped on such targets.
	EnvCallbackListen = "CALLBACK_LISTEN"
	// EnvCallbackWait, a Go duration such as 3s, bounds how long a webhook
	// check waits for a callback (CallbackWait; default 10s).
	EnvCallbackWait = "CALLBACK_WAIT"
	// EnvSettleWait bounds how long a check waits for state the pages say
	// catches up later (SettleWait; default 30s).
	EnvSettleWait = "SETTLE_WAIT"
)

// SettleWait bounds how long a check waits for state the pages say
// catches up some time after a change (an AVChatRoom's online list: every
// 10 s, 10 to 20 s with web users). SETTLE_WAIT sets it, for targets
// known to catch up at once.
var SettleWait = 30 * time.Second

// WaitsFromEnv sets CallbackWait and SettleWait from the environment, where
// it says.
func WaitsFromEnv() error {
	callback, settle, err := ReadWaits(CallbackWait, SettleWait)
	if err != nil {
		return err
	}
	CallbackWait, SettleWait = callback, settle
	return nil
}

// ReadWaits returns the waits CALLBACK_WAIT and SETTLE_WAIT give, or the
// defaults where they say nothing, and an error naming the variable whose
// value is not a wait (see ParseWait).
func ReadWaits(callbackDefault, settleDefault time.Duration) (callback, settle time.Duration, err error) {
	callback, settle = callbackDefault, settleDefault
	for _, w := range []struct {
		env string
		to  *time.Duration
	}{{EnvCallbackWait, &callback}, {EnvSettleWait, &settle}} {
		raw := strings.TrimSpace(os.Getenv(w.env))
		if raw == "" {
			continue
		}
		if *w.to, err = ParseWait(w.env, raw); err != nil {
			return 0, 0, err
		}
	}
	return callback, settle, nil
}

// ParseWait reads the wait the variable env holds: a Go duration of at
// least a callback window (OnceWindow), such as 3s or 1m.
func ParseWait(env, raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil || d < OnceWindow {
		return 0, fmt.Errorf("%s=%q: want a duration of at least %s, such as 10s", env, raw, OnceWindow)
	}
	return d, nil
}

// ParityFromEnv reads the record switch and loads the observed profile.
func ParityFromEnv() (record bool, observed *Observed, err error) {
	record = os.Getenv(EnvRecord) == "1"
	if path := strings.TrimSpace(os.Getenv(EnvObserved)); path != "" && !record {
		p, err := parity.Load(path)
		if err != nil {
			return false, nil, err
		}
		observed = &Observed{Path: path, Profile: p}
	}
	return record, observed, nil
}

// LedgerFromEnv opens the ledger for a target that outlives the run.
func LedgerFromEnv() (*ledger.Ledger, error) {
	path := os.Getenv(EnvLedger)
	if path == "" {
		root, err := moduleRoot()
		if err != nil {
			return nil, err
		}
		path = filepath.Join(root, ledger.DefaultPath)
	}
	return ledger.Open(path)
}

// moduleRoot walks up from the working directory to the folder with go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory; set %s", EnvLedger)
		}
		dir = parent
	}
}

// TargetFromEnv builds the Target the environment asks for. For the
// embedded emulator it returns embedded true and a Target without a base
// URL, to be completed by Embedded.
func TargetFromEnv() (t target.Target, embedded bool, err error) {
	name := strings.TrimSpace(os.Getenv(EnvTarget))
	base, region, err := target.Resolve(name)
	if err != nil {
		return target.Target{}, false, err
	}
	allow := os.Getenv(EnvAllowDisruptive)
	t = target.Target{Name: name, BaseURL: base, Region: region, AllowDisruptive: allow == "1" || strings.EqualFold(allow, "true")}
	if base == "" {
		t.Name = target.Embedded
		return Embedded(t, ""), true, nil
	}
	rawID, key := os.Getenv(EnvSDKAppID), os.Getenv(EnvKey)
	if rawID == "" || key == "" {
		return target.Target{}, false, fmt.Errorf("target %s needs %s and %s in the environment", name, EnvSDKAppID, EnvKey)
	}
	if t.SDKAppID, err = target.ParseSDKAppID(rawID); err != nil {
		return target.Target{}, false, fmt.Errorf("%s: %w", EnvSDKAppID, err)
	}
	t.Key = key
	t.Admin = strings.TrimSpace(os.Getenv(EnvAdmin))
	if t.Admin == "" {
		t.Admin = "administrator"
	}
	return t, false, nil
}

// Embedded fills t with the embedded emulator's test credentials and url.
func Embedded(t target.Target, url string) target.Target {
	t.BaseURL = url
	t.SDKAppID, t.Key, t.Admin = emulator.TestSDKAppID, emulator.TestKey, emulator.TestAdmin
	t.Region, t.AllowDisruptive = false, true
	return t
}

// StartEmbedded starts the reference emulator the suite runs against by
// default: documented rate limits, real clock, loopback, its callbacks
// sent to callbackURL (none when empty).
func StartEmbedded(callbackURL string) (*emulator.Server, error) {
	return emulator.NewServer(emulator.Options{CallbackURL: callbackURL})
}
