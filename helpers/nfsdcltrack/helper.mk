CLTRACK_SRCS := helpers/nfsdcltrack/cltrack_args.c helpers/nfsdcltrack/cltrack_db.c \
	helpers/common/rootfs.c helpers/common/hlog.c
$(BUILD)/helpers/nfsdcltrack: helpers/nfsdcltrack/main.c $(CLTRACK_SRCS) $(wildcard helpers/nfsdcltrack/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ helpers/nfsdcltrack/main.c $(CLTRACK_SRCS) -lsqlite3 -lcap
HELPERS += $(BUILD)/helpers/nfsdcltrack
