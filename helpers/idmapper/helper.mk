# nfsidmap-compatible id_resolver helper. The parsers and the built-in
# mapping engine are pure sources shared with the unit tests and fuzzers.
IDMAP_PURE := helpers/idmapper/idmap_desc.c helpers/idmapper/idmap_conf.c \
	helpers/idmapper/pwdb.c helpers/idmapper/idmap_engine.c helpers/idmapper/keyring_desc.c
IDMAP_SRCS := $(IDMAP_PURE) helpers/idmapper/mapper_builtin.c helpers/idmapper/mapper_libnfsidmap.c \
	helpers/idmapper/keyring_ops.c helpers/common/rootfs.c helpers/common/hlog.c helpers/common/caps.c
# nfsidmap: for a container's own use, with libnfsidmap and its plugins.
$(BUILD)/helpers/nfsidmap: helpers/idmapper/main.c $(IDMAP_SRCS) $(wildcard helpers/idmapper/*.h helpers/common/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ helpers/idmapper/main.c $(IDMAP_SRCS) -lnfsidmap -lkeyutils -lcap
# nfsidmap-static: for exec=host (run from a memfd inside the container),
# the built-in engine only: libnfsidmap's plugins cannot be loaded there.
$(BUILD)/helpers/nfsidmap-static: helpers/idmapper/main.c $(IDMAP_SRCS) $(wildcard helpers/idmapper/*.h helpers/common/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DIDMAP_BUILTIN_ONLY $(HELPER_STATIC_LDFLAGS) -o $@ helpers/idmapper/main.c \
		$(filter-out helpers/idmapper/mapper_libnfsidmap.c,$(IDMAP_SRCS)) -lkeyutils -lcap
HELPERS += $(BUILD)/helpers/nfsidmap $(BUILD)/helpers/nfsidmap-static
