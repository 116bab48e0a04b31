# The broker's stages: front/ (who asks), rules/ (request-key.conf),
# find/ (which container), enter/ (run the helper inside it).
BROKER_DIRS := broker/front broker/rules broker/find broker/enter
BROKER_INC  := $(addprefix -I,$(BROKER_DIRS)) -Ilib
BROKER_SRCS := $(filter-out broker/front/main.c,$(wildcard $(addsuffix /*.c,$(BROKER_DIRS))))
BROKER_OBJS := $(patsubst broker/%.c,$(BUILD)/obj/broker/%.o,$(BROKER_SRCS))
BROKER_LIBS := -lkeyutils -lcap

# lib/: what the broker and the helpers share.
LIB_OBJS := $(patsubst lib/%.c,$(BUILD)/obj/lib/%.o,$(wildcard lib/*.c))
$(BUILD)/obj/lib/%.o: lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ilib -c -o $@ $<
$(BUILD)/libcommon.a: $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/obj/broker/%.o: broker/%.c $(wildcard broker/*/*.h lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BROKER_INC) -c -o $@ $<

$(BUILD)/libbroker.a: $(BROKER_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/upcall-broker: $(BUILD)/obj/broker/front/main.o $(BUILD)/libbroker.a $(BUILD)/libcommon.a
	$(CC) $(LDFLAGS) -o $@ $^ $(BROKER_LIBS)

# The kernel runs /sbin/request-key by name; the same program answers to it.
$(BUILD)/request-key: $(BUILD)/upcall-broker
	ln -f $< $@

broker: $(BUILD)/upcall-broker $(BUILD)/request-key

install: all
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/man/man8 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/lib/upcall-broker \
		$(DESTDIR)$(PREFIX)/share/doc/upcall-broker/request-key.d
	install -m 755 $(BUILD)/upcall-broker $(DESTDIR)$(PREFIX)/sbin/upcall-broker
	install -d $(DESTDIR)$(PREFIX)/lib/upcall-broker/umh
	ln -sf ../../../sbin/upcall-broker $(DESTDIR)$(PREFIX)/lib/upcall-broker/umh/nfsdcltrack
	install -m 644 doc/examples/umh.conf $(DESTDIR)$(PREFIX)/share/doc/upcall-broker/umh.conf
	sed 's|@PREFIX@|$(PREFIX)|' scripts/upcall-broker-switch >$(DESTDIR)$(PREFIX)/sbin/upcall-broker-switch
	chmod 755 $(DESTDIR)$(PREFIX)/sbin/upcall-broker-switch
	for h in $(HELPERS); do install -m 755 $$h $(DESTDIR)$(PREFIX)/lib/upcall-broker/; done
	for m in man/*.8; do install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man8/; done
	for m in $(wildcard man/*.5); do install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man5/; done
	for c in $(wildcard request-key.d/*.conf); do install -m 644 $$c $(DESTDIR)$(PREFIX)/share/doc/upcall-broker/request-key.d/; done

# One libFuzzer target per parser of /proc text that a container can
# influence (FUZZ_CC and fuzz_run come from helpers/helpers.mk).
BROKER_FUZZERS := proc_keys proc_status cgroup_text
$(BUILD)/fuzz/broker_%: broker/fuzz/fuzz_%.c $(wildcard broker/*/*.[ch])
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BROKER_INC) -o $@ $< $(wildcard broker/*/$*.c) -lkeyutils

fuzz-broker: $(patsubst %,$(BUILD)/fuzz/broker_%,$(BROKER_FUZZERS))
	@$(call fuzz_run,broker,broker,$(BROKER_FUZZERS))
CHECK_ALL_EXTRA += fuzz-broker
