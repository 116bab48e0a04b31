# nfsidmap-compatible id_resolver helper. The parsers and the built-in
# mapping engine are pure sources shared with the unit tests and fuzzers.
IDMAP_PURE := helpers/nfsidmap/desc.c helpers/nfsidmap/idmapd_conf.c \
	helpers/nfsidmap/pwdb.c helpers/nfsidmap/engine.c helpers/nfsidmap/keyring_desc.c \
	lib/conffile.c lib/line_reader.c
IDMAP_SRCS := $(IDMAP_PURE) helpers/nfsidmap/mapper_builtin.c helpers/nfsidmap/mapper_libnfsidmap.c \
	helpers/nfsidmap/keyring_ops.c $(BUILD)/libcommon.a
# nfsidmap: for a container's own use, with libnfsidmap and its plugins.
$(BUILD)/helpers/nfsidmap: helpers/nfsidmap/main.c $(IDMAP_SRCS) $(wildcard helpers/nfsidmap/*.h lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ilib $(LDFLAGS) -o $@ helpers/nfsidmap/main.c $(IDMAP_SRCS) -lnfsidmap -lkeyutils -lcap
# nfsidmap-static: for exec=host (run from a memfd inside the container),
# the built-in engine only: libnfsidmap's plugins cannot be loaded there.
$(BUILD)/helpers/nfsidmap-static: helpers/nfsidmap/main.c $(IDMAP_SRCS) $(wildcard helpers/nfsidmap/*.h lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ilib -DIDMAP_BUILTIN_ONLY $(HELPER_STATIC_LDFLAGS) -o $@ helpers/nfsidmap/main.c \
		$(filter-out helpers/nfsidmap/mapper_libnfsidmap.c,$(IDMAP_SRCS)) -lkeyutils -lcap
HELPERS += $(BUILD)/helpers/nfsidmap $(BUILD)/helpers/nfsidmap-static
