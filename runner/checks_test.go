package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/chatconform/chatconform/internal/selftest"
	"github.com/chatconform/chatconform/suites/setmsgread"
)

// The committed check list matches the code; `make checks` rewrites it.
func TestCheckListUpToDate(t *testing.T) {
	want, err := checksYAML()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../suites/conformance.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("suites/conformance.yaml is out of date with the code: run `make checks` and review the diff (IDs never change once published)")
	}
}

func TestEveryCheckHasADeviant(t *testing.T) {
	for _, c := range checkList() {
		if len(c.KilledBy) == 0 {
			t.Errorf("%s: no self-test deviant declares that it kills this check", c.ID)
		}
	}
	for _, d := range selftest.Deviants {
		for _, id := range d.Kills {
			if _, ok := setmsgread.Checks.Get(id); !ok {
				t.Errorf("deviant %s kills %s, which is not a check", d.Name, id)
			}
		}
	}
}
