# rdr: disaster-recovery failover for RHEV 3.0 / oVirt.
#
# The thin top-level makefile: every real rule lives in a sub-directory.
#   make            build everything
#   make install    install the extension, the programs and the man pages
#                   (DESTDIR, prefix=/usr/local, bindir, mandir honoured)
#   make deb        Debian packages in build/deb/ (dpkg-buildpackage -b)
#   make rpm        RPM packages in build/rpm/ (rdr.spec, rpmbuild -bb)
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

.PHONY: all install install-man deps check installcheck bench demo fuzz clean \
	deb rpm pkg-src $(BUILD_DIRS)

all: $(BUILD_DIRS)

$(BUILD_DIRS):
	$(MAKE) -C $@

# Each library before what links it.
driver/probe driver/rest nicfix sim: common
driver: driver/probe driver/rest

deps:
	@sh mk/install-deps.sh

prefix ?= /usr/local
mandir ?= $(prefix)/share/man

install: all install-man
	@for d in $(BUILD_DIRS); do $(MAKE) -C $$d install || exit 1; done

install-man:
	install -d $(DESTDIR)$(mandir)/man1
	install -m 644 docs/man/*.1 $(DESTDIR)$(mandir)/man1/

# Packages are built from a copy of the tracked files in build/ (what a
# fresh clone holds, with uncommitted edits), so that neither the packaging
# build nor its clean touches this checkout's build, which the tests use.
PKG_SRC = build/pkg-src/rdr-$(EXTVERSION)

pkg-src:
	@rm -rf build/pkg-src && mkdir -p $(PKG_SRC)
	@git ls-files -z --cached --others --exclude-standard | \
		xargs -0 sh -c 'for f; do [ -e "$$f" ] && printf "%s\0" "$$f"; done' sh | \
		tar --null -T - -cf - | tar -xf - -C $(PKG_SRC)

# dpkg-buildpackage leaves the .debs beside the source directory.
deb: pkg-src
	cd $(PKG_SRC) && dpkg-buildpackage -us -uc -b
	rm -rf build/deb && mkdir -p build/deb
	mv build/pkg-src/*.deb build/pkg-src/*.changes build/pkg-src/*.buildinfo build/deb/
	lintian --fail-on error,warning build/deb/*.changes

# rpmbuild on Debian: see rdr.spec's first comment for the defines.
RPM_DEFS = --define "_topdir $(TOP)/build/rpm" \
	--define "pginstdir $$(dirname $$(pg_config --bindir))" \
	--define "pgsharedir $$(pg_config --sharedir)" \
	--define "debug_package %{nil}" \
	--define "_docdir_fmt %%{NAME}"

rpm: pkg-src
	@v=$$(sed -n 's/^Version:[[:space:]]*//p' rdr.spec); [ "$$v" = "$(EXTVERSION)" ] || \
		{ echo "rdr.spec: Version $$v but mk/version.mk says $(EXTVERSION): update its Version and %changelog" >&2; exit 1; }
	rm -rf build/rpm && mkdir -p build/rpm/SOURCES
	tar -C build/pkg-src -czf build/rpm/SOURCES/rdr-$(EXTVERSION).tar.gz rdr-$(EXTVERSION)
	rpmbuild -bb --nodeps $(RPM_DEFS) rdr.spec
	ls build/rpm/RPMS/*/*.rpm

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
