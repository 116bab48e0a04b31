# upcall-broker top-level build. Each part owns a fragment (*.mk) so the
# parts can change independently; everything builds into build/.
#
#   make                 broker, request-key name, helpers
#   make check           unit tests + integration tests on this machine's kernel
#   make check-keyutils  keyutils' own test suite against the broker
#   make kernel-check    patched 6.12 kernel under QEMU (NFS in containers)
#   make install         PREFIX=/usr/local DESTDIR=  (never replaces /sbin/request-key)

SHELL   := /bin/bash
CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
SANITIZE ?=
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
	   -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	   -fstack-protector-strong -D_FORTIFY_SOURCE=2 -D_GNU_SOURCE -fPIE
LDFLAGS += -pie -Wl,-z,relro,-z,now
ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -O1
LDFLAGS += -fsanitize=address,undefined
endif

all: broker helpers

.PHONY: all check check-all check-unit check-integration check-keyutils kernel-check \
	install clean broker helpers bench demo fuzz

include broker/broker.mk
-include helpers/helpers.mk
include tests/tests.mk
-include kernel-patch/kernel.mk
-include bench/bench.mk

# Everything CI runs: CHECK_ALL_EXTRA collects the fuzzers (fuzz-*) and the
# patched-kernel run (kernel-check) from the parts that define them.
check-all: check check-valgrind check-sanitize check-keyutils $(CHECK_ALL_EXTRA)

$(BUILD)/%/.dir:
	@mkdir -p $(dir $@) && touch $@

demo: all $(BUILD)/tests/nsrun
	./demo/run

clean:
	rm -rf $(BUILD)
