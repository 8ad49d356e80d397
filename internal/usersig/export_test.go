package usersig

import "encoding/base64"

func encodingStd(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
