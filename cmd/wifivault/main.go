// Command wifivault is the wifivault binary: one subcommand per role.
package main

import (
	"fmt"
	"github.com/wifivault/wifivault/internal/gctune"
	"os"
	"strings"
)

// commands maps a subcommand path ("graph serve") to its entry point, which gets the
// remaining arguments and returns the process exit code.
var commands = map[string]func(args []string) int{
	"graph serve":        graphServe,
	"graph apply-schema": graphApplySchema,
	"serve":              serve,
}

func main() {
	gctune.Apply()
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	for n := len(args); n > 0; n-- {
		if cmd, ok := commands[strings.Join(args[:n], " ")]; ok {
			return cmd(args[n:])
		}
	}
	usage()
	return 2
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: wifivault <command> [flags]\n\ncommands:")
	for name := range commands {
		fmt.Fprintln(os.Stderr, "  "+name)
	}
}
