package selftest

import (
	"net/http"
	"sync"
)

const (
	acctDelete = "im_open_login_svc/account_delete"
	acctImport = "im_open_login_svc/account_import"
)

// acctDeleteIDs reads the UserIDs of an account_delete request.
func acctDeleteIDs(body []byte) []string {
	m, _ := requestFields(body)
	return frItemStrings(m, "DeleteItem", "UserID")
}

// acctRestores keeps part of an account's state across account_delete:
// save reads it (with side calls) before the delete goes through, and
// restore writes it back once account_import has made the UserID again.
func acctRestores[T any](save func(c *call, next func(*call) answer, id string) T, restore func(c *call, next func(*call) answer, id string, saved T)) middleware {
	var mu sync.Mutex
	saved := map[string]T{}
	return func(c *call, next func(*call) answer) answer {
		switch c.Endpoint {
		case acctDelete:
			for _, id := range acctDeleteIDs(c.Body) {
				v := save(c, next, id)
				mu.Lock()
				saved[id] = v
				mu.Unlock()
			}
			return next(c)
		case acctImport:
			a := next(c)
			m, _ := requestFields(c.Body)
			id, _ := m["UserID"].(string)
			mu.Lock()
			v, ok := saved[id]
			delete(saved, id)
			mu.Unlock()
			if ok && code(a) == 0 {
				restore(c, next, id, v)
			}
			return a
		}
		return next(c)
	}
}

// AccountDeviants break what account_delete takes with it: each keeps
// one part of the account, so that each of USERS-DELETE-001's clauses is
// seen to fail.
var AccountDeviants = []Variant{
	{
		Name: "delete-deletes-nothing", Breaks: "account_delete answers ResultCode 0 for every account but deletes none",
		Kills: listIDs("DELETE", "001"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return only(acctDelete, func(c *call, next func(*call) answer) answer {
				items := []any{}
				for _, id := range acctDeleteIDs(c.Body) {
					items = append(items, map[string]any{"ResultCode": 0, "ResultInfo": "", "UserID": id})
				}
				return answer{Status: 200, Header: http.Header{"Content-Type": {"application/json"}},
					Body: encode(map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "ResultItem": items})}
			})
		},
	},
	{
		Name: "delete-keeps-friends", Breaks: "a deleted account's friends come back when its UserID is imported again",
		Kills: listIDs("DELETE", "001"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return acctRestores(func(c *call, next func(*call) answer, id string) []string {
				return frItemStrings(relSide(c, next, frGet, map[string]any{"From_Account": id, "StartIndex": 0}), "UserDataItem", "To_Account")
			}, func(c *call, next func(*call) answer, id string, friends []string) {
				items := make([]map[string]any, len(friends))
				for i, to := range friends {
					items[i] = map[string]any{"To_Account": to, "AddSource": "AddSource_Type_kept"}
				}
				if len(items) > 0 {
					relSide(c, next, frImport, map[string]any{"From_Account": id, "AddFriendItem": items})
				}
			})
		},
	},
	{
		Name: "delete-keeps-blocklist", Breaks: "a deleted account's blocklist comes back when its UserID is imported again",
		Kills: listIDs("DELETE", "001"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return acctRestores(func(c *call, next func(*call) answer, id string) []string {
				return frItemStrings(relSide(c, next, relBlockGet, map[string]any{"From_Account": id, "StartIndex": 0, "MaxLimited": 1000, "LastSequence": 0}), "BlackListItem", "To_Account")
			}, func(c *call, next func(*call) answer, id string, blocked []string) {
				if len(blocked) > 0 {
					relSide(c, next, relBlockAdd, map[string]any{"From_Account": id, "To_Account": blocked})
				}
			})
		},
	},
	{
		Name: "delete-keeps-friend-lists", Breaks: "a deleted account's friend lists come back (empty) when its UserID is imported again",
		Kills: listIDs("DELETE", "001"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return acctRestores(func(c *call, next func(*call) answer, id string) []string {
				return frItemStrings(relSide(c, next, relGroupGet, map[string]any{"From_Account": id}), "ResultItem", "GroupName")
			}, func(c *call, next func(*call) answer, id string, names []string) {
				if len(names) > 0 {
					relSide(c, next, relGroupAdd, map[string]any{"From_Account": id, "GroupName": names})
				}
			})
		},
	},
}
