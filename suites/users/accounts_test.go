package users_test

import (
	"slices"

	"github.com/onsi/ginkgo/v2"

	"github.com/chatconform/chatconform/suites/framework"
	"github.com/chatconform/chatconform/suites/users"
)

var _ = users.Checks.It("USERS-DELETE-001", func(ctx ginkgo.SpecContext) {
	ids := relAccounts(ctx, 3)
	a, friend, blocked := ids[0], ids[1], ids[2]
	sig, list := profUnique("sig"), relListName("del")
	profSet(ctx, a, profField{"Tag_Profile_IM_SelfSignature", sig})
	relBefriend(ctx, a, friend)
	if x := relAddLists(ctx, a, []string{list}, []string{friend}); !x.OK() {
		framework.BlockedBy(x, "make a friend list with sns/group_add")
	}
	relBlock(ctx, a, blocked)
	relNeed(ctx, users.AccountDelete, map[string]any{"DeleteItem": []map[string]string{{"UserID": a}}}, nil, "delete the account with account_delete")
	relNeed(ctx, "im_open_login_svc/account_import", map[string]any{"UserID": a}, nil, "import the deleted account's UserID again")

	if v := profOne(ctx, a, "Tag_Profile_IM_SelfSignature"); profSame(v, sig) {
		framework.Failf("profile/portrait_get returned the SelfSignature %s set before account_delete, after the UserID was imported again; want the profile deleted with the account", profShow(v))
	}
	if friends, _, _ := frList(ctx, a); friends[friend] != nil {
		framework.Failf("sns/friend_get listed %s, a friend made before account_delete, after the UserID was imported again; want the friends deleted with the account", friend)
	}
	if _, ok := relLists(ctx, a, false)[list]; ok {
		framework.Failf("sns/group_get listed the friend list %s, made before account_delete, after the UserID was imported again; want the friend lists deleted with the account", list)
	}
	if page, _ := relBlockPage(ctx, a, 0, 100); slices.Contains(relBlockedIDs(page), blocked) {
		framework.Failf("sns/black_list_get listed %s, blocked before account_delete, after the UserID was imported again; want the blocklist deleted with the account", blocked)
	}
})
