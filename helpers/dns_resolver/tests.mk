# dns_resolver: parser unit tests, the integration test (two containers with
# their own dnsmasq; direct runs in both modes, then through the kernel and
# the broker), and one libFuzzer target per parser.
DNS_UNIT := $(BUILD)/tests/unit/test_dns_parsers
$(DNS_UNIT): helpers/dns_resolver/tests/test_dns_parsers.c $(BUILD)/libdns.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ihelpers/dns_resolver $(LDFLAGS) -o $@ $< $(BUILD)/libdns.a -lresolv -lcmocka

check-dns: all $(DNS_UNIT) $(BUILD)/tests/nsrun
	$(DNS_UNIT)
	UB_BUILD=$(abspath $(BUILD)) timeout 300 bash helpers/dns_resolver/tests/t_dns.sh 2>&1 | grep -v 'Killed\|^Joined'; exit $${PIPESTATUS[0]}
CHECK_TARGETS += check-dns

# Each parser of hostile input gets its own target; they link the pure
# parser sources only (no keyutils, no files, no network).
FUZZ_SECONDS ?= 20
DNS_FUZZERS := desc answer hosts resolv_conf nsswitch dns_conf
DNS_FUZZ_SRCS := $(addprefix helpers/dns_resolver/,desc.c answer.c addrlist.c textline.c \
	hosts.c resolv_conf.c nsswitch.c dns_conf.c)
$(BUILD)/fuzz/dns_%: helpers/dns_resolver/fuzz/fuzz_%.c $(DNS_FUZZ_SRCS) $(wildcard helpers/dns_resolver/*.h)
	@mkdir -p $(dir $@)
	clang -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -Ihelpers/dns_resolver \
		-o $@ $< $(DNS_FUZZ_SRCS) -lresolv

# Seeds are copied to a scratch corpus so the tree stays clean.
fuzz-dns: $(patsubst %,$(BUILD)/fuzz/dns_%,$(DNS_FUZZERS))
	@set -o pipefail; for f in $(DNS_FUZZERS); do \
		c=$(BUILD)/fuzz/corpus-dns_$$f; mkdir -p $$c; \
		cp -n helpers/dns_resolver/fuzz/seeds/$$f/* $$c/ 2>/dev/null || true; \
		echo "== dns_$$f ($(FUZZ_SECONDS) s)"; \
		$(BUILD)/fuzz/dns_$$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $$c 2>&1 | tail -2 || exit 1; \
	done
CHECK_ALL_EXTRA += fuzz-dns
