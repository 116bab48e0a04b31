$(BUILD)/bench/reqloop: bench/reqloop.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< -lkeyutils

bench: broker $(BUILD)/bench/reqloop $(BUILD)/tests/nsrun
	UB_BUILD=$(abspath $(BUILD)) bash bench/latency.sh 2>&1 | grep -v '^Joined session keyring'
