DNS_SRCS := $(filter-out helpers/dns_resolver/main.c,$(wildcard helpers/dns_resolver/*.c))
DNS_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(DNS_SRCS))

$(BUILD)/obj/helpers/%.o: helpers/%.c $(wildcard helpers/*/*.h lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ilib -c -o $@ $<

$(BUILD)/libdns.a: $(DNS_OBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/helpers/dns_resolver: $(BUILD)/obj/helpers/dns_resolver/main.o $(BUILD)/libdns.a $(BUILD)/libcommon.a
	@mkdir -p $(dir $@)
	$(CC) $(HELPER_STATIC_LDFLAGS) -o $@ $^ -lkeyutils -lresolv

HELPERS += $(BUILD)/helpers/dns_resolver
