# keyutils' own test suite, stock /sbin/request-key vs the broker bind-mounted
# over it (tests/keyutils/README.md). Needs root, the network for the first
# `apt-get source keyutils` (cached in $UB_CACHE), and a kernel with keys.
# Not in CHECK_TARGETS: check-all runs it.
check-keyutils: broker
	bash tests/keyutils/run-suite.sh $(BUILD)
