// Package usersig makes and inspects the UserSig credentials of the
// Tencent Cloud Chat REST API (TLS 2.0, HMAC-SHA256).
//
// Signing and verification are done by the official library,
// github.com/tencentyun/tls-sig-api-v2-golang. This package adds what the
// library does not offer: a signature issued at a chosen time (the library
// always uses the current time), which the conformance suite needs to make an
// expired UserSig without waiting, and a decoder that tells an unreadable
// UserSig apart from one that is readable but wrong.
package usersig

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tencentyun/tls-sig-api-v2-golang/tencentyun"
)

// DefaultExpire is the validity the official libraries use by default: 180 days.
const DefaultExpire = 180 * 24 * time.Hour

// ErrMalformed reports a UserSig that cannot be decoded into a signature document.
var ErrMalformed = errors.New("usersig is malformed")

// Errors returned by Verify, re-exported from the official library so callers
// can tell the failures apart with errors.Is.
var (
	ErrSDKAppIDMismatch   = tencentyun.ErrSdkAppIDNotMatch
	ErrIdentifierMismatch = tencentyun.ErrIdentifierNotMatch
	ErrExpired            = tencentyun.ErrExpired
	ErrSigMismatch        = tencentyun.ErrSigNotMatch
)

// Gen returns a UserSig for identifier issued now, valid for expire.
func Gen(sdkappid uint64, key, identifier string, expire time.Duration) (string, error) {
	sig, err := tencentyun.GenUserSig(int(sdkappid), key, identifier, int(expire/time.Second))
	if err != nil {
		return "", fmt.Errorf("generate usersig for %q: %w", identifier, err)
	}
	return sig, nil
}

// GenAt returns a UserSig for identifier as if issued at issued, valid for
// expire from then. It follows the same algorithm as the official library
// (and its output verifies with it); use it for backdated signatures.
func GenAt(sdkappid uint64, key, identifier string, issued time.Time, expire time.Duration) (string, error) {
	doc := Doc{
		Version:    "2.0",
		Identifier: identifier,
		SDKAppID:   sdkappid,
		Expire:     int64(expire / time.Second),
		Time:       issued.Unix(),
	}
	doc.Sig = doc.mac(key)
	raw, err := json.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("encode usersig document: %w", err)
	}
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	if _, err := zw.Write(raw); err != nil {
		return "", fmt.Errorf("compress usersig document: %w", err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("compress usersig document: %w", err)
	}
	return encoding.EncodeToString(buf.Bytes()), nil
}

// Verify checks usersig for sdkappid and identifier at now with the official
// library. A UserSig that cannot be decoded gives ErrMalformed.
func Verify(sdkappid uint64, key, identifier, usersig string, now time.Time) error {
	if _, err := Decode(usersig); err != nil {
		return err
	}
	return tencentyun.VerifyUserSig(sdkappid, key, identifier, usersig, now)
}

// Doc is the decoded signature document inside a UserSig.
type Doc struct {
	Version    string `json:"TLS.ver"`
	Identifier string `json:"TLS.identifier"`
	SDKAppID   uint64 `json:"TLS.sdkappid"`
	Expire     int64  `json:"TLS.expire"`
	Time       int64  `json:"TLS.time"`
	Sig        []byte `json:"TLS.sig"`
}

// Expires returns the first instant at which the signature is expired.
func (d Doc) Expires() time.Time { return time.Unix(d.Time+d.Expire+1, 0) }

func (d Doc) mac(key string) []byte {
	h := hmac.New(sha256.New, []byte(key))
	io.WriteString(h, "TLS.identifier:"+d.Identifier+"\n")
	io.WriteString(h, "TLS.sdkappid:"+strconv.FormatUint(d.SDKAppID, 10)+"\n")
	io.WriteString(h, "TLS.time:"+strconv.FormatInt(d.Time, 10)+"\n")
	io.WriteString(h, "TLS.expire:"+strconv.FormatInt(d.Expire, 10)+"\n")
	return h.Sum(nil)
}

// encoding is standard base64 with '+', '/' and '=' swapped for '*', '-' and '_'.
var encoding = base64.NewEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-").WithPadding('_')

// maxDecoded bounds the inflated size of a UserSig document; real ones are
// a few hundred bytes.
const maxDecoded = 4096

// Decode reads the signature document of usersig without checking it.
func Decode(usersig string) (Doc, error) {
	if usersig == "" {
		return Doc{}, fmt.Errorf("%w: empty", ErrMalformed)
	}
	raw, err := encoding.DecodeString(strings.TrimSpace(usersig))
	if err != nil {
		return Doc{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return Doc{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	defer zr.Close()
	data, err := io.ReadAll(io.LimitReader(zr, maxDecoded+1))
	if err != nil {
		return Doc{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(data) > maxDecoded {
		return Doc{}, fmt.Errorf("%w: document over %d bytes", ErrMalformed, maxDecoded)
	}
	var doc Doc
	if err := json.Unmarshal(data, &doc); err != nil {
		return Doc{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if doc.Version != "2.0" || len(doc.Sig) == 0 {
		return Doc{}, fmt.Errorf("%w: not a TLS 2.0 signature", ErrMalformed)
	}
	return doc, nil
}
