package main

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string // "" when the flags are accepted
	}{
		{"defaults", []string{"-prism", "http://127.0.0.1:4010"}, ""},
		{"localhost", []string{"-prism", "http://localhost:4010/"}, ""},
		{"IPv6 loopback", []string{"-prism", "http://[::1]:4010"}, ""},
		{"count mode", []string{"-prism", "http://127.0.0.1:4010", "-count", "1000"}, ""},
		{"no prism", nil, "-prism is required"},
		{"not loopback", []string{"-prism", "http://192.168.1.10:4010"}, "loopback"},
		{"public name", []string{"-prism", "http://example.com:4010"}, "loopback"},
		{"https", []string{"-prism", "https://127.0.0.1:4010"}, "http://"},
		{"too long", []string{"-prism", "http://127.0.0.1:4010", "-duration", "2h"}, "-duration"},
		{"no clients", []string{"-prism", "http://127.0.0.1:4010", "-clients", "0"}, "-clients"},
		{"too many rounds", []string{"-prism", "http://127.0.0.1:4010", "-rounds", "1000"}, "-rounds"},
		{"extra argument", []string{"-prism", "http://127.0.0.1:4010", "x"}, "unexpected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse(tc.args)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			var ue usageError
			if err == nil || !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want a usage error saying %q", err, tc.want)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
