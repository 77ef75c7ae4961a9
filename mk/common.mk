# common.mk: compiler settings shared by every C program of rdr.
#
# Included by driver/, nicfix/, test/*/ makefiles (not by extension/, which
# uses PGXS).  TOP must be set by the includer to the repository root.

include $(TOP)/mk/version.mk

CC ?= gcc
PG_CONFIG ?= pg_config
PKG_CONFIG ?= pkg-config

WARNINGS = -Wall -Wextra -Werror -Wmissing-prototypes
CFLAGS_COMMON = -std=gnu11 -O2 -g $(WARNINGS) -D_GNU_SOURCE \
	-DRDR_VERSION=\"$(EXTVERSION)\" -I$(TOP)/driver

# make check SANITIZE=1: every program and test under ASan + UBSan.
ifeq ($(SANITIZE),1)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
CFLAGS_COMMON += $(SAN_FLAGS)
LDFLAGS_COMMON += $(SAN_FLAGS)
endif

PQ_CFLAGS = -I$(shell $(PG_CONFIG) --includedir)
PQ_LIBS = -L$(shell $(PG_CONFIG) --libdir) -lpq

# The driver library (driver/librdr.a) and the system libraries it uses.
RDR_LIB = $(TOP)/driver/librdr.a
RDR_PKGS = libcurl libxml-2.0 libssh2 libiscsi blkid json-c
RDR_PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(RDR_PKGS))
RDR_PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(RDR_PKGS))
RDR_CFLAGS = $(CFLAGS_COMMON) $(PQ_CFLAGS) $(RDR_PKG_CFLAGS)
RDR_LIBS = $(RDR_LIB) $(PQ_LIBS) $(RDR_PKG_LIBS) -lpthread

CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check)

# Fuzz targets are built with clang's libFuzzer, always with ASan + UBSan.
FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
	-DRDR_VERSION=\"$(EXTVERSION)\" -I$(TOP)/driver
# Seconds each fuzz target runs in "make check" and in "make fuzz".
FUZZ_CHECK_SECONDS ?= 10
FUZZ_LONG_SECONDS ?= 300
