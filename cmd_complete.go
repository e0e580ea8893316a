package main

import (
	"github.com/spf13/cobra"

	"ksn/lang"
	"ksn/model"
	"ksn/netcheck/ksntest"
	"ksn/say"
)

// completeFlagValues registers the values of the flags that take one of a
// few, for the shells' completion (docs/commands.md): --lang with each
// language's own name, --window's layouts, --demo's scenarios.
func completeFlagValues(root *cobra.Command) {
	_ = root.RegisterFlagCompletionFunc("lang", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return languageChoices(), cobra.ShellCompDirectiveNoFileComp // asked only when completing: no catalog read at start
	})
	_ = root.RegisterFlagCompletionFunc("window", fixed(string(model.WindowInfo), string(model.WindowStatement)))
	var scenarios []string
	for _, s := range ksntest.Scenarios() {
		scenarios = append(scenarios, string(s))
	}
	_ = root.RegisterFlagCompletionFunc("demo", fixed(scenarios...))
}

// languageChoices are the codes of the languages ksn speaks, each with its
// name in itself ("ru\tРусский"), as cobra shows a completion's
// description.
func languageChoices() []string {
	var out []string
	for _, t := range lang.Supported() {
		l := lang.Of(t)
		out = append(out, l.Code()+"\t"+say.In(l).T("cli.lang_name"))
	}
	return out
}

// fixed completes a flag's value from values, never with file names.
func fixed(values ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

// completing reports whether args are a shell's request for completions
// (cobra's hidden __complete commands), in which a half-typed --lang is
// no error.
func completing(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}
