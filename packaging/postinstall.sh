#!/bin/sh
# ksn post-install (deb postinst, rpm %post): on a first install, one line
# pointing to ksn setup; an upgrade says nothing. It never asks, never
# reads its input, never sends anything and never runs ksn: whether to
# participate in KSN is the user's choice, made in ksn setup.
# deb: "configure" with the version upgraded from (empty on a first
# install), or abort-*; rpm: 1 on a first install, 2 or more on an upgrade.
set -e
case "$1" in
configure)
	case "$2" in
	"") ;;
	*) exit 0 ;;
	esac
	;;
1) ;;
*) exit 0 ;;
esac
echo "ksn: to choose whether to participate in Kaspersky Security Network, run: ksn setup"
