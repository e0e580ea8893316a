package ui

import "ksn/say"

// en is the English voice the tests compare the screens with.
var en say.Voice
