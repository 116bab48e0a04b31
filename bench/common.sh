#!/bin/bash
# Shared by the bench scripts (sourced after tests/integration/lib.sh):
# request loops, rows and ratios. Every figure is a ratio to a baseline
# measured in the same script run; nothing here asserts a time.
UB_CAPTURE_WRAPPER=${UB_CAPTURE_WRAPPER:-$UB_BUILD/bench/capture}
UB_BENCH_OUT=${UB_BENCH_OUT:-$UB_BUILD/bench}
mkdir -p "$UB_BENCH_OUT"
N=${UB_BENCH_N:-200}
CAP=""; [ "$UB_UPCALL_MODE" = native ] || CAP=" (capture)"

# measure <command...>: "median p90 failures" (a failed loop counts all).
measure() { local out; out=$("$@") || true; echo "${out:-0 0 $N}"; }
# inb1 <description> [<type> <callout>]: reqloop's requests made in b1 (native
# mode, descriptions <description><pid>.<n>) or for b1 (capture mode: the one
# registered description, made on the host; register a description only after
# the host's rows that use it)
inb1() {
	if [ "$UB_UPCALL_MODE" = native ]; then
		measure ub_in b1 /probe/reqloop "$1" $N "${@:2}" ${2:+fixed}
	else
		ub_capture_register b1 "$1"
		measure "$UB_BUILD/bench/reqloop" "$1" $N "${2:-user}" "${3-x}" fixed
	fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b ? a/b : 0}'; }
table_head() { echo "| case | median us | p90 us | ratio |"; echo "|---|---:|---:|---:|"; }
# report <baseline "median p90 fails"> <"name:median p90 fails">...
report() {
	local b=${1%% *}; shift
	for r in "$@"; do
		local name=${r%:*} v=${r##*:}
		set -- $v
		local note=""
		name=${name//|/\\|}   # a cell of a markdown table
		[ "${3:-0}" = 0 ] || note=" ($3 failed)"
		echo "| $name$note | $1 | $2 | $(ratio "$1" "$b") |"
	done
}

# paired <description> <baseline description>: medians of both, measured
# in alternating chunks so that a machine whose load drifts (kernel builds
# next door) weighs on both alike: "<median> <baseline median> <failures>".
paired() {
	local a=$UB_TMP/paired.a b=$UB_TMP/paired.b fails=0 chunk=$(( (N + 3) / 4 )) out
	: >"$a"; : >"$b"
	for _ in 1 2 3 4; do
		out=$(UB_LATENCIES=$a "$UB_BUILD/bench/reqloop" "$1" $chunk user x fixed) || true
		fails=$((fails + ${out:+${out##* }+}0))
		UB_LATENCIES=$b "$UB_BUILD/bench/reqloop" "$2" $chunk user x fixed >/dev/null || true
	done
	echo "$(median_of "$a") $(median_of "$b") $fails"
}
median_of() { sort -n "$1" | awk '{v[NR]=$1} END {print NR ? v[int(NR/2)+1] : 0}'; }

# stock_through_capture [<wrapper words...>]: put keyutils' own request-key
# in the kernel's path behind the same /bin/sh stub and wrapper the broker
# rows pay for in capture mode (ub_install_broker), so that a host row can
# be compared like for like; stock_done takes it out again. The stock
# binary is copied under the request-key lock (outside it, it may be
# another test's broker).
stock_through_capture() {
	ub_lock_request_key
	[ -e "$UB_TMP/stock-request-key" ] || cp "$UB_REQUEST_KEY" "$UB_TMP/stock-request-key"
	printf '#!/bin/sh\nexec %s %s %s "$@"\n' "${*:-$UB_CAPTURE_WRAPPER}" "$UB_CAPTURE_MAP" \
		"$UB_TMP/stock-request-key" >"$UB_TMP/stock-stub"
	chmod 755 "$UB_TMP/stock-stub"
	mount --bind "$UB_TMP/stock-stub" "$UB_REQUEST_KEY"
	UB_MOUNTED=1
}
stock_done() { umount "$UB_REQUEST_KEY"; UB_MOUNTED=0; }
# broker_through_capture: ub_install_broker's set-up without clearing the
# capture map (registrations stay): the broker behind the stub and
# wrapper in capture mode, the broker itself in native mode.
broker_through_capture() {
	ub_lock_request_key
	if [ "$UB_UPCALL_MODE" = capture ]; then
		printf '#!/bin/sh\nexec %s %s %s "$@"\n' "$UB_CAPTURE_WRAPPER" "$UB_CAPTURE_MAP" \
			"$UB_BUILD/request-key" >"$UB_TMP/broker-stub"
		chmod 755 "$UB_TMP/broker-stub"
		mount --bind "$UB_TMP/broker-stub" "$UB_REQUEST_KEY"
	else
		mount --bind "$UB_BUILD/request-key" "$UB_REQUEST_KEY"
	fi
	UB_MOUNTED=1
}
