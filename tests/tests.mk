# Test entry points. Fragments: tests/unit/unit.mk, tests/integration/integration.mk,
# tests/keyutils/keyutils.mk (each optional while parts are being built).
CHECK_TARGETS :=
-include tests/unit/unit.mk
-include tests/integration/integration.mk
-include tests/keyutils/keyutils.mk
-include $(sort $(wildcard helpers/*/tests.mk))

check: all $(CHECK_TARGETS)

