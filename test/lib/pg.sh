# test/lib/pg.sh: a throwaway PostgreSQL 15 cluster for tests.
#
#   source test/lib/common.sh; source test/lib/pg.sh
#   rdr_pg_start            # exports PGHOST PGPORT PGUSER PGDATABASE
#   psql -c 'select 1'
#
# The cluster lives in a temp dir, runs as the postgres user (initdb and
# pg_ctl refuse root), listens on 127.0.0.1 and a unix socket in the temp
# dir, on a free port, and is stopped and removed at exit.
# RDR_PG_PRELOAD, when set, is put in LD_PRELOAD of the server (used by
# SANITIZE=1 to load the ASan runtime for a sanitized extension).
# shellcheck shell=bash

# The server binaries come from this checkout's private PostgreSQL
# installation (mk/pg-stage.sh), which holds this checkout's extension, so
# a test never uses (or overwrites) the system's copy of rdr.  It is made
# again when the extension was rebuilt after it.
rdr_pg_stage()
{
	local stage=$RDR_TOP/build/pgstage bin
	bin=$stage$(pg_config --bindir)
	mkdir -p "$RDR_TOP/build"
	(
		flock 9
		if [ ! -x "$bin/postgres" ] || [ -n "$(find "$RDR_TOP/extension" -maxdepth 1 \
			\( -name 'rdr.so' -o -name 'rdr*.sql' -o -name 'rdr.control' \) \
			-newer "$stage/.stamp" 2>/dev/null)" ] || [ ! -e "$stage/.stamp" ]; then
			sh "$RDR_TOP/mk/pg-stage.sh" "$stage" >/dev/null && touch "$stage/.stamp"
		fi
	) 9>"$RDR_TOP/build/pgstage.lock" || return 1
	echo "$bin"
}
RDR_PG_BIN=${RDR_PG_BIN:-$(rdr_pg_stage)} || { echo "test/lib/pg.sh: no PostgreSQL stage" >&2; exit 1; }

rdr_pg_start()
{
	local dir port
	dir=$(rdr_tmpdir)
	port=$(rdr_free_port) || return 1
	chown postgres "$dir"
	runuser -u postgres -- "$RDR_PG_BIN/initdb" -D "$dir/data" -U postgres \
		--auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; return 1; }
	cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
full_page_writes = off
synchronous_commit = off
max_connections = 50
CONF
	rdr_cleanup_push "runuser -u postgres -- '$RDR_PG_BIN/pg_ctl' -D '$dir/data' -m immediate -w stop"
	runuser -u postgres -- env ${RDR_PG_PRELOAD:+LD_PRELOAD="$RDR_PG_PRELOAD"} \
		ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" \
		"$RDR_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
		>/dev/null || { cat "$dir/server.log" >&2; return 1; }
	export PGHOST="$dir" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
	export RDR_PG_DIR="$dir"
}

# rdr_pg_createdb NAME [SQLFILE...]: create a database, load files into it.
rdr_pg_createdb()
{
	local db=$1 f
	shift
	"$RDR_PG_BIN/createdb" "$db" || return 1
	for f in "$@"; do
		"$RDR_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$f" >/dev/null || return 1
	done
}
