IDMAP_SRCS := helpers/idmapper/idmap_desc.c helpers/idmapper/container_db.c \
	helpers/common/rootfs.c helpers/common/hlog.c
$(BUILD)/helpers/nfsidmap: helpers/idmapper/main.c $(IDMAP_SRCS) $(wildcard helpers/idmapper/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ helpers/idmapper/main.c $(IDMAP_SRCS) -lnfsidmap -lkeyutils -lcap
HELPERS += $(BUILD)/helpers/nfsidmap
