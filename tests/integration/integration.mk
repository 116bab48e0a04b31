# Integration tests: the real kernel of this machine, real upcalls, throwaway
# containers. Need root. Each t_*.sh restores /sbin/request-key itself.
# t_dns, t_nfsidmap and t_nfsdcltrack run from their helper's check target.
INTEGRATION_TESTS := $(filter-out %/t_dns.sh %/t_nfsidmap.sh %/t_nfsdcltrack.sh,$(sort $(wildcard tests/integration/t_*.sh)))

# Test programs. nsrun and memfd_exec (lib.sh's exec=host stand-in) run on
# the host; hold, hostprobe and seccomp_init are static, since they run in
# containers (exec=host rules run a sealed memfd copy inside the container).
INTEGRATION_HOST_PROGS := nsrun memfd_exec
INTEGRATION_STATIC_PROGS := hold hostprobe seccomp_init fuse_noread keyctl_fusemem
$(BUILD)/tests/%: tests/integration/%.c
	@mkdir -p $(dir $@)
	$(CC) $(if $(filter $*,$(INTEGRATION_STATIC_PROGS)),$(STATIC_PROG_CFLAGS) -static,$(CFLAGS) $(LDFLAGS)) -o $@ $<
# A sanitizer has no static runtime: static test programs go without it.
STATIC_PROG_CFLAGS = $(filter-out -fsanitize=%,$(CFLAGS))
INTEGRATION_PROGS := $(addprefix $(BUILD)/tests/,$(INTEGRATION_HOST_PROGS) $(INTEGRATION_STATIC_PROGS))

check-integration: broker helpers $(INTEGRATION_PROGS)
	@fail=0; for t in $(INTEGRATION_TESTS); do \
		echo "== $$t"; \
		UB_BUILD=$(abspath $(BUILD)) timeout 600 bash $$t 2>&1 | grep -v '^Joined session keyring' ; \
		[ $${PIPESTATUS[0]} -eq 0 ] || { echo "FAILED: $$t"; fail=1; }; \
	done; exit $$fail

CHECK_TARGETS += check-integration
