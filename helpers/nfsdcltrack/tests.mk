check-nfsdcltrack: all $(BUILD)/tests/nsrun
	UB_BUILD=$(abspath $(BUILD)) timeout 300 bash helpers/nfsdcltrack/tests/t_cltrack.sh 2>&1 | grep -v 'Killed\|^Joined'; exit $${PIPESTATUS[0]}
CHECK_TARGETS += check-nfsdcltrack

$(BUILD)/fuzz/cltrack_args: helpers/nfsdcltrack/fuzz/fuzz_args.c helpers/nfsdcltrack/cltrack_args.c
	@mkdir -p $(dir $@)
	clang -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Ihelpers/nfsdcltrack -o $@ $^
fuzz-nfsdcltrack: $(BUILD)/fuzz/cltrack_args
	@set -o pipefail; $< -max_total_time=$(FUZZ_SECONDS) -max_len=4096 2>&1 | tail -2
CHECK_ALL_EXTRA += fuzz-nfsdcltrack
