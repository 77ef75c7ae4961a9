# lib.mk: one library folder of rdr: its modules as an archive, and a
# program for each *_main.c (rdr_probe_main.c -> rdr-probe).
#
# The includer sets TOP, LIB (the archive's name), LIB_CFLAGS (flags and
# include paths of this layer), LIB_DEPS (headers of the layers below) and,
# when it has programs, PROG_LIBS (what they link after LIB).  New modules
# need no change.

MAIN_SRCS = $(wildcard *_main.c)
LIB_SRCS = $(filter-out $(MAIN_SRCS),$(wildcard *.c))
LIB_OBJS = $(LIB_SRCS:.c=.o)
PROGRAMS = $(subst _,-,$(MAIN_SRCS:_main.c=))

prefix ?= /usr/local
bindir ?= $(prefix)/bin

.PHONY: all install clean FORCE

all: $(LIB) $(PROGRAMS)

# Objects depend on the flags they were built with, so that switching
# SANITIZE on or off rebuilds them.
BUILD_FLAGS = $(CC) $(LIB_CFLAGS) $(LDFLAGS_COMMON)
.build-flags: FORCE
	@echo '$(BUILD_FLAGS)' | cmp -s - $@ || echo '$(BUILD_FLAGS)' >$@

%.o: %.c $(wildcard *.h) $(LIB_DEPS) .build-flags
	$(CC) $(LIB_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

.SECONDEXPANSION:
$(PROGRAMS): $$(subst -,_,$$@)_main.o $(LIB) $(PROG_DEP_LIBS)
	$(CC) $(LDFLAGS_COMMON) -o $@ $< $(LIB) $(PROG_LIBS)

install: all
	@if [ -n "$(PROGRAMS)" ]; then \
		install -d $(DESTDIR)$(bindir) && \
		install -m 755 $(PROGRAMS) $(DESTDIR)$(bindir)/; fi

clean:
	rm -f *.o .build-flags $(LIB) $(PROGRAMS)
