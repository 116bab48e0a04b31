# nfsidmap-compatible id_resolver helper. The parsers and the built-in
# mapping engine are pure sources shared with the unit tests and fuzzers.
IDMAP_PURE := helpers/idmapper/idmap_desc.c helpers/idmapper/idmap_conf.c \
	helpers/idmapper/pwdb.c helpers/idmapper/idmap_engine.c helpers/idmapper/keyring_desc.c
IDMAP_SRCS := $(IDMAP_PURE) helpers/idmapper/mapper_builtin.c helpers/idmapper/mapper_libnfsidmap.c \
	helpers/idmapper/keyring_ops.c helpers/common/rootfs.c helpers/common/hlog.c helpers/common/caps.c
$(BUILD)/helpers/nfsidmap: helpers/idmapper/main.c $(IDMAP_SRCS) $(wildcard helpers/idmapper/*.h helpers/common/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(HELPER_STATIC_LDFLAGS) -o $@ helpers/idmapper/main.c $(IDMAP_SRCS) -lnfsidmap -lkeyutils -lcap -ldl
HELPERS += $(BUILD)/helpers/nfsidmap
