package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chatconform/chatconform/internal/target"
	"github.com/chatconform/chatconform/suites/framework"
)

// preflightTimeout bounds the one call that tells whether a target answers
// at all.
const preflightTimeout = 10 * time.Second

// preflight sends one call to the target before any spec runs. A target
// that gives no HTTP answer ends the run here, in one line, instead of
// failing every check; any HTTP answer, conforming or not, lets the run
// go on (the checks judge it).
func preflight(base, name string) error {
	appID, key, admin, _, err := credentials()
	if err != nil {
		return err
	}
	t := target.Target{Name: name, BaseURL: base, SDKAppID: appID, Key: key, Admin: admin}
	ctx, cancel := context.WithTimeout(context.Background(), preflightTimeout)
	defer cancel()
	_, err = target.NewClient(t).Do(ctx, target.Request{
		Endpoint: "im_open_login_svc/account_check",
		Body:     []byte(`{"CheckItem":[{"UserID":"chatconform_preflight"}]}`),
	})
	var te *target.TransportError
	if errors.As(err, &te) {
		return fmt.Errorf("target %s: %s", name, framework.Reason(te.Err))
	}
	if err != nil {
		return fmt.Errorf("target %s: %s", name, framework.Diagnose(err))
	}
	return nil
}
