# Integration tests: the real kernel of this machine, real upcalls, throwaway
# containers. Need root. Each t_*.sh restores /sbin/request-key itself.
INTEGRATION_TESTS := $(sort $(wildcard tests/integration/t_*.sh))

$(BUILD)/tests/nsrun: tests/integration/nsrun.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

# Static, for exec=host rules (the broker runs those from a sealed memfd).
$(BUILD)/tests/hold: tests/integration/hold.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -static -o $@ $<

$(BUILD)/tests/hostprobe: tests/integration/hostprobe.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -static -o $@ $<

# The exec=host stand-in (lib.sh's ub_exec_host).
$(BUILD)/tests/memfd_exec: tests/integration/memfd_exec.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

$(BUILD)/tests/seccomp_init: tests/integration/seccomp_init.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -static -o $@ $<

check-integration: broker helpers $(BUILD)/tests/nsrun $(BUILD)/tests/memfd_exec $(BUILD)/tests/hold $(BUILD)/tests/hostprobe $(BUILD)/tests/seccomp_init
	@fail=0; for t in $(INTEGRATION_TESTS); do \
		echo "== $$t"; \
		UB_BUILD=$(abspath $(BUILD)) timeout 600 bash $$t 2>&1 | grep -v '^Joined session keyring' ; \
		[ $${PIPESTATUS[0]} -eq 0 ] || { echo "FAILED: $$t"; fail=1; }; \
	done; exit $$fail

CHECK_TARGETS += check-integration
