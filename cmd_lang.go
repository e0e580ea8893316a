package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"ksn/lang"
	"ksn/say"
)

// voiceKey is the context key of the run's Voice.
type voiceKey struct{}

// withVoice is ctx carrying v, the language of this run's words.
func withVoice(ctx context.Context, v say.Voice) context.Context {
	return context.WithValue(ctx, voiceKey{}, v)
}

// voiceOf is the Voice of the run cmd belongs to; English if none is set.
func voiceOf(cmd *cobra.Command) say.Voice {
	if ctx := cmd.Context(); ctx != nil {
		if v, ok := ctx.Value(voiceKey{}).(say.Voice); ok {
			return v
		}
	}
	return say.Voice{}
}

// languageOf is the language of a run: --lang in args, else LC_ALL,
// LC_MESSAGES, LANG (docs/languages.md). It is read before cobra parses args, since
// the help texts are already in it, by a flag set with the global flags
// that take a value, so that it reads --lang as cobra will: the last one
// counts, and the value of another flag (--endpoint --lang) is not one. A
// --lang ksn does not speak is a usage error, said in the environment's
// language; cobra reports any other problem of args.
func languageOf(args []string, getenv func(string) string) (lang.Lang, error) {
	env := lang.FromEnv(getenv)
	fs := pflag.NewFlagSet("ksn", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.ParseErrorsAllowlist.UnknownFlags = true
	value := fs.String("lang", "", "")
	for _, name := range []string{"endpoint", "timeout", "window"} {
		fs.String(name, "", "")
	}
	fs.String("demo", "", "")
	fs.Lookup("demo").NoOptDefVal = "valid"
	// pflag stops at an undefined --help (ErrHelp): --help --lang ru
	// must read the --lang after it.
	fs.BoolP("help", "h", false, "")
	_ = fs.Parse(args)
	if !fs.Changed("lang") {
		return env, nil
	}
	l, err := lang.Parse(*value)
	if err != nil && completing(args) {
		return env, nil // a --lang being typed: completions, not an error
	}
	if err != nil {
		return env, usageError("%s", say.In(env).T("cli.error.lang", "Value", fmt.Sprintf("%q", *value)))
	}
	return l, nil
}
