#!/bin/bash
# upcall-broker explain and the -d/-D dry runs, in every context.
. "$(dirname "$0")/lib.sh"
B=$UB_BUILD/upcall-broker

ub_rules <<EOF
create user ubtest:x:* * [container,timeout=7] |/probe/probe.sh %u
create user ubtest:r:* * [requester] /probe/probe.sh plain %k
create user ubtest:h:* * |/bin/cat
EOF
ub_container c1
init=$UB_INIT_c1

out=$("$B" explain $$)
check "explain: a host process resolves to the host" grep -q "result: the host" <<<"$out"
out=$("$B" explain "$init")
check "explain: a container's init resolves to itself" grep -q "result: container init pid $init " <<<"$out"
check "explain: prints the namespaces" grep -q "user:$(stat -L -c %i /proc/$init/ns/user)" <<<"$out"
check "explain: prints the walk" grep -q "^walk 1: parent pidns .* other owner, stop" <<<"$out"

# A process in a nested pid namespace of the same container: walks up one level.
ub_in c1 unshare --pid --fork sleep 60 &
disown
in_c1() {   # the first 'sleep 60' in c1's user namespace, if it has started
	local p
	for p in $(pgrep -f '^sleep 60$' || true); do
		[ "$(stat -L -c %i /proc/$p/ns/user 2>/dev/null)" = "$(stat -L -c %i /proc/$init/ns/user)" ] && { echo "$p"; return; }
	done
	return 0
}
nested=""
for i in $(seq 100); do nested=$(in_c1); [ -n "$nested" ] && break; sleep 0.1; done
out=$("$B" explain "$nested" user ubtest:x:1 callout)
check "explain: nested pid ns walks up to the container's init" grep -q "result: container init pid $init " <<<"$out"
check "explain: shows the walk going up" grep -q "same owner, go up" <<<"$out"
check "explain: names the matching rule and its context" grep -q "context=container timeout=7000ms |/probe/probe.sh" <<<"$out"
check "explain: %u in the container's view" grep -q 'argv\[1\] = "0"' <<<"$out"
check "explain: describes the helper's credentials" grep -q "helper: pid $init's namespaces" <<<"$out"
check "explain: executes nothing" grep -q -- "-- exec disabled --" <<<"$out"
out=$("$B" explain "$nested" user ubtest:r:1)
check "explain: requester context targets the requester" grep -q "helper: pid $nested's namespaces" <<<"$out"

# Refused: own user and mount namespace, the host's pid namespace.
unshare --user --map-root-user --mount sleep 60 &
refused=$!
sleep 0.3
out=$("$B" explain "$refused" 2>&1 || true)
check "explain: a pid ns not owned by the mount's user ns is refused" grep -q "refused (EXDEV)" <<<"$out"
kill $refused

out=$("$B" explain 999999999 2>&1 || true)
check "explain: a bad pid is a clear error" grep -q "is not a pid\|cannot pin" <<<"$out"

# -d/-D: the request-key command line, dry.
out=$("$B" -d -D ubtest:h:1 create 0 0 0 0 0 0 2>&1)
check "-D: host rule described, nothing run" grep -q -- "-- exec disabled --" <<<"$out"
out=$("$B" -d -D ubtest:x:1 create 0 0 0 0 0 0 2>&1)
check "-D: container rule from the host resolves to the host" grep -q "context=container.*" <<<"$out"
check "-D: ...and says so" grep -q "resolution: requester $$\|on the host" <<<"$out"
out=$("$B" -d -D ubtest:r:1 create 0 0 0 0 0 0 2>&1)
check "-D: requester rule described, nothing run" grep -q "context=requester" <<<"$out"
out=$("$B" -d -D nomatch:1 create 0 0 0 0 0 0 2>&1 || true)
check "-D: no matching rule is reported" grep -q "Cannot find command" <<<"$out"
ub_done
