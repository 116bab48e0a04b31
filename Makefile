# upcall-broker: the whole build, one non-recursive Makefile. Everything
# builds into $(BUILD)/; objects into $(BUILD)/obj/<program or library>/
# with their -MMD dependency files.
#
#   make                 broker, request-key name, helpers
#   make check           unit tests + integration tests on this machine's kernel (root)
#   make check-keyutils  keyutils' own test suite against the broker
#   make check-all       check, valgrind, ASan/UBSan, keyutils' suite, fuzzers
#   make fuzz            every libFuzzer target for FUZZ_SECONDS each
#   make kernel-check    patched 6.12 kernel under QEMU (NFS in containers)
#   make kernel-bench    the keys scaling series on 6.12 unpatched and patched under QEMU
#   make install         PREFIX=/usr/local DESTDIR=  (never replaces /sbin/request-key)
#   make uninstall       what make install put there (its manifest)
#   make check-package   the Debian package and make install/uninstall (root)
#   make check-lsm       build the SELinux module and the AppArmor profile
#
# No rule lists source files: a program is its directories' *.c (minus
# exclusions), so new and renamed files build without editing this file.
#   new source       put it in the program's directory (lib/ for shared code)
#   new unit test    tests/unit/<component>/test_<x>.c   (component: lib, broker, a helper)
#   new fuzzer       <component dir>/fuzz/fuzz_<x>.c, seeds in <dir>/fuzz/seeds/<x>/
#   new test program tests/integration/<x>.c (list it in STATIC_TEST_PROGS if it
#                    runs inside containers)
#   new bench tool   bench/<x>.c
#   new helper       helpers/<name>/ with main.c, plus one `$(eval $(call helper,...))`

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

FUZZ_SECONDS ?= 20
FUZZ_CC := clang -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined

all: broker helpers

.PHONY: all broker helpers check check-all check-unit check-integration check-keyutils check-compat \
	check-valgrind check-sanitize check-dns check-nfsidmap check-nfsdcltrack \
	fuzz fuzz-nfs kernel-check kernel-bench kernel-series bench demo install uninstall clean \
	check-package check-lsm

# ---------------------------------------------------------------------------
# Link styles. Every program names one as <program>_LINK; it selects how its
# objects are compiled (COMPILE_<style>) and how it is linked (LINK_<style>).
#   pie         ordinary programs on the host
#   static-pie  helpers: exec=host runs the host's file inside the container's
#               root (broker/enter/host_program.c), where no
#               host library or loader may be looked up. Sanitizer builds stay
#               dynamic (ASan has no static runtime) and are only run from the
#               host's paths.
#   static      test programs that run inside containers: without sanitizer
#               (no static runtime), plain -static
#   fuzz        libFuzzer targets (clang, ASan/UBSan)
COMPILE_pie        := $(CC) $(CFLAGS)
COMPILE_static-pie := $(CC) $(CFLAGS)
COMPILE_static     := $(CC) $(filter-out -fsanitize=%,$(CFLAGS))
COMPILE_fuzz       := $(FUZZ_CC)
LINK_pie           := $(CC) $(LDFLAGS)
ifeq ($(SANITIZE),1)
LINK_static-pie    := $(CC) $(LDFLAGS)
else
LINK_static-pie    := $(CC) $(filter-out -pie,$(LDFLAGS)) -static-pie
endif
LINK_static        := $(CC) -static
LINK_fuzz          := $(FUZZ_CC)

# ---------------------------------------------------------------------------
# Templates.

# $(call objects,VARIANT,SOURCES,COMPILE): $(BUILD)/obj/VARIANT/<source>.o for
# each source, compiled by COMPILE with -MMD -MP.
define objects
ifneq ($(strip $(2)),)
$(patsubst %.c,$(BUILD)/obj/$(1)/%.o,$(2)): $(BUILD)/obj/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	$(3) -MMD -MP -c -o $$@ $$<
DEPFILES += $(patsubst %.c,$(BUILD)/obj/$(1)/%.d,$(2))
endif
endef

# $(call library,NAME,SOURCES,COMPILE): the archive $(BUILD)/obj/NAME.a of
# SOURCES' objects (programs link it; the linker takes only what they use).
define library
$(call objects,$(1),$(2),$(3))
$(BUILD)/obj/$(1).a: $(patsubst %.c,$(BUILD)/obj/$(1)/%.o,$(2))
	@mkdir -p $$(@D)
	rm -f $$@ && ar rcs $$@ $$^
endef

# $(call program,P) from these variables:
#   P_OUT     the binary
#   P_SRCS    its sources; P_MAIN the one with main(), the others go into
#             the archive $(BUILD)/obj/P.a (which unit tests and fuzzers link)
#   P_CFLAGS  extra compiler flags (include directories, defines)
#   P_LINK    link style (above)
#   P_USES    libraries (archives $(BUILD)/obj/<name>.a) linked after P's own
#   P_LIBS    system libraries
define program
$(call objects,$(1),$($(1)_MAIN),$(COMPILE_$($(1)_LINK)) $($(1)_CFLAGS))
$(if $(filter-out $($(1)_MAIN),$($(1)_SRCS)),$(call library,$(1),$(filter-out $($(1)_MAIN),$($(1)_SRCS)),$(COMPILE_$($(1)_LINK)) $($(1)_CFLAGS)))
$($(1)_OUT): $(patsubst %.c,$(BUILD)/obj/$(1)/%.o,$($(1)_MAIN)) \
		$(if $(filter-out $($(1)_MAIN),$($(1)_SRCS)),$(BUILD)/obj/$(1).a) \
		$(patsubst %,$(BUILD)/obj/%.a,$($(1)_USES))
	@mkdir -p $$(@D)
	$(LINK_$($(1)_LINK)) -o $$@ $$^ $($(1)_LIBS)
	$(if $($(1)_MODE),chmod $($(1)_MODE) $$@)
endef

# $(call single,P,SOURCE,OUT,LINK,LIBS,CFLAGS,USES): the variables of a
# program P made of one source file.
define single
$(1)_SRCS   := $(2)
$(1)_MAIN   := $(2)
$(1)_OUT    := $(3)
$(1)_LINK   := $(4)
$(1)_LIBS   := $(5)
$(1)_CFLAGS := $(6)
$(1)_USES   := $(7)
endef
# $(call singles,P,SOURCE,...): define a one-source program P at once.
singles = $(eval $(call single,$(1),$(2),$(3),$(4),$(5),$(6),$(7)))$(eval $(call program,$(1)))
# $(call stem,path/x.c): x
stem = $(basename $(notdir $(1)))

# $(call helper,NAME,LINK,LIBS,EXTRA_CFLAGS,EXCLUDED_SOURCES[,DIR]): the helper
# $(BUILD)/helpers/NAME from helpers/DIR/*.c (DIR defaults to NAME) and lib/.
define helper
$(1)_DIR    := helpers/$(or $(6),$(1))
$(1)_SRCS   := $$(filter-out $(5),$$(wildcard $$($(1)_DIR)/*.c))
$(1)_MAIN   := $$($(1)_DIR)/main.c
$(1)_OUT    := $(BUILD)/helpers/$(1)
$(1)_CFLAGS := -I$$($(1)_DIR) -Ilib $(4)
$(1)_LINK   := $(2)
$(1)_LIBS   := $(3)
$(1)_USES   := lib
# exec=host runs the static ones from the host's file only if the container
# cannot read it (broker/enter/host_overlay.c): root's alone.
$(1)_MODE   := $(if $(filter static-pie,$(2)),0711)
HELPERS     += $(BUILD)/helpers/$(1)
COMPONENTS  += $(1)
endef

# ---------------------------------------------------------------------------
# lib/: what the broker and the helpers share (one archive, $(BUILD)/obj/lib.a).
lib_SRCS   := $(wildcard lib/*.c)
lib_CFLAGS := -Ilib
lib_LIBS   := -lkeyutils -lcap
$(eval $(call library,lib,$(lib_SRCS),$(COMPILE_pie) $(lib_CFLAGS)))
COMPONENTS := lib

# The broker's stages: front/ (who asks), rules/ (request-key.conf),
# find/ (which container), enter/ (run the helper inside it); every
# directory of broker/ but fuzz/ is a stage.
BROKER_DIRS   := $(filter-out broker/fuzz,$(patsubst %/,%,$(wildcard broker/*/)))
broker_SRCS   := $(wildcard $(addsuffix /*.c,$(BROKER_DIRS)))
broker_MAIN   := broker/front/main.c
broker_OUT    := $(BUILD)/upcall-broker
broker_CFLAGS := $(addprefix -I,$(BROKER_DIRS)) -Ilib
# static-pie: a dynamic broker spent a third of its CPU time in ld.so, and
# its start-up was ~1 ms of every upcall (bench/README.md); helpers already
# link this way.
broker_LINK   := static-pie
broker_LIBS   := -lkeyutils -lcap
broker_USES   := lib
COMPONENTS    += broker
$(eval $(call program,broker))

# The kernel runs /sbin/request-key by name; the same program answers to it.
$(BUILD)/request-key: $(BUILD)/upcall-broker
	ln -f $< $@

broker: $(BUILD)/upcall-broker $(BUILD)/request-key

# The helpers (doc/helpers.md).
HELPERS :=
$(eval $(call helper,dns_resolver,static-pie,-lkeyutils -lresolv))
# nfsidmap: for a container's own use, with libnfsidmap and its plugins.
$(eval $(call helper,nfsidmap,pie,-lnfsidmap -lkeyutils -lcap))
# nfsidmap-static: for exec=host (run from a memfd inside the container), the
# built-in engine only: libnfsidmap's plugins cannot be loaded there.
$(eval $(call helper,nfsidmap-static,static-pie,-lkeyutils -lcap,-DIDMAP_BUILTIN_ONLY,helpers/nfsidmap/mapper_libnfsidmap.c,nfsidmap))
$(eval $(call helper,nfsdcltrack,pie,-lsqlite3 -lcap))
$(foreach h,$(filter-out lib broker,$(COMPONENTS)),$(eval $(call program,$(h))))

helpers: $(HELPERS)

# ---------------------------------------------------------------------------
# Unit tests (cmocka): tests/unit/<component>/test_<x>.c becomes
# $(BUILD)/tests/unit/<component>/test_<x>, linked against the component's
# archive and lib/. check-unit runs them all, and all of them run even when
# one fails, so one failure does not hide another.
UNIT_DIRS   := $(sort $(patsubst tests/unit/%/,%,$(dir $(wildcard tests/unit/*/test_*.c))))
UNIT_CFLAGS := -Itests/unit -DDATA_DIR='"$(abspath tests/unit/data)"'
$(foreach d,$(UNIT_DIRS),$(if $(filter $(d),$(COMPONENTS)),,$(error tests/unit/$(d): no component $(d) (one of: $(COMPONENTS)))))
# $(call unit_test,COMPONENT,SOURCE)
unit_test = $(call singles,unit/$(1)/$(call stem,$(2)),$(2),$(BUILD)/tests/unit/$(1)/$(call stem,$(2)),pie,\
	$($(1)_LIBS) -lcmocka,$($(1)_CFLAGS) $(UNIT_CFLAGS),$(filter-out lib,$(1)) lib)
$(foreach d,$(UNIT_DIRS),$(foreach t,$(wildcard tests/unit/$(d)/test_*.c),$(call unit_test,$(d),$(t))))
# $(call unit_tests,COMPONENT): its unit test binaries
unit_tests = $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(wildcard tests/unit/$(1)/test_*.c))
UNIT_TESTS := $(foreach d,$(UNIT_DIRS),$(call unit_tests,$(d)))

# $(call run_units,BINARIES)
run_units = @fail=0; for t in $(1); do echo "== $$t"; $$t || { echo "FAILED: $$t"; fail=1; }; done; exit $$fail
check-unit: $(UNIT_TESTS)
	$(call run_units,$(UNIT_TESTS))
# check-unit-<component>: that component's unit tests only.
$(foreach d,$(UNIT_DIRS),$(eval check-unit-$(d): $(call unit_tests,$(d)) ; $$(call run_units,$(call unit_tests,$(d)))))
.PHONY: $(addprefix check-unit-,$(UNIT_DIRS))

# ---------------------------------------------------------------------------
# Test programs: tests/integration/<x>.c becomes $(BUILD)/tests/<x>. nsrun
# and memfd_exec (lib.sh's exec=host stand-in) run on the host; the static
# ones run in containers (exec=host rules run a sealed memfd copy inside the
# container).
STATIC_TEST_PROGS := hold hostprobe seccomp_init fuse_noread keyctl_fusemem xattr
# $(call test_program,SOURCE)
test_program = $(call singles,tests/$(call stem,$(1)),$(1),$(BUILD)/tests/$(call stem,$(1)),\
	$(if $(filter $(call stem,$(1)),$(STATIC_TEST_PROGS)),static,pie))
TEST_SRCS  := $(wildcard tests/integration/*.c)
TEST_PROGS := $(patsubst tests/integration/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
$(foreach s,$(TEST_SRCS),$(call test_program,$(s)))

# Benchmark programs: bench/<x>.c becomes $(BUILD)/bench/<x>.
BENCH_SRCS  := $(wildcard bench/*.c)
BENCH_PROGS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
$(foreach s,$(filter-out bench/floor.c,$(BENCH_SRCS)),$(call singles,bench/$(call stem,$(s)),$(s),$(BUILD)/bench/$(call stem,$(s)),pie,-lkeyutils))
# floor -m makes exec=host's executable with the broker's own code.
$(call singles,bench/floor,bench/floor.c,$(BUILD)/bench/floor,pie,-lkeyutils -lcap,-Ibroker/enter -Ilib,broker lib)

# ---------------------------------------------------------------------------
# libFuzzer targets, one per parser of input a container controls. Each
# component's non-main sources are also compiled with FUZZ_CC into
# $(BUILD)/obj/fuzz/<component>.a; a fuzzer links that, the fuzz lib.a and the
# component's libraries, and the linker pulls only what the parser uses.
$(foreach c,$(COMPONENTS),$(eval $(call library,fuzz/$(c),$(filter-out $($(c)_MAIN),$($(c)_SRCS)),$(FUZZ_CC) $($(c)_CFLAGS))))

# $(call fuzzers,GROUP,COMPONENT,DIR): every DIR/fuzz_<x>.c becomes
# $(BUILD)/fuzz/GROUP_<x>; `make fuzz-GROUP` runs each for FUZZ_SECONDS on a
# scratch corpus seeded from DIR/seeds/<x>/, so the tree stays clean.
define fuzzers
FUZZ_$(1) := $(patsubst $(3)/fuzz_%.c,%,$(wildcard $(3)/fuzz_*.c))
$$(foreach x,$$(FUZZ_$(1)),$$(call singles,fuzz/$(1)_$$(x),$(3)/fuzz_$$(x).c,$(BUILD)/fuzz/$(1)_$$(x),fuzz,\
	$($(2)_LIBS),$($(2)_CFLAGS),$(filter-out fuzz/lib,fuzz/$(2)) fuzz/lib))
fuzz-$(1): $$(patsubst %,$(BUILD)/fuzz/$(1)_%,$$(FUZZ_$(1)))
	@set -o pipefail; for f in $$(FUZZ_$(1)); do \
		c=$(BUILD)/fuzz/corpus-$(1)_$$$$f; mkdir -p $$$$c; \
		cp -n $(3)/seeds/$$$$f/* $$$$c/ 2>/dev/null || true; \
		echo "== $(1)_$$$$f ($$(FUZZ_SECONDS) s)"; \
		$(BUILD)/fuzz/$(1)_$$$$f -max_total_time=$$(FUZZ_SECONDS) -max_len=4096 \
			-artifact_prefix=$(BUILD)/fuzz/ $$$$c 2>&1 | tail -2 || exit 1; \
	done
.PHONY: fuzz-$(1)
FUZZ_TARGETS += fuzz-$(1)
endef
FUZZ_TARGETS :=
$(eval $(call fuzzers,broker,broker,broker/fuzz))
$(eval $(call fuzzers,lib,lib,lib/fuzz))
$(eval $(call fuzzers,dns,dns_resolver,helpers/dns_resolver/fuzz))
$(eval $(call fuzzers,nfsidmap,nfsidmap,helpers/nfsidmap/fuzz))
$(eval $(call fuzzers,nfsdcltrack,nfsdcltrack,helpers/nfsdcltrack/fuzz))
fuzz: $(FUZZ_TARGETS)
# fuzz-nfs: both NFS helpers' fuzzers.
fuzz-nfs: fuzz-nfsidmap fuzz-nfsdcltrack

# ---------------------------------------------------------------------------
# Running tests. Every test script runs through run_script: UB_BUILD points
# at this build, the noise of keyctl's "Joined session keyring" and of bash
# reporting killed background jobs is dropped, and the status is the script's.
STDERR_FILTER := grep -v 'Killed\|^Joined session keyring'
# $(call run_script,SCRIPT[,TIMEOUT])
run_script = ( set -o pipefail; UB_BUILD=$(abspath $(BUILD)) $(if $(2),timeout $(2)) bash $(1) 2>&1 | { $(STDERR_FILTER) || true; } )

# Integration tests: the real kernel of this machine, real upcalls, throwaway
# containers. Need root. Each t_*.sh restores /sbin/request-key itself.
# t_dns, t_nfsidmap and t_nfsdcltrack run from their helper's check target.
INTEGRATION_TESTS := $(filter-out %/t_dns.sh %/t_nfsidmap.sh %/t_nfsdcltrack.sh,$(sort $(wildcard tests/integration/t_*.sh)))
check-integration: broker helpers $(TEST_PROGS)
	@fail=0; for t in $(INTEGRATION_TESTS); do \
		echo "== $$t"; \
		$(call run_script,$$t,600) || { echo "FAILED: $$t"; fail=1; }; \
	done; exit $$fail

# The helpers' checks: their unit tests, then their integration test (dns:
# two containers with their own dnsmasq; nfsidmap: two unshare containers;
# nfsdcltrack: both directions against Debian's binary, legacy directories,
# exec=host, the broker's usermode-helper front; each directly, then through
# the kernel and the broker).
check-dns: all check-unit-dns_resolver $(BUILD)/tests/nsrun $(BUILD)/tests/memfd_exec
	@$(call run_script,tests/integration/t_dns.sh,300)
check-nfsidmap: all check-unit-nfsidmap $(BUILD)/tests/nsrun $(BUILD)/tests/memfd_exec
	@$(call run_script,tests/integration/t_nfsidmap.sh,300)
check-nfsdcltrack: all check-unit-nfsdcltrack $(BUILD)/tests/nsrun $(BUILD)/tests/memfd_exec
	@$(call run_script,tests/integration/t_nfsdcltrack.sh,300)

check: all check-unit check-integration check-dns check-nfsdcltrack check-nfsidmap

# keyutils' own test suite, stock /sbin/request-key vs the broker bind-mounted
# over it (tests/keyutils/README.md). Needs root, the network for the first
# `apt-get source keyutils` (cached in $UB_CACHE), and a kernel with keys.
# Not in check: check-all runs it.
check-keyutils: broker
	bash tests/keyutils/run-suite.sh $(BUILD)

# Every unit test under ASan/UBSan, with the broker's integration tests; then
# every unit test and a broker dry run under valgrind (Debian 12's valgrind
# 3.19 does not know pidfd_open, so the pidfd paths are covered by the
# sanitizer run only). Sanitizer reports of kernel-started brokers land in
# /run/upcall-broker-sanitizer (they have no stderr): any file there fails.
SAN_DIR := /run/upcall-broker-sanitizer
check-sanitize:
	rm -rf $(SAN_DIR) && mkdir -p -m 700 $(SAN_DIR)
	$(MAKE) BUILD=$(BUILD)-asan SANITIZE=1 check-unit check-integration
	@if ls $(SAN_DIR)/* >/dev/null 2>&1; then cat $(SAN_DIR)/*; echo "sanitizer reports above"; exit 1; fi

VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
# The broker is static-pie, and valgrind can follow neither a static glibc's
# malloc nor its internals: its dry run is checked on a dynamic link of the
# very same objects.
$(BUILD)/tests/upcall-broker-dynamic: $(BUILD)/obj/broker/broker/front/main.o $(BUILD)/obj/broker.a $(BUILD)/obj/lib.a
	@mkdir -p $(@D)
	$(LINK_pie) -o $@ $^ $(broker_LIBS)
check-valgrind: $(UNIT_TESTS) broker $(BUILD)/tests/upcall-broker-dynamic
	@fail=0; for t in $(UNIT_TESTS); do echo "== valgrind $$t"; $(VALGRIND) $$t >/dev/null || { echo "FAILED: $$t"; fail=1; }; done; \
	$(VALGRIND) $(BUILD)/tests/upcall-broker-dynamic -d -D debug:loop:1 create 0 0 0 0 0 0 >/dev/null 2>&1 || { echo "FAILED: broker dry run"; fail=1; }; \
	exit $$fail

# Everything CI runs but the patched kernel (.ci/run runs kernel-check).
# Drop-in compatibility: each helper against the stock tool it replaces,
# same requests, same namespace and files (tests/compat/t_*.sh). Needs
# root; installs what it compares against. Not in check: check-all runs it.
COMPAT_TESTS := $(sort $(wildcard tests/compat/t_*.sh))
check-compat: all $(TEST_PROGS)
	@fail=0; for t in $(COMPAT_TESTS); do \
		echo "== $$t"; \
		$(call run_script,$$t,900) || { echo "FAILED: $$t"; fail=1; }; \
	done; exit $$fail

check-all: check check-valgrind check-sanitize check-keyutils check-compat fuzz

# The Linux 6.12 series (kernel-patch/) and its QEMU harness (tests/kernel/).
#   make kernel-check    build 6.12 unpatched and patched (cached under
#                        $UB_CACHE, default /var/tmp/upcall-broker-cache),
#                        boot both under QEMU, run the container scenarios
#                        and print the table; fails unless the patched
#                        kernel passes them
#   make kernel-series   git am + checkpatch --strict + build at every step
kernel-check: all
	bash tests/kernel/kernel-check.sh

#   make kernel-bench    the same kernels and boot: a container upcall's
#                        latency with 0/1k/10k/50k keys in /proc/keys in
#                        each guest, as ratios (bench/README.md); writes
#                        $(BUILD)/bench/kernel-results.md. Not in CI.
kernel-bench: all $(BUILD)/bench/reqloop $(BUILD)/bench/keyfill $(BUILD)/bench/keyread
	UB_BUILD=$(abspath $(BUILD)) bash tests/kernel/kernel-bench.sh

kernel-series:
	bash kernel-patch/check-series.sh

# Upcall latencies as ratios to baselines measured in the same run (root);
# bench/capture is the stand-in for a patched kernel in capture mode.
# BENCH_QUICK=1 make bench: a 1-2 minute run; results in $(BUILD)/bench/results.md
bench: all $(BENCH_PROGS) $(BUILD)/tests/nsrun
	@$(call run_script,bench/run.sh)

demo: all $(BUILD)/tests/nsrun
	./demo/run

# ---------------------------------------------------------------------------
# make install PREFIX=/usr/local DESTDIR=: the broker, upcall-broker-switch,
# the helpers, man pages, and the request-key.d/umh.conf examples (with
# their paths rewritten for PREFIX). It never replaces /sbin/request-key:
# `upcall-broker-switch enable` does. Every path it creates is recorded in
# $(PREFIX)/share/upcall-broker/install-manifest (MANIFEST= for none), which
# `make uninstall` removes exactly; uninstall refuses while the broker is the
# system's request-key. scripts/install-tree has both lists.
MANIFEST ?= $(PREFIX)/share/upcall-broker/install-manifest
INSTALL_ENV = BUILD=$(BUILD) PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) MANIFEST=$(MANIFEST) HELPERS="$(HELPERS)"
install: all
	$(INSTALL_ENV) sh scripts/install-tree install

uninstall:
	$(INSTALL_ENV) sh scripts/install-tree uninstall

# The Debian package (debian/), built and installed into a fresh Debian 12
# rootfs, a real upcall through it, purged, twice; and make install/uninstall
# into a DESTDIR with its refusals (tests/package/). Root; the first run
# builds the rootfs with mmdebstrap (cached under $$UB_CACHE).
check-package: all
	@$(call run_script,tests/package/t_uninstall.sh,600)
	@$(call run_script,tests/package/t_package.sh,2400)

# The SELinux policy module and AppArmor profile (dist/), build-tested only:
# this machine enforces neither.
check-lsm:
	bash dist/check-lsm.sh

clean:
	rm -rf $(BUILD)

# The objects' header dependencies (written by -MMD on their first build).
include $(wildcard $(DEPFILES))
