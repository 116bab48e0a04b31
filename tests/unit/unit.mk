# cmocka unit tests: tests/unit/test_*.c, each linked against libbroker.a.
# check-unit runs every binary and fails if any fails (all are run, so one
# failure does not hide another).
UNIT_TESTS := $(patsubst tests/unit/broker/%.c,$(BUILD)/tests/unit/%,$(wildcard tests/unit/broker/test_*.c))

$(BUILD)/tests/unit/%: tests/unit/broker/%.c $(wildcard tests/unit/*.h) $(BUILD)/libbroker.a $(BUILD)/libcommon.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(BROKER_INC) -Itests/unit -DDATA_DIR='"$(abspath tests/unit/data)"' $(LDFLAGS) -o $@ $< \
		$(BUILD)/libbroker.a $(BUILD)/libcommon.a $(BROKER_LIBS) -lcmocka

check-unit: $(UNIT_TESTS)
	@fail=0; for t in $(UNIT_TESTS); do echo "== $$t"; $$t || { echo "FAILED: $$t"; fail=1; }; done; exit $$fail

CHECK_TARGETS += check-unit
