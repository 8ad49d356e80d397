package users_test

import (
	"fmt"
	"slices"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/users"
)

// acctItem is one ResultItem of account_delete.
type acctItem struct {
	UserID     string
	ResultCode int
}

var _ = users.Checks.It("USERS-DELETE-001", func(ctx ginkgo.SpecContext) {
	// The account deleted is one the pool hands to no other check: a
	// target that refuses to import it again leaves no check without it.
	a := relFresh(ctx)
	ids := relAccounts(ctx, 2)
	friend, blocked := ids[0], ids[1]
	sig, list := profUnique("sig"), relListName("del")
	profSet(ctx, a, profField{"Tag_Profile_IM_SelfSignature", sig})
	relBefriend(ctx, a, friend)
	if x := relAddLists(ctx, a, []string{list}, []string{friend}); !x.OK() {
		framework.BlockedBy(x, "make a friend list with sns/group_add")
	}
	relBlock(ctx, a, blocked)
	// account_delete answers OK while an item fails (70107, or the
	// relationship chain's 30006 to 30008): the item must say 0.
	var deleted struct{ ResultItem []acctItem }
	relNeed(ctx, users.AccountDelete, map[string]any{"DeleteItem": []map[string]string{{"UserID": a}}}, &deleted, "delete the account with account_delete")
	if i := slices.IndexFunc(deleted.ResultItem, func(it acctItem) bool { return it.UserID == a }); i < 0 || deleted.ResultItem[i].ResultCode != 0 {
		framework.Require(fmt.Errorf("account_delete gave no ResultCode 0 for %s", a), "delete the account with account_delete")
	}
	relNeed(ctx, "im_open_login_svc/account_import", map[string]any{"UserID": a}, nil, "import the deleted account's UserID again")

	if v := profOne(ctx, a, "Tag_Profile_IM_SelfSignature"); profSame(v, sig) {
		framework.Failf("profile/portrait_get returned the SelfSignature %s set before account_delete, after the UserID was imported again; want the profile deleted with the account", profShow(v))
	}
	if _, order, _ := frList(ctx, a); slices.Contains(order, friend) {
		framework.Failf("sns/friend_get listed %s, a friend made before account_delete, after the UserID was imported again; want the friends deleted with the account", friend)
	}
	if _, ok := relLists(ctx, a, false)[list]; ok {
		framework.Failf("sns/group_get listed the friend list %s, made before account_delete, after the UserID was imported again; want the friend lists deleted with the account", list)
	}
	if page, _ := relBlockPage(ctx, a, 0, 100); slices.Contains(relBlockedIDs(page), blocked) {
		framework.Failf("sns/black_list_get listed %s, blocked before account_delete, after the UserID was imported again; want the blocklist deleted with the account", blocked)
	}
})
