# dns_resolver: unit tests (with the broker's), the integration test through
# the kernel with dnsmasq in two containers, and the libFuzzer targets.
DNS_UNIT := $(BUILD)/tests/unit/test_dns_parsers
$(DNS_UNIT): helpers/dns_resolver/tests/test_dns_parsers.c $(BUILD)/libdns.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ihelpers/dns_resolver $(LDFLAGS) -o $@ $< $(BUILD)/libdns.a -lresolv -lcmocka

check-dns: all $(DNS_UNIT) $(BUILD)/tests/nsrun
	$(DNS_UNIT)
	UB_BUILD=$(abspath $(BUILD)) timeout 300 bash helpers/dns_resolver/tests/t_dns.sh 2>&1 | grep -v 'Killed\|^Joined'; exit $${PIPESTATUS[0]}
CHECK_TARGETS += check-dns

FUZZ_SECONDS ?= 20
DNS_FUZZERS := answer desc files
DNS_FUZZ_SRCS := helpers/dns_resolver/desc.c helpers/dns_resolver/sysconf.c \
	helpers/dns_resolver/answer.c helpers/dns_resolver/payload.c
$(BUILD)/fuzz/dns_%: helpers/dns_resolver/fuzz/fuzz_%.c $(DNS_FUZZ_SRCS)
	@mkdir -p $(dir $@)
	clang -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Ihelpers/dns_resolver \
		-o $@ $^ -lresolv

fuzz-dns: $(patsubst %,$(BUILD)/fuzz/dns_%,$(DNS_FUZZERS))
	@set -o pipefail; for f in $^; do echo "== $$f ($(FUZZ_SECONDS) s)"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 2>&1 | tail -2 || exit 1; done
CHECK_ALL_EXTRA += fuzz-dns
