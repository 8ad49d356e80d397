package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/results"
)

// The parity loop end to end, in two tests that run side by side: record
// the emulator and find no difference from the shipped profile; hold a
// variant that picks the other documented 90003/90008 mapping to the
// shipped profile and see it fail on exactly the checks that mapping
// decides.
// parityLabels selects the checks the shipped profile records: those whose
// observations normalise the same way every run (accounts, message keys,
// times). The other families' checks use values the normaliser does not
// yet replace (generated group IDs, push task IDs, random names), so two
// recordings of the same target would differ there.
const parityLabels = "admin_set_msg_read || (contract && (family:c2c || family:accounts))"

// shippedProfile is the observed profile shipped with the suite.
func shippedProfile(t *testing.T) string {
	t.Helper()
	shipped, err := filepath.Abs("../internal/parity/profiles/emulator.json")
	if err != nil {
		t.Fatal(err)
	}
	return shipped
}

// A recording of the reference emulator finds nothing the docs leave open
// that differs from the shipped recording.
func TestE2EParityRecord(t *testing.T) {
	t.Parallel()
	shipped := shippedProfile(t)
	dir := t.TempDir()
	creds := credsEnv(emulator.TestSDKAppID, emulator.TestKey)

	// Record the reference emulator as a URL target, through a perturbation
	// that adds undocumented fields: they do not count. (Its "-rate" run is
	// the one served with the documented limits on, which the recorded
	// rate checks need.)
	url := startVariant(t, "extra-fields-rate", emulator.TestSDKAppID, emulator.TestKey)
	recorded := filepath.Join(dir, "observed.json")
	res := runRunner(t, creds, "record", "-target", url, "-rate-procs", "8", "-labels", parityLabels, "-observed", recorded, "-report-dir", filepath.Join(dir, "r1"), "-ledger", filepath.Join(dir, "l"))
	if res.code != 0 {
		t.Fatalf("record: exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	data, err := os.ReadFile(recorded)
	if err != nil || !strings.Contains(string(data), `"source": "a server at this URL`) {
		t.Fatalf("recorded profile: %v\n%.300s", err, data)
	}
	if strings.Contains(string(data), emulator.TestKey) || strings.Contains(string(data), "usersig=eJ") {
		t.Error("the recorded profile holds a credential")
	}

	// Nothing the docs leave open differs from the shipped recording.
	res = runRunner(t, nil, "diff", shipped, recorded)
	if res.code != 0 || !strings.Contains(res.stdout, "no differences") {
		t.Errorf("diff against the shipped profile: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}

}

// The other documented 90003/90008 mapping passes the default suite, fails
// held to the shipped profile on exactly the checks that mapping decides,
// and a recording of it differs from the shipped one there (three runs
// side by side, against one variant).
func TestE2EParityOtherMapping(t *testing.T) {
	t.Parallel()
	shipped := shippedProfile(t)
	creds := credsEnv(emulator.TestSDKAppID, emulator.TestKey)
	swapped := startVariant(t, "other-account-codes", emulator.TestSDKAppID, emulator.TestKey)

	// The other mapping passes the default suite (both codes are documented)...
	t.Run("without a profile", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		res := runRunner(t, creds, "conformance", "-target", swapped, "-labels", "("+parityLabels+") && !rate-limit", "-report-dir", filepath.Join(dir, "r"), "-ledger", filepath.Join(dir, "l"))
		if res.code != 0 {
			t.Fatalf("the swapped mapping without a profile: exit %d, want 0\n%s", res.code, res.stdout)
		}
	})
	// ...and fails, held to the profile, on exactly the checks it decides.
	t.Run("held to the profile", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		reports := filepath.Join(dir, "r")
		res := runRunner(t, creds, "conformance", "-target", swapped, "-labels", "("+parityLabels+") && !rate-limit", "-observed", shipped, "-report-dir", reports, "-ledger", filepath.Join(dir, "l"))
		if res.code != 1 {
			t.Fatalf("the swapped mapping held to the profile: exit %d, want 1\n%s", res.code, res.stdout)
		}
		rs, err := results.Read(filepath.Join(reports, "report.json"))
		if err != nil {
			t.Fatal(err)
		}
		var failed []string
		for _, r := range rs {
			if r.Failed() {
				failed = append(failed, r.ID)
			}
		}
		// The hand-written checks of the two account fields, and the
		// generated ones that send admin_set_msg_read without them or with
		// the wrong type.
		want := []string{
			"ADMINSETMSGREAD-MISSING-PEERACCOUNT-001", "ADMINSETMSGREAD-MISSING-REPORTACCOUNT-001",
			"ADMINSETMSGREAD-TYPE-PEERACCOUNT-001", "ADMINSETMSGREAD-TYPE-REPORTACCOUNT-001",
			"SETREAD-ERR-002", "SETREAD-ERR-003", "SETREAD-ERR-004", "SETREAD-ERR-005", "SETREAD-ERR-006", "SETREAD-ERR-007",
		}
		if !slices.Equal(failed, want) {
			t.Errorf("held to the profile, failed %v; want exactly %v", failed, want)
		}
		if !strings.Contains(res.stdout, "checks held to its answers") {
			t.Errorf("the summary does not say which checks the profile held\n%s", res.stdout)
		}
		page, _ := os.ReadFile(filepath.Join(reports, "report.html"))
		if !strings.Contains(string(page), "held to the answer in") || !strings.Contains(string(page), "observed profile") {
			t.Error("report.html does not mark the checks held to the observed profile")
		}
	})
	// Recording the swapped variant and diffing names those checks (its
	// rate checks are left out: the mapping does not touch them, and the
	// recording above measures them already; the diff says they are only
	// in the shipped profile).
	t.Run("recorded", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		other := filepath.Join(dir, "swapped.json")
		if res := runRunner(t, creds, "record", "-target", swapped, "-labels", "("+parityLabels+") && !rate-limit", "-observed", other, "-report-dir", filepath.Join(dir, "r"), "-ledger", filepath.Join(dir, "l")); res.code != 0 {
			t.Fatalf("record swapped: exit %d\n%s", res.code, res.stdout)
		}
		res := runRunner(t, nil, "diff", shipped, other)
		if res.code != 1 || !strings.Contains(res.stdout, "SETREAD-ERR-004:") || !strings.Contains(res.stdout, "recorded HTTP 200 FAIL 90008 with ActionStatus,ErrorCode,ErrorInfo, now HTTP 200 FAIL 90003") {
			t.Errorf("diff of the swapped recording: exit %d\n%s", res.code, res.stdout)
		}
	})
}
