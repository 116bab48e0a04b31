# idmapper: cmocka unit tests of the pure parts, the integration test (two
# unshare containers, direct runs in both engines, then through the kernel
# and the broker), and one libFuzzer target per parser of container input.
IDMAP_UNIT := $(BUILD)/tests/unit/test_nfsidmap
$(IDMAP_UNIT): tests/unit/nfsidmap/test_nfsidmap.c $(IDMAP_PURE) $(wildcard helpers/nfsidmap/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ihelpers/nfsidmap -Ilib $(LDFLAGS) -o $@ $< $(IDMAP_PURE) lib/key_describe.c lib/parse.c \
		-lkeyutils -lcmocka

check-idmapper: all $(IDMAP_UNIT) $(BUILD)/tests/nsrun $(BUILD)/tests/memfd_exec
	$(IDMAP_UNIT)
	UB_BUILD=$(abspath $(BUILD)) timeout 300 bash tests/integration/t_nfsidmap.sh 2>&1 | grep -v 'Killed\|^Joined'; exit $${PIPESTATUS[0]}
CHECK_TARGETS += check-idmapper

IDMAP_FUZZERS := desc conf pwdb
$(BUILD)/fuzz/idmap_%: helpers/nfsidmap/fuzz/fuzz_%.c $(IDMAP_PURE) $(wildcard helpers/nfsidmap/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -Ihelpers/nfsidmap -Ilib -o $@ $< $(IDMAP_PURE)

fuzz-idmapper: $(patsubst %,$(BUILD)/fuzz/idmap_%,$(IDMAP_FUZZERS))
	@$(call fuzz_run,idmap,helpers/nfsidmap,$(IDMAP_FUZZERS))
# lib/conffile.c, shared by both NFS helpers, has its own target.
$(BUILD)/fuzz/lib_conffile: lib/fuzz/fuzz_conffile.c lib/conffile.c lib/line_reader.c $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -Ilib -o $@ $< lib/conffile.c lib/line_reader.c

fuzz-conffile: $(BUILD)/fuzz/lib_conffile
	@$(call fuzz_run,lib,lib,conffile)
fuzz-idmapper: fuzz-conffile
# fuzz-nfs: both NFS helpers' fuzzers (fuzz-nfsdcltrack is in its tests.mk).
fuzz-nfs: fuzz-idmapper fuzz-nfsdcltrack
.PHONY: check-idmapper fuzz-idmapper fuzz-nfs fuzz-conffile
CHECK_ALL_EXTRA += fuzz-idmapper
