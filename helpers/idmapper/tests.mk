check-idmapper: all $(BUILD)/tests/nsrun
	UB_BUILD=$(abspath $(BUILD)) timeout 300 bash helpers/idmapper/tests/t_idmap.sh 2>&1 | grep -v 'Killed\|^Joined'; exit $${PIPESTATUS[0]}
CHECK_TARGETS += check-idmapper

$(BUILD)/fuzz/idmap_desc: helpers/idmapper/fuzz/fuzz_desc.c helpers/idmapper/idmap_desc.c
	@mkdir -p $(dir $@)
	clang -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Ihelpers/idmapper -o $@ $^
fuzz-idmapper: $(BUILD)/fuzz/idmap_desc
	@set -o pipefail; $< -max_total_time=$(FUZZ_SECONDS) -max_len=1024 2>&1 | tail -2
CHECK_ALL_EXTRA += fuzz-idmapper
