# common.mk: compiler settings shared by every C program of rdr.
#
# Included by common/, driver/, nicfix/, sim/ and test/*/ makefiles (not by
# extension/, which uses PGXS).  TOP must be set by the includer to the
# repository root.

include $(TOP)/mk/version.mk

CC ?= gcc
PG_CONFIG ?= pg_config
PKG_CONFIG ?= pkg-config

# Where make install puts the programs.  rdr-failover runs rdr-nicfix, as
# root, by this absolute path (RDR_BINDIR), never through PATH; a change
# of prefix or bindir rebuilds the objects (.build-flags).
prefix ?= /usr/local
bindir ?= $(prefix)/bin

WARNINGS = -Wall -Wextra -Werror -Wmissing-prototypes
CFLAGS_COMMON = -std=gnu11 -O2 -g $(WARNINGS) -D_GNU_SOURCE \
	-DRDR_VERSION=\"$(EXTVERSION)\" -DRDR_BINDIR=\"$(bindir)\"

# make check SANITIZE=1: every program and test under ASan + UBSan.
ifeq ($(SANITIZE),1)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
CFLAGS_COMMON += $(SAN_FLAGS)
LDFLAGS_COMMON += $(SAN_FLAGS)
endif

PQ_CFLAGS = -I$(shell $(PG_CONFIG) --includedir)
PQ_LIBS = -L$(shell $(PG_CONFIG) --libdir) -lpq

# The libraries, lowest layer first; each layer sees only the headers of
# the layers below it (so an upward include does not compile):
#   common/librdrcommon.a       what every program shares
#   driver/probe/librdrprobe.a  storage probing (also rdr-probe)
#   driver/rest/librdrrest.a    the manager's REST API client
#   driver/librdr.a             the failover core (rdr-failover)
INC_COMMON = -I$(TOP)/common
INC_PROBE = $(INC_COMMON) -I$(TOP)/driver/probe
INC_REST = $(INC_COMMON) -I$(TOP)/driver/rest
INC_DRIVER = $(INC_COMMON) -I$(TOP)/driver/probe -I$(TOP)/driver/rest -I$(TOP)/driver

COMMON_LIB = $(TOP)/common/librdrcommon.a
PROBE_LIB = $(TOP)/driver/probe/librdrprobe.a
REST_LIB = $(TOP)/driver/rest/librdrrest.a
CORE_LIB = $(TOP)/driver/librdr.a

# Everything rdr-failover links, and the system libraries those use.
RDR_LIB = $(CORE_LIB)
RDR_PKGS = libcurl libxml-2.0 libssh2 libiscsi blkid json-c libcrypto
RDR_PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(RDR_PKGS))
RDR_PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(RDR_PKGS))
RDR_CFLAGS = $(CFLAGS_COMMON) $(INC_DRIVER) $(PQ_CFLAGS) $(RDR_PKG_CFLAGS)
RDR_LIBS = $(CORE_LIB) $(REST_LIB) $(PROBE_LIB) $(COMMON_LIB) $(PQ_LIBS) \
	$(RDR_PKG_LIBS) -lpthread

CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check)

# Fuzz targets are built with clang's libFuzzer, always with ASan + UBSan.
FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
	-DRDR_VERSION=\"$(EXTVERSION)\" -DRDR_BINDIR=\"$(bindir)\" $(INC_DRIVER)
# Seconds each fuzz target runs in "make check" and in "make fuzz".
FUZZ_CHECK_SECONDS ?= 10
FUZZ_LONG_SECONDS ?= 300
