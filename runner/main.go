package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// usageError marks a mistake in the command line or configuration: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

const usage = `usage: runner <command> [flags]

commands:
  conformance  run the conformance suites against a target
  record       record what a target answers into an observed profile
  diff         compare two observed profiles
  list         print the list of checks (suites/conformance.yaml)
  compile      compile the suites once, for several runs (CHATCONFORM_SUITES)
  sweep        delete accounts a crashed run left on a target
  emulator     serve the reference emulator
  openapi      write the OpenAPI 3.1 description of the covered endpoints
  usersig      print a UserSig for curl

Run 'runner <command> -h' for a command's flags; 'go doc ./runner' for the manual.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "conformance":
		err = conformance(rest, stdout, stderr)
	case "emulator":
		err = serveEmulator(rest, stdout, stderr)
	case "usersig":
		err = printUserSig(rest, stdout, stderr)
	case "list":
		err = listChecks(rest, stdout, stderr)
	case "compile":
		err = compileSuites(rest, stdout, stderr)
	case "sweep":
		err = sweep(rest, stdout, stderr)
	case "record":
		err = record(rest, stdout, stderr)
	case "diff":
		err = diff(rest, stdout, stderr)
	case "openapi":
		err = writeOpenAPI(rest, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "runner: unknown command %q\n%s", cmd, usage)
		return 2
	}
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "runner: %v\n", err)
		return 2
	case errors.Is(err, errChecksFailed):
		return 1
	default:
		fmt.Fprintf(stderr, "runner: %v\n", err)
		return 1
	}
}

// newFlags returns a flag set that reports parse errors as usage errors.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("runner "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}
