package users

import "github.com/chatconform/chatconform/suites/framework"

// AccountDelete deletes accounts.
const AccountDelete = "im_open_login_svc/account_delete"

// accountChecks are the checks of what account_delete takes with it.
var accountChecks = []framework.Check{
	{ID: "USERS-DELETE-001", Title: "account_delete deletes the account's profile and relationship chain",
		Description: "After im_open_login_svc/account_delete of an account with a SelfSignature set, a friend (friend_import), a friend list (group_add) and a blocked account (black_list_add), and account_import of the same UserID again, profile/portrait_get MUST NOT return the earlier SelfSignature, and sns/friend_get, sns/group_get and sns/black_list_get of the account MUST NOT list the earlier friend, friend list or blocked account. A target that refuses the delete or the import again (as editions other than Trial and Developer may) blocks the check.",
		Doc:         DocOf(AccountDelete), Basis: framework.Documented, Labels: []string{LabelAccounts, LabelRelationships, "im_open_login_svc.account_delete", LabelBehaviour}},
}
