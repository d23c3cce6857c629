// Command questions prints the figures of the expressibility benchmark
// (devenv/e2e/testdata/questions/*.yaml, issue 11, item 5 of "What to build") from the YAML alone,
// without Trino: how many questions, how many the builder expresses, per
// shape, source and file, and the gaps by missing feature.
//
//	go -C devenv run ./cmd/questions -summary
//
// The e2e test TestQuestions runs the questions on the replica.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/seclake/securitylake-datasource/devenv/internal/questions"
)

func main() {
	dir := flag.String("dir", "e2e/testdata/questions", "directory of the question files (relative to devenv/)")
	summary := flag.Bool("summary", true, "print the summary tables (Markdown)")
	flag.Parse()
	qs, err := questions.Load(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "questions:", err)
		os.Exit(1)
	}
	if *summary {
		fmt.Print(questions.Summarize(qs).Markdown())
	}
}
