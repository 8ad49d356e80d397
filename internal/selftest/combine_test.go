package selftest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/emulator"
)

// servePerturbationRun serves the run of PerturbationRuns called name
// until the test ends, and returns its base URL.
func servePerturbationRun(t *testing.T, name string) string {
	t.Helper()
	runs := PerturbationRuns()
	i := slices.IndexFunc(runs, func(v Variant) bool { return v.Name == name })
	if i < 0 {
		t.Fatalf("no perturbation run %q", name)
	}
	url, stop, err := Start(runs[i])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return url
}

// post sends one call to a variant served at base, accepting gzip, and
// returns the answer with its body decoded.
func post(t *testing.T, base, endpoint, usersig, body string) (*http.Response, []byte, time.Duration) {
	t.Helper()
	u := fmt.Sprintf("%s/v4/%s?sdkappid=%d&identifier=%s&usersig=%s&random=7&contenttype=json", base, endpoint, emulator.TestSDKAppID, emulator.TestAdmin, usersig)
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "gzip") // set by hand: the transport then leaves the body encoded
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	took := time.Since(start)
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		if r, err = gzip.NewReader(resp.Body); err != nil {
			t.Fatal(err)
		}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return resp, data, took
}

// The combined wire perturbation applies every one of its parts to one
// answer: a run of it proves what a run of each would.
func TestWireFreedomsApplyEveryPart(t *testing.T) {
	url := servePerturbationRun(t, "wire-freedoms")
	resp, body, took := post(t, url, "im_open_login_svc/account_import", adminSig(), `{"UserID":"wire1"}`)
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("answer %q: %v", body, err)
	}
	for part, ok := range map[string]bool{
		"gzip":               resp.Header.Get("Content-Encoding") == "gzip",
		"connection-close":   resp.Close,
		"header-variants":    resp.Header.Get("Server") == "nginx/1.7.10" && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain"),
		"latency-15ms":       took >= 15*time.Millisecond,
		"reordered-pretty":   bytes.HasPrefix(body, []byte("{\n  ")),
		"errorinfo-reworded": m["ErrorInfo"] == "succeed",
		"extra-fields":       m["RequestId"] == "c0ffee",
	} {
		if !ok {
			t.Errorf("the answer shows no sign of %s: headers %v, body %s", part, resp.Header, body)
		}
	}
}

// The combined documented variants apply theirs too.
func TestDocumentedVariantsApplyEveryPart(t *testing.T) {
	url := servePerturbationRun(t, "documented-variants")
	_, body, _ := post(t, url, "im_open_login_svc/account_import", adminSig(), `{"UserID":"doc1"}`)
	if bytes.Contains(body, []byte("ErrorInfo")) {
		t.Errorf("no-errorinfo-on-success: an OK answer carries ErrorInfo: %s", body)
	}
	_, body, _ = post(t, url, "im_open_login_svc/account_import", "not-a-usersig", `{"UserID":"doc2"}`)
	if !bytes.Contains(body, []byte(`"ErrorCode":60004`)) {
		t.Errorf("sig-errors-60004: a bad UserSig answered %s", body)
	}
	_, body, _ = post(t, url, setRead, adminSig(), `{"Report_Account":"doc1","Peer_Account":"doc1","MsgReadTime":1}`)
	if !bytes.Contains(body, []byte(`"ErrorCode":90001`)) {
		t.Errorf("numeric-msgreadtime-refused: a numeric MsgReadTime answered %s", body)
	}
}
