package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/chatconform/chatconform/emulator"
)

func serveEmulator(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("emulator", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address`")
	callbackURL := fs.String("callback-url", os.Getenv("TIM_CALLBACK_URL"), "the app's callback `URL`: every callback the emulator delivers is POSTed there")
	callbackToken := fs.String("callback-token", os.Getenv("TIM_CALLBACK_TOKEN"), "callback authentication `token`: adds Sign and RequestTime to each callback (never printed)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *callbackURL != "" {
		u, err := url.Parse(*callbackURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("emulator: -callback-url %q is not an http(s) URL", *callbackURL)
		}
	}
	appID, key, admin, set, err := credentials()
	if err != nil {
		return err
	}
	opts := emulator.Options{Addr: *addr, Logf: func(f string, a ...any) { fmt.Fprintf(stderr, f+"\n", a...) },
		CallbackURL: *callbackURL, CallbackToken: *callbackToken}
	if set {
		opts.SDKAppID, opts.Key, opts.Admins = appID, key, []string{admin}
	}
	srv, err := emulator.NewServer(opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(stdout, "chatconform emulator listening on %s\n", srv.URL())
	fmt.Fprintf(stdout, "control API (client sessions): %s%s\n", srv.URL(), emulator.ControlPrefix)
	if *callbackURL != "" {
		fmt.Fprintf(stdout, "callbacks (%s) go to %s\n", strings.Join(emulator.Webhooks(), ", "), *callbackURL)
	}
	if set {
		fmt.Fprintf(stdout, "credentials: TIM_SDKAPPID, TIM_SECRET_KEY and TIM_ADMIN=%s from the environment\n", admin)
	} else {
		fmt.Fprintf(stdout, "test credentials (not secret):\n  export TIM_SDKAPPID=%d TIM_SECRET_KEY=%s TIM_ADMIN=%s\n",
			emulator.TestSDKAppID, emulator.TestKey, emulator.TestAdmin)
	}
	fmt.Fprintf(stdout, "try:\n  export USERSIG=$(go run ./runner usersig)\n")
	fmt.Fprintf(stdout, "  curl -sS -X POST \"%s/v4/im_open_login_svc/account_import?sdkappid=${TIM_SDKAPPID}&identifier=${TIM_ADMIN}&usersig=${USERSIG}&random=1&contenttype=json\" --data-binary '{\"UserID\":\"alice\"}'\n", srv.URL())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	fmt.Fprintln(stdout, "chatconform emulator stopped")
	return nil
}
