# The Linux 6.12 series (kernel-patch/) and its QEMU harness (tests/kernel/).
#
#   make kernel-check    build 6.12 unpatched and patched (cached under
#                        $UB_CACHE, default /var/tmp/upcall-broker-cache),
#                        boot both under QEMU, run the container scenarios
#                        and print the table; fails unless the patched
#                        kernel passes them
#   make kernel-series   git am + checkpatch --strict + build at every step
.PHONY: kernel-check kernel-series
kernel-check: all
	bash tests/kernel/kernel-check.sh

kernel-series:
	bash kernel-patch/check-series.sh
