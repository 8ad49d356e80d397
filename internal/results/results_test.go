package results

import (
	"strings"
	"testing"
)

// A trimmed ginkgo JSON report: one passed check, one failed check with
// entries, one setup failure, and a spec that is not a check.
const report = `[{"SuiteDescription":"s","SpecReports":[
 {"LeafNodeType":"It","LeafNodeText":"SETREAD-ERR-002: missing Report_Account is rejected","State":"passed","RunTime":1000000,
  "ReportEntries":[{"Name":"variant","Value":{"AsJSON":"\"missing: ErrorCode 90008\"","Representation":"missing: ErrorCode 90008"}},
                   {"Name":"check","Value":{"AsJSON":"{\"description\":\"A body MUST…\",\"doc\":\"https://d\",\"basis\":\"inferred\"}"}},
                   {"Name":"coverage","Value":{"AsJSON":"{\"endpoints\":{\"openim/admin_set_msg_read\":{\"calls\":2,\"fields\":{\"Peer_Account\":2},\"codes\":{\"90008\":2}}}}"}}]},
 {"LeafNodeType":"It","LeafNodeText":"SETREAD-ERR-001: malformed JSON is rejected with 90001","State":"failed",
  "Failure":{"Message":"got 60003","Location":{"FileName":"errors_test.go","LineNumber":40}},
  "ReportEntries":[{"Name":"exchange","Value":{"AsJSON":"{\"method\":\"POST\",\"status\":200,\"curl\":\"curl x\"}"}}]},
 {"LeafNodeType":"SynchronizedBeforeSuite","LeafNodeText":"","State":"failed","Failure":{"Message":"target configuration"}},
 {"LeafNodeType":"It","LeafNodeText":"not a check","State":"passed"}
]}]`

func TestParse(t *testing.T) {
	rs, err := Parse([]byte(report))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 {
		t.Fatalf("%d results, want 3: %+v", len(rs), rs)
	}
	byID := map[string]Result{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	ok := byID["SETREAD-ERR-002"]
	if ok.State != "passed" || ok.Basis != "inferred" || ok.Doc != "https://d" || len(ok.Variants) != 1 || ok.Coverage.Endpoints["openim/admin_set_msg_read"].Codes[90008] != 2 {
		t.Errorf("passed check: %+v", ok)
	}
	bad := byID["SETREAD-ERR-001"]
	if !bad.Failed() || bad.Message != "got 60003" || !strings.Contains(bad.Location, "errors_test.go:40") || len(bad.Exchanges) != 1 || bad.Exchanges[0].Curl != "curl x" {
		t.Errorf("failed check: %+v", bad)
	}
	if s := byID["SUITE"]; !s.Failed() || s.Message != "target configuration" {
		t.Errorf("setup failure: %+v", s)
	}
	if c := Count(rs); c.Passed != 1 || c.Failed != 2 {
		t.Errorf("Count = %+v", c)
	}
	if _, err := Parse([]byte("not json")); err == nil {
		t.Error("Parse accepted a non-report")
	}
}
