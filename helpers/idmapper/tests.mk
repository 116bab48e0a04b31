# idmapper: cmocka unit tests of the pure parts, the integration test (two
# unshare containers, direct runs in both engines, then through the kernel
# and the broker), and one libFuzzer target per parser of container input.
IDMAP_UNIT := $(BUILD)/tests/unit/test_idmapper
$(IDMAP_UNIT): helpers/idmapper/tests/test_idmapper.c $(IDMAP_PURE) $(wildcard helpers/idmapper/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ihelpers/idmapper $(LDFLAGS) -o $@ $< $(IDMAP_PURE) -lcmocka

check-idmapper: all $(IDMAP_UNIT) $(BUILD)/tests/nsrun
	$(IDMAP_UNIT)
	UB_BUILD=$(abspath $(BUILD)) timeout 300 bash helpers/idmapper/tests/t_idmap.sh 2>&1 | grep -v 'Killed\|^Joined'; exit $${PIPESTATUS[0]}
CHECK_TARGETS += check-idmapper

FUZZ_SECONDS ?= 20
IDMAP_FUZZERS := desc conf pwdb
$(BUILD)/fuzz/idmap_%: helpers/idmapper/fuzz/fuzz_%.c $(IDMAP_PURE) $(wildcard helpers/idmapper/*.h)
	@mkdir -p $(dir $@)
	clang -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -Ihelpers/idmapper -o $@ $< $(IDMAP_PURE)

# Seeds are copied to a scratch corpus so the tree stays clean.
fuzz-idmapper: $(patsubst %,$(BUILD)/fuzz/idmap_%,$(IDMAP_FUZZERS))
	@set -o pipefail; for f in $(IDMAP_FUZZERS); do \
		c=$(BUILD)/fuzz/corpus-idmap_$$f; mkdir -p $$c; \
		cp -n helpers/idmapper/fuzz/seeds/$$f/* $$c/ 2>/dev/null || true; \
		echo "== idmap_$$f ($(FUZZ_SECONDS) s)"; \
		$(BUILD)/fuzz/idmap_$$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -artifact_prefix=$(BUILD)/fuzz/ $$c 2>&1 | tail -2 || exit 1; \
	done
# fuzz-nfs: both NFS helpers' fuzzers (fuzz-nfsdcltrack is in its tests.mk).
fuzz-nfs: fuzz-idmapper fuzz-nfsdcltrack
.PHONY: check-idmapper fuzz-idmapper fuzz-nfs
CHECK_ALL_EXTRA += fuzz-idmapper
