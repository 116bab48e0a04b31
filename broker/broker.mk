BROKER_SRCS := $(filter-out broker/main.c,$(wildcard broker/*.c))
BROKER_OBJS := $(patsubst broker/%.c,$(BUILD)/obj/broker/%.o,$(BROKER_SRCS))
BROKER_LIBS := -lkeyutils -lcap -lmount

$(BUILD)/obj/broker/%.o: broker/%.c $(wildcard broker/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libbroker.a: $(BROKER_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/upcall-broker: $(BUILD)/obj/broker/main.o $(BUILD)/libbroker.a
	$(CC) $(LDFLAGS) -o $@ $^ $(BROKER_LIBS)

# The kernel runs /sbin/request-key by name; the same program answers to it.
$(BUILD)/request-key: $(BUILD)/upcall-broker
	ln -f $< $@

broker: $(BUILD)/upcall-broker $(BUILD)/request-key
