#!/bin/sh
# The demo's helper: one line of facts about where it runs, as the key payload.
name=${1#*:}   # the key description is "demo:<name>"
addr=$(getent hosts "$name" 2>/dev/null | { read -r a _; echo "$a"; })
printf 'hostname=%s netns=%s resolves=%s uid=%s\n' \
	"$(cat /proc/sys/kernel/hostname)" "$(stat -L -c %i /proc/self/ns/net)" "${addr:-none}" "$(id -u)"
