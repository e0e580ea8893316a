#!/bin/sh
# ksn post-install (deb postinst, rpm %post): one line pointing to ksn setup.
# It never asks, never reads its input, never sends anything and never runs
# ksn: whether to participate in KSN is the user's choice, made in ksn setup.
case "$1" in
abort-*) exit 0 ;;
esac
echo "ksn: to choose whether to participate in Kaspersky Security Network, run: ksn setup"
exit 0
