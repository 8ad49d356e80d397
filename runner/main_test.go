package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/usersig"
)

// Usage and configuration errors exit 2 before anything is sent or run.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no command", nil, nil, "usage"},
		{"unknown command", []string{"frobnicate"}, nil, "unknown command"},
		{"unknown flag", []string{"conformance", "-nope"}, nil, "flag provided but not defined"},
		{"extra argument", []string{"conformance", "extra"}, nil, "unexpected argument"},
		{"unknown target", []string{"conformance", "-target", "atlantis"}, nil, "neither"},
		{"region without credentials", []string{"conformance", "-target", "seoul"}, nil, "needs credentials"},
		{"URL without credentials", []string{"conformance", "-target", "http://127.0.0.1:9"}, nil, "needs credentials"},
		{"key without app", []string{"conformance", "-target", "seoul"}, map[string]string{"TIM_SECRET_KEY": "k"}, "TIM_SDKAPPID is not"},
		{"app without key", []string{"conformance", "-target", "seoul"}, map[string]string{"TIM_SDKAPPID": "1400000000"}, "TIM_SECRET_KEY is not"},
		{"bad SDKAppID", []string{"conformance", "-target", "seoul"}, map[string]string{"TIM_SDKAPPID": "abc", "TIM_SECRET_KEY": "k"}, "not a positive integer"},
		{"bad label filter", []string{"conformance", "-labels", "a &&"}, nil, "label filter"},
		{"zero procs", []string{"conformance", "-procs", "0"}, nil, "-procs"},
		{"zero rate procs", []string{"conformance", "-rate-procs", "0"}, nil, "-rate-procs"},
		{"callback wait not a duration", []string{"conformance"}, map[string]string{"CALLBACK_WAIT": "soon"}, `CALLBACK_WAIT="soon"`},
		{"settle wait under a second", []string{"conformance"}, map[string]string{"SETTLE_WAIT": "10ms"}, "at least 1s"},
		{"TARGET from the environment", []string{"conformance"}, map[string]string{"TARGET": "atlantis"}, "neither"},
		{"usersig with bad expiry", []string{"usersig", "-expire", "-1h"}, nil, "-expire"},
		{"emulator extra argument", []string{"emulator", "x"}, nil, "unexpected argument"},
		{"no compiled suites where named", []string{"conformance"}, map[string]string{"CHATCONFORM_SUITES": "/nonexistent/chatconform-suites"}, "holds no compiled suite"},
		{"compile without a folder", []string{"compile"}, nil, "-o names the folder"},
		{"compile extra argument", []string{"compile", "-o", "x", "y"}, nil, "unexpected argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"TARGET", "LABELS", "TIM_SDKAPPID", "TIM_SECRET_KEY", "TIM_ADMIN", "CALLBACK_WAIT", "SETTLE_WAIT", "CHATCONFORM_SUITES"} {
				t.Setenv(k, tc.env[k])
			}
			var out, errb bytes.Buffer
			if code := run(tc.args, &out, &errb); code != 2 {
				t.Errorf("exit %d, want 2; stderr %q", code, errb.String())
			}
			if !strings.Contains(errb.String(), tc.want) {
				t.Errorf("stderr %q does not say %q", errb.String(), tc.want)
			}
			if strings.Contains(errb.String()+out.String(), "\x1b[") {
				t.Errorf("colour codes in the message: %q", errb.String())
			}
		})
	}
}

func TestUserSigCommand(t *testing.T) {
	t.Setenv("TIM_SDKAPPID", "")
	t.Setenv("TIM_SECRET_KEY", "")
	t.Setenv("TIM_ADMIN", "")
	var out, errb bytes.Buffer
	if code := run([]string{"usersig", "-identifier", "alice"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	sig := strings.TrimSpace(out.String())
	if err := usersig.Verify(emulator.TestSDKAppID, emulator.TestKey, "alice", sig, time.Now()); err != nil {
		t.Errorf("printed usersig does not verify with the test credentials: %v", err)
	}
	if strings.Count(out.String(), "\n") != 1 {
		t.Errorf("usersig printed more than one line: %q", out.String())
	}
}
