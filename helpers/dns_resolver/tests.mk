# dns_resolver: parser unit tests, the integration test (two containers with
# their own dnsmasq; direct runs in both modes, then through the kernel and
# the broker), and one libFuzzer target per parser.
DNS_UNIT := $(BUILD)/tests/unit/test_dns_parsers
$(DNS_UNIT): tests/unit/dns_resolver/test_dns_parsers.c $(BUILD)/libdns.a $(BUILD)/libcommon.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ihelpers/dns_resolver -Ilib $(LDFLAGS) -o $@ $< $(BUILD)/libdns.a $(BUILD)/libcommon.a -lresolv -lcmocka

check-dns: all $(DNS_UNIT) $(BUILD)/tests/nsrun $(BUILD)/tests/memfd_exec
	$(DNS_UNIT)
	UB_BUILD=$(abspath $(BUILD)) timeout 300 bash tests/integration/t_dns.sh 2>&1 | grep -v 'Killed\|^Joined'; exit $${PIPESTATUS[0]}
CHECK_TARGETS += check-dns

# Each parser of hostile input gets its own target; they link the pure
# parser sources only (no keyutils, no files, no network).
DNS_FUZZERS := desc answer hosts resolv_conf nsswitch dns_conf
DNS_FUZZ_SRCS := $(addprefix helpers/dns_resolver/,desc.c answer.c addrlist.c \
	hosts.c resolv_conf.c nsswitch.c dns_conf.c) lib/line_reader.c
$(BUILD)/fuzz/dns_%: helpers/dns_resolver/fuzz/fuzz_%.c $(DNS_FUZZ_SRCS) $(wildcard helpers/dns_resolver/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -Ihelpers/dns_resolver -Ilib -o $@ $< $(DNS_FUZZ_SRCS) -lresolv

fuzz-dns: $(patsubst %,$(BUILD)/fuzz/dns_%,$(DNS_FUZZERS))
	@$(call fuzz_run,dns,helpers/dns_resolver,$(DNS_FUZZERS))
CHECK_ALL_EXTRA += fuzz-dns
