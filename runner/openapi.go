package main

import (
	"fmt"
	"io"
	"os"

	"github.com/chatconform/chatconform/internal/openapi"
)

// writeOpenAPI writes the OpenAPI description of the covered endpoints,
// generated from the JSON Schemas and the documented samples, to -o or to
// stdout.
func writeOpenAPI(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("openapi", stderr)
	out := fs.String("o", "", "write the document to `file` instead of stdout")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	doc, err := openapi.Generate()
	if err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		_, err := stdout.Write(doc)
		return err
	}
	if fi, err := os.Stat(*out); err == nil && fi.IsDir() {
		return usagef("openapi: -o %s is a directory; give a file name", *out)
	}
	if err := os.WriteFile(*out, doc, 0o644); err != nil {
		return fmt.Errorf("openapi: %w", err)
	}
	return nil
}
