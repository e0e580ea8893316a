// Package ksntest is a fake KSN service, for the `ksn --demo` mode and for
// tests: a [Service] answers GET /v1/status as a [Scenario] says, and
// [Start] serves it on 127.0.0.1 (or, for [Offline], leaves its port
// closed), and [Service.Transport] is how a client reaches it: for
// [Offline], as a computer without a network would not.
package ksntest
