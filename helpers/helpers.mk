# Each helper owns helpers/<name>/helper.mk and adds its binary to HELPERS.
HELPERS :=
# The helpers are static executables: exec=host runs the host's copy inside
# the container's root from a sealed memfd (broker/enter/host_program.c), where no
# host library or loader may be looked up. Sanitizer builds stay dynamic
# (ASan has no static runtime) and are only run from the host's paths.
ifeq ($(SANITIZE),1)
HELPER_STATIC_LDFLAGS := $(LDFLAGS)
else
HELPER_STATIC_LDFLAGS := $(filter-out -pie,$(LDFLAGS)) -static-pie
endif
-include $(sort $(wildcard helpers/*/helper.mk))
helpers: $(HELPERS)

# One libFuzzer target per parser of container input (helpers/*/tests.mk).
FUZZ_SECONDS ?= 20
FUZZ_CC := clang -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined
# $(call fuzz_run,<prefix>,<helper dir>,<targets>): each $(BUILD)/fuzz/<prefix>_<target>
# for FUZZ_SECONDS on a scratch corpus seeded from <helper dir>/fuzz/seeds/<target>,
# so the tree stays clean.
fuzz_run = set -o pipefail; for f in $(3); do \
	c=$(BUILD)/fuzz/corpus-$(1)_$$f; mkdir -p $$c; \
	cp -n $(2)/fuzz/seeds/$$f/* $$c/ 2>/dev/null || true; \
	echo "== $(1)_$$f ($(FUZZ_SECONDS) s)"; \
	$(BUILD)/fuzz/$(1)_$$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		-artifact_prefix=$(BUILD)/fuzz/ $$c 2>&1 | tail -2 || exit 1; \
	done
