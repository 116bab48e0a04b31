#!/bin/bash
# 50 concurrent requests from 10 containers: each answered from inside its
# own container, none lost, none crossed over.
. "$(dirname "$0")/lib.sh"

N=${UB_CONTAINERS:-10}
PER=${UB_PER_CONTAINER:-5}
ub_rules <<EOF
create user ubtest:conc:* * [container] |/probe/probe.sh
EOF
ub_install_broker
for i in $(seq $N); do ub_container k$i; done

reqs=()
for i in $(seq $N); do
	for j in $(seq $PER); do
		ub_request k$i "ubtest:conc:$i:$j" >"$UB_TMP/out.$i.$j" 2>&1 &
		reqs+=($!)
	done
done
start=$SECONDS
wait_ok=1
for p in "${reqs[@]}"; do
	# The kernel gives a requester no timeout; the broker's 30 s default is
	# the bound, so anything still waiting after 60 s is a lost request.
	timeout 60 tail --pid="$p" -f /dev/null || wait_ok=0
done
check "all $((N * PER)) requests returned" test $wait_ok = 1
good=0 crossed=0 lost=0
for i in $(seq $N); do
	for j in $(seq $PER); do
		h=$(sed -n 's/^hostname=//p' "$UB_TMP/out.$i.$j")
		if [ "$h" = "k$i" ]; then good=$((good + 1))
		elif [ -n "$h" ]; then crossed=$((crossed + 1))
		else lost=$((lost + 1)); sed 's/^/#   /' "$UB_TMP/out.$i.$j"; fi
	done
done
check_eq "every request answered from its own container" $((N * PER)) $good
check_eq "no answer from another container" 0 $crossed
check_eq "no request lost" 0 $lost
echo "# $((N * PER)) concurrent requests from $N containers in $((SECONDS - start)) s"
ub_done
