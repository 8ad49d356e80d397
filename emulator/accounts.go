package emulator

// Limits of the account APIs (rest-common.md §5).
const (
	maxBatchAccounts = 100
	maxProfileBytes  = 500
)

const resultAccountMissing = "Err_TLS_PT_Open_Login_Account_Not_Exist"

// accountImport implements v4/im_open_login_svc/account_import. The older
// field name Identifier is accepted where UserID is absent.
func accountImport(h *Handler, c *call) (any, *apiError) {
	id, st := c.f.str("UserID")
	if st == absent {
		id, st = c.f.str("Identifier")
	}
	if st != valid || !validUserID(id) {
		return nil, fail(codeLoginParam, "UserID is missing or not a valid UserID")
	}
	nick, err := profileField(c.f, "Nick")
	if err != nil {
		return nil, err
	}
	face, err := profileField(c.f, "FaceUrl")
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exists(id) && h.full() {
		return nil, fail(codeAccountLimit, "the app holds its maximum number of accounts")
	}
	s.importAccount(id, nick, face)
	return nil, nil
}

func profileField(f fields, name string) (string, *apiError) {
	v, st := f.str(name)
	if st == wrongType {
		return "", fail(codeLoginParam, name+" is not a string")
	}
	if len(v) > maxProfileBytes {
		return "", fail(codeProfileTooLong, name+" is over 500 bytes")
	}
	return v, nil
}

// full reports whether the configured account cap is reached; s.mu is held.
func (h *Handler) full() bool {
	return h.opts.MaxAccounts > 0 && len(h.store.accounts) >= h.opts.MaxAccounts
}

// multiImport implements v4/im_open_login_svc/multiaccount_import in both
// documented forms: AccountList (objects) and the older Accounts (strings).
// When a body carries both, AccountList is used.
func multiImport(h *Handler, c *call) (any, *apiError) {
	type entry struct{ id, nick, face string }
	var entries []entry
	if items, st := c.f.array("AccountList"); st != absent {
		if st != valid {
			return nil, fail(codeLoginParam, "AccountList is not an array")
		}
		for _, it := range items {
			o, ok := object(it)
			if !ok {
				return nil, fail(codeLoginParam, "AccountList item is not an object")
			}
			id, st := o.str("UserID")
			if st != valid {
				return nil, fail(codeLoginParam, "AccountList item UserID is missing or not a string")
			}
			nick, err := profileField(o, "Nick")
			if err != nil {
				return nil, err
			}
			face, err := profileField(o, "FaceUrl")
			if err != nil {
				return nil, err
			}
			entries = append(entries, entry{id, nick, face})
		}
	} else if ids, st := c.f.stringArray("Accounts"); st == valid {
		for _, id := range ids {
			entries = append(entries, entry{id: id})
		}
	} else if st == wrongType {
		return nil, fail(codeLoginParam, "Accounts is not an array of strings")
	} else {
		return nil, fail(codeLoginParam, "AccountList or Accounts is required")
	}
	if len(entries) == 0 || len(entries) > maxBatchAccounts {
		return nil, fail(codeLoginParam, "between 1 and 100 accounts are allowed per call")
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	failed := []string{}
	for _, e := range entries {
		if !validUserID(e.id) || !s.exists(e.id) && h.full() {
			failed = append(failed, e.id)
			continue
		}
		s.importAccount(e.id, e.nick, e.face)
	}
	return struct{ FailAccounts []string }{failed}, nil
}

// batchIDs reads DeleteItem or CheckItem: 1 to 100 objects with a UserID.
func batchIDs(f fields, name string) ([]string, *apiError) {
	items, st := f.array(name)
	if st != valid {
		return nil, fail(codeLoginParam, name+" is missing or not an array")
	}
	if len(items) == 0 || len(items) > maxBatchAccounts {
		return nil, fail(codeLoginParam, name+" must have between 1 and 100 items")
	}
	ids := make([]string, len(items))
	for i, it := range items {
		o, ok := object(it)
		if !ok {
			return nil, fail(codeLoginParam, name+" item is not an object")
		}
		id, st := o.str("UserID")
		if st != valid {
			return nil, fail(codeLoginParam, name+" item UserID is missing or not a string")
		}
		ids[i] = id
	}
	return ids, nil
}

type resultItem struct {
	ResultCode    int
	ResultInfo    string
	UserID        string
	AccountStatus string `json:",omitempty"`
}

// accountDelete implements v4/im_open_login_svc/account_delete. Deleting an
// account also deletes its one-to-one conversations, for both sides.
func accountDelete(h *Handler, c *call) (any, *apiError) {
	ids, err := batchIDs(c.f, "DeleteItem")
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]resultItem, len(ids))
	for i, id := range ids {
		out[i] = resultItem{UserID: id}
		if !s.deleteAccount(id) && !s.admins[id] {
			out[i].ResultCode, out[i].ResultInfo = codeAccountMissing, resultAccountMissing
		}
	}
	return struct{ ResultItem []resultItem }{out}, nil
}

// accountCheck implements v4/im_open_login_svc/account_check.
func accountCheck(h *Handler, c *call) (any, *apiError) {
	ids, err := batchIDs(c.f, "CheckItem")
	if err != nil {
		return nil, err
	}
	s := h.store
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]resultItem, len(ids))
	for i, id := range ids {
		out[i] = resultItem{UserID: id, AccountStatus: "NotImported"}
		if s.exists(id) {
			out[i].AccountStatus = "Imported"
		}
	}
	return struct{ ResultItem []resultItem }{out}, nil
}
