package emulator

import (
	"testing"
	"time"
)

func (hs *harness) noSpeaking(id string) (c2c, group int64) {
	hs.t.Helper()
	r := hs.ok("openconfigsvr/getnospeaking", jsonf(`{"Get_Account":%q}`, id))
	return int64(r.Body["C2CmsgNospeakingTime"].(float64)), int64(r.Body["GroupmsgNospeakingTime"].(float64))
}

func TestMuteCodes(t *testing.T) {
	for _, tc := range []struct {
		path, body string
		want       int
	}{
		{"openconfigsvr/setnospeaking", `{"Set_Account":"a","C2CmsgNospeakingTime":10}`, 0},
		{"openconfigsvr/setnospeaking", `{"Set_Account":"a","GroupmsgNospeakingTime":4294967295}`, 0},
		{"openconfigsvr/setnospeaking", `{"C2CmsgNospeakingTime":10}`, codeMuteNoSet},
		{"openconfigsvr/setnospeaking", `{"Set_Account":1,"C2CmsgNospeakingTime":10}`, codeMuteBadSet},
		{"openconfigsvr/setnospeaking", `{"Set_Account":"nx","C2CmsgNospeakingTime":10}`, codeMuteBadSet},
		{"openconfigsvr/setnospeaking", `{"Set_Account":"a"}`, codeMuteNoTime},
		{"openconfigsvr/setnospeaking", `{"Set_Account":"a","C2CmsgNospeakingTime":"10"}`, codeMuteParse},
		{"openconfigsvr/setnospeaking", `{"Set_Account":"a","C2CmsgNospeakingTime":4294967296}`, codeMuteParse},
		{"openconfigsvr/setnospeaking", `{"Set_Account":"a","GroupmsgNospeakingTime":-1}`, codeMuteParse},
		{"openconfigsvr/setnospeaking", `[]`, codeMuteParse},
		{"openconfigsvr/getnospeaking", `{"Get_Account":"a"}`, 0},
		{"openconfigsvr/getnospeaking", `{}`, codeMuteNoGet},
		{"openconfigsvr/getnospeaking", `{"Get_Account":["a"]}`, codeMuteBadGet},
		{"openconfigsvr/getnospeaking", `{"Get_Account":"nx"}`, codeMuteBadGet},
		{"openconfigsvr/getnospeaking", `{`, codeMuteParse},
	} {
		hs := newHarness(t, Options{})
		hs.importAccounts("a")
		if got := hs.call(tc.path, tc.body).Code; got != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.path, tc.body, got, tc.want)
		}
	}
}

func TestMuteTimes(t *testing.T) {
	hs := newHarness(t, Options{})
	hs.importAccounts("a", "b")
	if c, g := hs.noSpeaking("a"); c != 0 || g != 0 {
		t.Fatalf("a new account: %d %d, want 0 0", c, g)
	}
	hs.ok("openconfigsvr/setnospeaking", `{"Set_Account":"a","C2CmsgNospeakingTime":4294967295,"GroupmsgNospeakingTime":7200}`)
	hs.advance(4 * time.Second)
	if c, g := hs.noSpeaking("a"); c != muteForever || g != 7196 {
		t.Errorf("after 4 s: %d %d, want 4294967295 7196", c, g)
	}
	// One time given changes that mute only.
	hs.ok("openconfigsvr/setnospeaking", `{"Set_Account":"a","C2CmsgNospeakingTime":60}`)
	if c, g := hs.noSpeaking("a"); c != 60 || g != 7196 {
		t.Errorf("after setting 60 s: %d %d, want 60 7196", c, g)
	}
	hs.advance(61 * time.Second)
	if c, _ := hs.noSpeaking("a"); c != 0 {
		t.Errorf("after the mute ran out: %d, want 0", c)
	}
	hs.ok("openconfigsvr/setnospeaking", `{"Set_Account":"a","GroupmsgNospeakingTime":0}`)
	if c, g := hs.noSpeaking("a"); c != 0 || g != 0 {
		t.Errorf("after unmuting: %d %d, want 0 0", c, g)
	}
	if c, g := hs.noSpeaking("b"); c != 0 || g != 0 {
		t.Errorf("b was never muted: %d %d", c, g)
	}
}

// A one-to-one mute refuses the account's sends with 20012 until it runs
// out or is lifted; a group mute does not touch one-to-one sends.
func TestMuteRefusesSends(t *testing.T) {
	rc := newReceiver(t)
	hs := newHarness(t, Options{CallbackURL: rc.srv.URL})
	defer hs.h.Close()
	hs.importAccounts("a", "b")
	msg := `{"From_Account":"a","To_Account":"b","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`
	batch := `{"From_Account":"a","To_Account":["b"],"MsgRandom":2,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}`
	hs.ok("openconfigsvr/setnospeaking", `{"Set_Account":"a","GroupmsgNospeakingTime":4294967295}`)
	hs.send("a", "b", "a group mute leaves one-to-one sends")
	rc.wait(t, "C2C.CallbackBeforeSendMsg", 1)
	hs.ok("openconfigsvr/setnospeaking", `{"Set_Account":"a","C2CmsgNospeakingTime":30}`)
	for _, c := range []struct{ path, body string }{{"openim/sendmsg", msg}, {"openim/batchsendmsg", batch}} {
		if got := hs.call(c.path, c.body).Code; got != codeSenderMuted {
			t.Errorf("%s from a muted account: %d, want %d", c.path, got, codeSenderMuted)
		}
	}
	if n := hs.unread("b", "a"); n != 1 {
		t.Errorf("b's unread count with a: %d, want 1 (the refused sends stored nothing)", n)
	}
	hs.send("b", "a", "the muted account still receives")
	hs.advance(31 * time.Second)
	hs.send("a", "b", "the mute ran out")
	hs.ok("openconfigsvr/setnospeaking", `{"Set_Account":"a","C2CmsgNospeakingTime":4294967295}`)
	hs.advance(365 * 24 * time.Hour)
	hs.sig = hs.sigFor(TestAdmin) // the old one expired
	if got := hs.call("openim/sendmsg", msg).Code; got != codeSenderMuted {
		t.Errorf("a year into a mute for ever: %d, want %d", got, codeSenderMuted)
	}
	hs.ok("openconfigsvr/setnospeaking", `{"Set_Account":"a","C2CmsgNospeakingTime":0}`)
	hs.send("a", "b", "unmuted")
	hs.h.Close()
	// Before-send callbacks: the three delivered sends of a (and b's), none of the refused ones.
	if n := len(rc.wait(t, "C2C.CallbackBeforeSendMsg", 4)); n != 4 {
		t.Errorf("%d before-send callbacks, want 4: a refused send fires none", n)
	}
}
