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

# Build order: the extension, then the libraries lowest layer first (each
# folder's Makefile says what it is), then the programs that link them.
BUILD_DIRS = extension common driver/probe driver/rest driver nicfix sim

export SANITIZE

.PHONY: all install deps check installcheck bench demo fuzz clean $(BUILD_DIRS)

all: $(BUILD_DIRS)

$(BUILD_DIRS):
	$(MAKE) -C $@

# Each library before what links it.
driver/probe driver/rest nicfix sim: common
driver: driver/probe driver/rest

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
	@API=$(or $(API),3) bash demo/run-demo.sh

fuzz: deps
	$(MAKE) all
	$(MAKE) -C test fuzz

clean:
	@for d in $(BUILD_DIRS) test; do $(MAKE) -C $$d clean; done
	rm -rf build
