# nfsdcltrack drop-in. The parsers of kernel/container input are pure
# sources shared with the unit tests and fuzzers.
CLTRACK_PURE := helpers/nfsdcltrack/cltrack_hex.c helpers/nfsdcltrack/cltrack_time.c \
	helpers/nfsdcltrack/cltrack_nfsconf.c
CLTRACK_SRCS := $(CLTRACK_PURE) helpers/nfsdcltrack/cltrack_db.c helpers/nfsdcltrack/storage.c \
	helpers/common/rootfs.c helpers/common/hlog.c helpers/common/caps.c
$(BUILD)/helpers/nfsdcltrack: helpers/nfsdcltrack/main.c $(CLTRACK_SRCS) $(wildcard helpers/nfsdcltrack/*.h helpers/common/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ helpers/nfsdcltrack/main.c $(CLTRACK_SRCS) -lsqlite3 -lcap
HELPERS += $(BUILD)/helpers/nfsdcltrack
