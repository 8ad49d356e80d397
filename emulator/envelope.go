package emulator

import (
	"net/http"
	"strconv"
	"unicode/utf8"
)

// apiError is a failure answered in the FAIL envelope.
type apiError struct {
	Code int
	Info string
}

func (e *apiError) Error() string { return strconv.Itoa(e.Code) + " " + e.Info }

func fail(code int, info string) *apiError { return &apiError{Code: code, Info: info} }

// Error codes the emulator answers with. The names follow the meaning the
// documentation gives each code (rest-common.md §3, c2c.md §5).
const (
	codeHTTPParse       = 60002
	codeAccountOrSig    = 60004
	codeBadSDKAppID     = 60006
	codeAPIRateLimit    = 60007
	codeBadResource     = 60009
	codeNoSDKAppID      = 60012
	codeSigExpired      = 70001
	codeSigEmpty        = 70002
	codeSigInvalid      = 70003
	codeSigMismatch     = 70009
	codeSigIdentifier   = 70013
	codeSigSDKAppID     = 70014
	codeAccountMissing  = 70107
	codeAccountLimit    = 70398
	codeLoginParam      = 70402
	codeLoginNeedsAdmin = 70403
	codeLoginInternal   = 70500
	codeProfileTooLong  = 40601
	codeMsgNotFound     = 20022
	codeMsgRecalled     = 20023
	codeSenderInvalid   = 20003
	codeParse           = 90001
	codeMsgBodyFormat   = 90002
	codeToAccount       = 90003
	codeMsgRandom       = 90005
	codeMsgTimeStamp    = 90006
	codeMsgBodyNotArray = 90007
	codeFromAccount     = 90008
	codeOpenNeedsAdmin  = 90009
	codeMsgFormat       = 90010
	codeToNotRegistered = 90012
	codeStateTooMany    = 90011
	codeCallbackRefused = 20006
	codeCallbackFailed  = 80003
	codeSyncFromOld     = 90030
	codeSyncOther       = 90031
	codeMsgLifeTime     = 90044
	codeMsgKeyInvalid   = 90054
	codeOpenInternal    = 91000
	codeMsgTooLong      = 93000
)

// writeEnvelope is the one writer of every response: HTTP 200, a JSON body
// with ActionStatus, ErrorCode and ErrorInfo first, then the fields of
// result, a JSON object rendered by the handler (nil for none). ErrorCode 0
// gives ActionStatus OK and any other code FAIL.
func writeEnvelope(w http.ResponseWriter, code int, info string, result []byte) {
	buf := make([]byte, 0, 64+len(info)+len(result))
	if code == 0 {
		buf = append(buf, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":`...)
	} else {
		buf = append(buf, `{"ActionStatus":"FAIL","ErrorCode":`...)
		buf = strconv.AppendInt(buf, int64(code), 10)
		buf = append(buf, `,"ErrorInfo":`...)
	}
	buf = appendJSONString(buf, info)
	if len(result) > 2 { // more than "{}"
		buf = append(buf, ',')
		buf = append(buf, result[1:]...)
	} else {
		buf = append(buf, '}')
	}
	h := w.Header()
	h["Content-Type"] = contentTypeJSON
	h["Content-Length"] = []string{strconv.Itoa(len(buf))}
	w.WriteHeader(http.StatusOK)
	w.Write(buf)
}

var contentTypeJSON = []string{"application/json"}

// appendJSONString appends s as a JSON string. Error texts are the
// emulator's own, but they may quote request values, so escape fully.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				buf = append(buf, '\\', c)
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				buf = append(buf, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, `\ufffd`...)
		} else {
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return append(buf, '"')
}
