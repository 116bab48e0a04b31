# The Linux 6.12 series: apply, checkpatch --strict, build at every step.
# (The QEMU harness with NFS in containers, make kernel-check, is not written yet.)
kernel-series:
	bash kernel-patch/check-series.sh
