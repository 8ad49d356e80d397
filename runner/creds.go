package main

import (
	"os"
	"strings"

	"github.com/chatconform/chatconform/internal/target"
)

// credentials reads TIM_SDKAPPID, TIM_SECRET_KEY and TIM_ADMIN. set is
// false when neither of the first two is set; one without the other is a
// configuration error.
func credentials() (appID uint64, key, admin string, set bool, err error) {
	rawID, key := strings.TrimSpace(os.Getenv("TIM_SDKAPPID")), os.Getenv("TIM_SECRET_KEY")
	admin = strings.TrimSpace(os.Getenv("TIM_ADMIN"))
	if admin == "" {
		admin = "administrator"
	}
	switch {
	case rawID == "" && key == "":
		return 0, "", admin, false, nil
	case rawID == "":
		return 0, "", "", false, usagef("TIM_SECRET_KEY is set but TIM_SDKAPPID is not")
	case key == "":
		return 0, "", "", false, usagef("TIM_SDKAPPID is set but TIM_SECRET_KEY is not")
	}
	appID, err = target.ParseSDKAppID(rawID)
	if err != nil {
		return 0, "", "", false, usagef("TIM_SDKAPPID: %v", err)
	}
	return appID, key, admin, true, nil
}
