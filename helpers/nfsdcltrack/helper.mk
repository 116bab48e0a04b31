# nfsdcltrack drop-in. The parsers of kernel/container input are pure
# sources shared with the unit tests and fuzzers.
CLTRACK_PURE := helpers/nfsdcltrack/hex.c helpers/nfsdcltrack/timestamp.c \
	helpers/nfsdcltrack/nfs_conf.c lib/conffile.c lib/line_reader.c
CLTRACK_SRCS := $(CLTRACK_PURE) helpers/nfsdcltrack/db.c helpers/nfsdcltrack/storage.c \
	$(BUILD)/libcommon.a
$(BUILD)/helpers/nfsdcltrack: helpers/nfsdcltrack/main.c $(CLTRACK_SRCS) $(wildcard helpers/nfsdcltrack/*.h lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ilib $(LDFLAGS) -o $@ helpers/nfsdcltrack/main.c $(CLTRACK_SRCS) -lsqlite3 -lcap
HELPERS += $(BUILD)/helpers/nfsdcltrack
