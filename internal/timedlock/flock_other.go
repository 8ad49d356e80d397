//go:build !unix

package timedlock

import (
	"errors"
	"os"
)

var errUnsupported = errors.New("file locks need a unix system; unset " + Env)

func tryLock(*os.File) (bool, error) { return false, errUnsupported }
func lock(*os.File) error            { return errUnsupported }
func unlock(*os.File)                {}
