# Each helper owns helpers/<name>/helper.mk and adds its binary to HELPERS.
HELPERS :=
-include $(sort $(wildcard helpers/*/helper.mk))
helpers: $(HELPERS)
