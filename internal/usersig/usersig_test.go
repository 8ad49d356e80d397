package usersig

import (
	"errors"
	"testing"
	"time"

	"github.com/tencentyun/tls-sig-api-v2-golang/tencentyun"
)

const (
	testKey   = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
	testAppID = 1400000000
)

// The reference's test vector (rest-common.md §4.2), computed independently.
func TestGenAtMatchesReferenceVector(t *testing.T) {
	sig, err := GenAt(testAppID, testKey, "xiaojun", time.Unix(1700000000, 0), 15552000*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Decode(sig)
	if err != nil {
		t.Fatal(err)
	}
	const want = "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4="
	if got := encodingStd(doc.Sig); got != want {
		t.Errorf("TLS.sig = %s, want %s", got, want)
	}
}

func TestGenAtVerifiesWithOfficialLibrary(t *testing.T) {
	issued := time.Unix(1700000000, 0)
	sig, err := GenAt(testAppID, testKey, "admin", issued, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := tencentyun.VerifyUserSig(testAppID, testKey, "admin", sig, issued.Add(time.Minute)); err != nil {
		t.Errorf("official library rejects GenAt output: %v", err)
	}
	if err := tencentyun.VerifyUserSig(testAppID, testKey, "admin", sig, issued.Add(2*time.Hour)); !errors.Is(err, tencentyun.ErrExpired) {
		t.Errorf("after expiry: got %v, want %v", err, tencentyun.ErrExpired)
	}
}

func TestVerify(t *testing.T) {
	now := time.Now()
	good, err := Gen(testAppID, testKey, "admin", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	old, err := GenAt(testAppID, testKey, "admin", now.Add(-48*time.Hour), 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	other, err := Gen(testAppID, "another-key", "admin", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		appID    uint64
		id, sig  string
		wantErr  error
		wantNone bool
	}{
		{"valid", testAppID, "admin", good, nil, true},
		{"expired", testAppID, "admin", old, ErrExpired, false},
		{"other key", testAppID, "admin", other, ErrSigMismatch, false},
		{"other identifier", testAppID, "someone", good, ErrIdentifierMismatch, false},
		{"other sdkappid", testAppID + 1, "admin", good, ErrSDKAppIDMismatch, false},
		{"garbage", testAppID, "admin", "not-a-usersig", ErrMalformed, false},
		{"empty", testAppID, "admin", "", ErrMalformed, false},
		{"truncated", testAppID, "admin", good[:len(good)/2], ErrMalformed, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(tc.appID, testKey, tc.id, tc.sig, now)
			if tc.wantNone {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Verify error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestDecodeExpires(t *testing.T) {
	issued := time.Unix(1700000000, 0)
	sig, err := GenAt(testAppID, testKey, "admin", issued, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Decode(sig)
	if err != nil {
		t.Fatal(err)
	}
	// The library treats now > time+expire as expired.
	if got, want := doc.Expires(), issued.Add(11*time.Second); !got.Equal(want) {
		t.Errorf("Expires() = %v, want %v", got, want)
	}
	if err := tencentyun.VerifyUserSig(testAppID, testKey, "admin", sig, doc.Expires().Add(-time.Second)); err != nil {
		t.Errorf("one second before Expires: %v", err)
	}
	if err := tencentyun.VerifyUserSig(testAppID, testKey, "admin", sig, doc.Expires()); err == nil {
		t.Error("at Expires: verified, want expired")
	}
}
