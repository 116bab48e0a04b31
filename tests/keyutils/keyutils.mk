check-keyutils: broker
	bash tests/keyutils/run-suite.sh $(BUILD)
