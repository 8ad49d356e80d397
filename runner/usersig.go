package main

import (
	"fmt"
	"io"
	"time"

	"github.com/chatconform/chatconform/emulator"
	"github.com/chatconform/chatconform/internal/usersig"
)

func printUserSig(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("usersig", stderr)
	identifier := fs.String("identifier", "", "UserID to sign for (default $TIM_ADMIN, else administrator)")
	expire := fs.Duration("expire", 24*time.Hour, "validity")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *expire <= 0 {
		return usagef("usersig: -expire must be positive")
	}
	appID, key, admin, set, err := credentials()
	if err != nil {
		return err
	}
	if !set {
		appID, key = emulator.TestSDKAppID, emulator.TestKey
	}
	if *identifier == "" {
		*identifier = admin
	}
	sig, err := usersig.Gen(appID, key, *identifier, *expire)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, sig)
	return nil
}
