package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

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
// LC_MESSAGES, LANG (SPEC §9). It is read before cobra parses args, since
// the help texts are already in it. A --lang ksn does not speak is a usage
// error, said in the environment's language.
func languageOf(args []string, getenv func(string) string) (lang.Lang, error) {
	env := lang.FromEnv(getenv)
	for i, a := range args {
		if a == "--" {
			break
		}
		value, ok := strings.CutPrefix(a, "--lang=")
		if !ok && a == "--lang" && i+1 < len(args) {
			value, ok = args[i+1], true
		}
		if !ok {
			continue
		}
		l, err := lang.Parse(value)
		if err != nil {
			return env, usageError("%s", say.In(env).T("cli.error.lang", "Value", fmt.Sprintf("%q", value)))
		}
		return l, nil
	}
	return env, nil
}
