// Package target describes a server under test and calls it: it signs each
// request with a UserSig, keeps what was sent and received, and renders both
// with the usersig redacted.
package target

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Target is one server the suite runs against: the embedded emulator, a
// named region or any base URL. It is built once by the runner or the suite
// bootstrap; specs never branch on its name.
type Target struct {
	// Name is what the user asked for: "emulator", "seoul", or a URL.
	Name string
	// BaseURL is scheme and host, without a trailing slash.
	BaseURL string
	// SDKAppID, Key and Admin are the credentials. Key is a secret: it is
	// never printed.
	SDKAppID uint64
	Key      string
	Admin    string
	// Region is true for a named region of the real service: checks that
	// disrupt the app run there only when AllowDisruptive is set.
	Region          bool
	AllowDisruptive bool
	// Capabilities names what the target can do beyond REST calls, such as
	// "client-sessions" (the emulator's control API makes state only client
	// SDKs make elsewhere). Checks that need one are skipped without it.
	Capabilities []string
	// HTTPClient is used for every call; nil selects a default client.
	HTTPClient *http.Client
}

// Has reports whether the target has the capability c.
func (t Target) Has(c string) bool {
	for _, x := range t.Capabilities {
		if x == c {
			return true
		}
	}
	return false
}

// Regions maps the region names the runner accepts to their primary REST
// domains (rest-common.md §2).
var Regions = map[string]string{
	"china":          "console.tim.qq.com",
	"singapore":      "adminapisgp.im.qcloud.com",
	"seoul":          "adminapikr.im.qcloud.com",
	"frankfurt":      "adminapiger.im.qcloud.com",
	"mumbai":         "adminapiind.im.qcloud.com",
	"silicon-valley": "adminapiusa.im.qcloud.com",
	"jakarta":        "adminapiidn.im.qcloud.com",
	"tokyo":          "adminapijpn.im.qcloud.com",
}

// RegionNames returns the region names, sorted.
func RegionNames() []string {
	names := make([]string, 0, len(Regions))
	for n := range Regions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Embedded is the target name of the in-process emulator.
const Embedded = "emulator"

// Resolve turns a target name into a base URL. An empty name or "emulator"
// means the embedded emulator and gives an empty base URL; a region name
// gives its HTTPS domain; anything else must be an absolute http or https URL
// with a host and no query.
func Resolve(name string) (baseURL string, region bool, err error) {
	switch {
	case name == "" || name == Embedded:
		return "", false, nil
	case Regions[name] != "":
		return "https://" + Regions[name], true, nil
	}
	u, err := url.Parse(name)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false, fmt.Errorf("target %q is neither %q, a region (%s) nor an http(s) URL", name, Embedded, strings.Join(RegionNames(), ", "))
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", false, fmt.Errorf("target URL %q must have no query, fragment or user info", Redact(name))
	}
	return strings.TrimSuffix(u.Scheme+"://"+u.Host+u.Path, "/"), false, nil
}

// ParseSDKAppID reads an SDKAppID from text, such as an environment variable.
func ParseSDKAppID(s string) (uint64, error) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("SDKAppID %q is not a positive integer", s)
	}
	return n, nil
}

// Redact replaces the value of every usersig query parameter in s, a URL
// or any text holding URLs, with REDACTED. A shell variable such as
// ${USERSIG} is left as it is.
func Redact(s string) string {
	const param = "usersig="
	var b strings.Builder
	for {
		i := strings.Index(s, param)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+len(param)])
		s = s[i+len(param):]
		end := strings.IndexAny(s, "&# \t\r\n\"'")
		if end < 0 {
			end = len(s)
		}
		switch v := s[:end]; {
		case strings.HasPrefix(v, "${") || v == "$USERSIG":
			b.WriteString(v) // a shell variable, not a credential
		case end > 0:
			b.WriteString("REDACTED")
		}
		s = s[end:]
	}
}

// String names the target without its credentials, so that printing a
// Target with %v never shows the key.
func (t Target) String() string {
	name := t.Name
	if name == "" {
		name = Embedded
	}
	if t.BaseURL == "" || t.BaseURL == name {
		return name
	}
	return name + " (" + t.BaseURL + ")"
}

// GoString keeps %#v from printing the key.
func (t Target) GoString() string { return "target.Target{" + t.String() + "}" }
