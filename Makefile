# rdr: disaster-recovery failover for RHEV 3.0 / oVirt.
#
# The thin top-level makefile: every real rule lives in a sub-directory.
#   make            build everything
#   make install    install the extension (and the programs) system-wide
#   make check      install missing packages, build, run every test
#   make demo       a full failover of the seed's environment on this machine
#   make bench      benchmarks; results in bench/results.json
#   make fuzz       longer fuzzing runs of every parser
# SANITIZE=1 builds and tests everything under ASan + UBSan.

TOP := $(CURDIR)
include mk/version.mk

# Build order: the extension, then the driver library and programs, then the
# tools that link the library.
BUILD_DIRS = $(patsubst %/Makefile,%,$(wildcard extension/Makefile \
	driver/Makefile nicfix/Makefile test/sim/Makefile))

export SANITIZE

.PHONY: all install deps check installcheck bench demo fuzz clean $(BUILD_DIRS)

all: $(BUILD_DIRS)

$(BUILD_DIRS):
	$(MAKE) -C $@

# The driver library must exist before anything that links it.
nicfix test/sim: driver

deps:
	@sh mk/install-deps.sh

install: all
	@for d in $(BUILD_DIRS); do $(MAKE) -C $$d install || exit 1; done

# The tests run the extension from a private PostgreSQL installation in
# build/ (mk/pg-stage.sh), never from the system's: nothing is installed.
check: deps
	$(MAKE) all
	$(MAKE) -C test check

installcheck: check

bench: deps
	$(MAKE) all
	$(MAKE) -C test bench
	@echo "bench: results in bench/results.json"; cat bench/results.json

demo: deps
	$(MAKE) all
	@bash test/demo/run-demo.sh

fuzz: deps
	$(MAKE) all
	$(MAKE) -C test fuzz

clean:
	@for d in $(BUILD_DIRS) test; do $(MAKE) -C $$d clean; done
	rm -rf build
