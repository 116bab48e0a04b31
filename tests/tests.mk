# Test entry points. Fragments: tests/unit/unit.mk, tests/integration/integration.mk,
# tests/keyutils/keyutils.mk (each optional while parts are being built).
CHECK_TARGETS :=
-include tests/unit/unit.mk
-include tests/integration/integration.mk
-include tests/keyutils/keyutils.mk
-include $(sort $(wildcard helpers/*/tests.mk))

check: all $(CHECK_TARGETS)


# The broker and the unit tests under ASan/UBSan, then the unit tests and a
# broker dry run under valgrind (Debian 12's valgrind 3.19 does not know
# pidfd_open, so the pidfd paths are covered by the sanitizer run only). Sanitizer reports of kernel-started brokers land in
# /run/upcall-broker-sanitizer (they have no stderr): any file there fails.
SAN_DIR := /run/upcall-broker-sanitizer
check-sanitize:
	rm -rf $(SAN_DIR) && mkdir -p -m 700 $(SAN_DIR)
	$(MAKE) BUILD=$(BUILD)-asan SANITIZE=1 check-unit check-integration
	@if ls $(SAN_DIR)/* >/dev/null 2>&1; then cat $(SAN_DIR)/*; echo "sanitizer reports above"; exit 1; fi

VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
check-valgrind: $(UNIT_TESTS) broker
	@fail=0; for t in $(UNIT_TESTS); do $(VALGRIND) $$t >/dev/null || fail=1; done; \
	$(VALGRIND) $(BUILD)/upcall-broker -d -D debug:loop:1 create 0 0 0 0 0 0 >/dev/null 2>&1 || fail=1; \
	exit $$fail
