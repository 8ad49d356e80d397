package framework

import (
	"fmt"
	"os"
	"strings"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/target"
)

// Environment variables the suites read, in setup nodes only.
const (
	EnvTarget          = "TARGET"
	EnvSDKAppID        = "TIM_SDKAPPID"
	EnvKey             = "TIM_SECRET_KEY"
	EnvAdmin           = "TIM_ADMIN"
	EnvAllowDisruptive = "ALLOW_DISRUPTIVE"
)

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
// default: documented rate limits, real clock, loopback.
func StartEmbedded() (*emulator.Server, error) {
	return emulator.NewServer(emulator.Options{})
}
