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
	m, ok := requestFields(body)
	if !ok {
		return nil
	}
	var ids []string
	for _, it := range frItemsOf(m, "DeleteItem") {
		if id, ok := it["UserID"].(string); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// acctRestores keeps part of an account's state across account_delete:
// save reads it (with side calls) before the delete goes through, and
// restore writes it back once account_import has made the UserID again.
func acctRestores(save func(c *call, next func(*call) answer, id string) any, restore func(c *call, next func(*call) answer, id string, saved any)) middleware {
	var mu sync.Mutex
	saved := map[string]any{}
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
			return acctRestores(func(c *call, next func(*call) answer, id string) any {
				var friends []map[string]any
				for _, it := range frItemsOf(relSide(c, next, frGet, map[string]any{"From_Account": id, "StartIndex": 0}), "UserDataItem") {
					if to, ok := it["To_Account"].(string); ok {
						friends = append(friends, map[string]any{"To_Account": to, "AddSource": "AddSource_Type_kept"})
					}
				}
				return friends
			}, func(c *call, next func(*call) answer, id string, saved any) {
				if friends := saved.([]map[string]any); len(friends) > 0 {
					relSide(c, next, frImport, map[string]any{"From_Account": id, "AddFriendItem": friends})
				}
			})
		},
	},
	{
		Name: "delete-keeps-blocklist", Breaks: "a deleted account's blocklist comes back when its UserID is imported again",
		Kills: listIDs("DELETE", "001"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return acctRestores(func(c *call, next func(*call) answer, id string) any {
				m := relSide(c, next, relBlockGet, map[string]any{"From_Account": id, "StartIndex": 0, "MaxLimited": 1000, "LastSequence": 0})
				var blocked []string
				for _, it := range frItemsOf(m, "BlackListItem") {
					if to, ok := it["To_Account"].(string); ok {
						blocked = append(blocked, to)
					}
				}
				return blocked
			}, func(c *call, next func(*call) answer, id string, saved any) {
				if blocked := saved.([]string); len(blocked) > 0 {
					relSide(c, next, relBlockAdd, map[string]any{"From_Account": id, "To_Account": blocked})
				}
			})
		},
	},
	{
		Name: "delete-keeps-friend-lists", Breaks: "a deleted account's friend lists come back (empty) when its UserID is imported again",
		Kills: listIDs("DELETE", "001"), Labels: frRun, Suite: "users",
		Middleware: func() middleware {
			return acctRestores(func(c *call, next func(*call) answer, id string) any {
				var names []string
				for _, it := range frItemsOf(relSide(c, next, relGroupGet, map[string]any{"From_Account": id}), "ResultItem") {
					if name, ok := it["GroupName"].(string); ok {
						names = append(names, name)
					}
				}
				return names
			}, func(c *call, next func(*call) answer, id string, saved any) {
				if names := saved.([]string); len(names) > 0 {
					relSide(c, next, relGroupAdd, map[string]any{"From_Account": id, "GroupName": names})
				}
			})
		},
	},
}
