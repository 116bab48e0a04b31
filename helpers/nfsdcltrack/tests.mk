# nfsdcltrack: cmocka unit tests (parsers, database), the integration test
# (both directions against Debian's binary, legacy directories, exec=host,
# the broker's usermode-helper front), one libFuzzer target per parser.
CLTRACK_UNIT := $(BUILD)/tests/unit/test_nfsdcltrack
$(CLTRACK_UNIT): tests/unit/nfsdcltrack/test_nfsdcltrack.c $(CLTRACK_PURE) helpers/nfsdcltrack/db.c \
		$(BUILD)/libcommon.a $(wildcard helpers/nfsdcltrack/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ihelpers/nfsdcltrack -Ilib $(LDFLAGS) -o $@ $< $(CLTRACK_PURE) helpers/nfsdcltrack/db.c \
		$(BUILD)/libcommon.a -lsqlite3 -lcmocka

check-nfsdcltrack: all $(CLTRACK_UNIT) $(BUILD)/tests/nsrun $(BUILD)/tests/memfd_exec
	$(CLTRACK_UNIT)
	UB_BUILD=$(abspath $(BUILD)) timeout 300 bash tests/integration/t_nfsdcltrack.sh 2>&1 | grep -v 'Killed\|^Joined'; exit $${PIPESTATUS[0]}
CHECK_TARGETS += check-nfsdcltrack

CLTRACK_FUZZERS := hex time
$(BUILD)/fuzz/cltrack_%: helpers/nfsdcltrack/fuzz/fuzz_%.c $(CLTRACK_PURE) $(wildcard helpers/nfsdcltrack/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -Ihelpers/nfsdcltrack -Ilib -o $@ $< $(CLTRACK_PURE)

fuzz-nfsdcltrack: $(patsubst %,$(BUILD)/fuzz/cltrack_%,$(CLTRACK_FUZZERS))
	@$(call fuzz_run,cltrack,helpers/nfsdcltrack,$(CLTRACK_FUZZERS))
.PHONY: check-nfsdcltrack fuzz-nfsdcltrack
CHECK_ALL_EXTRA += fuzz-nfsdcltrack
