$(BUILD)/bench/reqloop: bench/reqloop.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< -lkeyutils

# the stand-in for a patched kernel in capture mode (tests/integration/lib.sh)
$(BUILD)/bench/capture: bench/capture.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< -lkeyutils

bench: all $(BUILD)/bench/reqloop $(BUILD)/bench/capture $(BUILD)/tests/nsrun
	UB_BUILD=$(abspath $(BUILD)) bash bench/latency.sh 2>&1 | grep -v '^Joined session keyring'
