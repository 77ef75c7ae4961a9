-- rdr_hostile: other database roles are on the far side of a trust
-- boundary.  A role with nothing but CREATE on schema public plants
-- overloads of every function, operator and aggregate rdr's SQL uses
-- (better matches than the built-in ones for the engine's types); a
-- superuser then calls every rdr function with the default search_path.
-- None of the planted code may run: each piece records itself in
-- public.pwned, which must stay empty.  A fix role that was given
-- INSERT on rdr_change_log (as the 1.0 reference said to) cannot write
-- the log, and rdr_undo replays nothing but rdr's own storage rows.
\getenv top RDR_TOP
CREATE DATABASE rdr_t_hostile;
\c rdr_t_hostile
\set ECHO none
\i :top/test/fixtures/rhev30-schema.sql
\i :top/test/fixtures/rhev30-iscsi.sql
\i :top/test/fixtures/rdr-test-helpers.sql
\set ECHO all
CREATE EXTENSION rdr;
-- a fibre domain too, so that every fix function has a domain to work on
INSERT INTO storage_domain_static (id, storage, storage_name, storage_domain_type, storage_type)
VALUES ('f0000000-0000-4000-8000-000000000001', 'VG-FC', 'FibreDomain', 1, 2);
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('PV-FC', 'LUN-FC-A', 'VG-FC', 'S-FC-A', 1, 'HP', 'MSA', 10);

CREATE ROLE rdr_t_evil;
GRANT CREATE ON SCHEMA public TO rdr_t_evil;
SET ROLE rdr_t_evil;
\set ECHO none
-- what the planted code does: note who ran it (and then do the real work,
-- so that nothing looks wrong)
CREATE TABLE public.pwned (who name, what text);
GRANT INSERT, SELECT ON public.pwned TO PUBLIC;
CREATE FUNCTION public.pwn(what text) RETURNS void LANGUAGE sql
AS $$ INSERT INTO public.pwned VALUES (current_user, what) $$;

-- to_jsonb(row) and jsonb_populate_record(row, jsonb) of every storage
-- table: an exact match wins over the built-in anyelement versions
DO $do$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['storage_domain_static', 'storage_server_connections',
                             'luns', 'lun_storage_server_connection_map']
    LOOP
        EXECUTE format($f$
            CREATE FUNCTION public.to_jsonb(r public.%1$I) RETURNS jsonb
            LANGUAGE plpgsql AS $b$
            BEGIN PERFORM public.pwn('to_jsonb(%1$s)'); RETURN pg_catalog.to_jsonb(r); END $b$;
            CREATE FUNCTION public.jsonb_populate_record(r public.%1$I, j jsonb) RETURNS public.%1$I
            LANGUAGE plpgsql AS $b$
            BEGIN PERFORM public.pwn('jsonb_populate_record(%1$s, jsonb)');
                  RETURN pg_catalog.jsonb_populate_record(r, j); END $b$;$f$, t);
    END LOOP;
END $do$;

-- comparison and concatenation operators on the engine's varchar columns
-- (the built-ins are text = text, reached by a cast: an exact match wins)
DO $do$
DECLARE
    o record;
BEGIN
    FOR o IN SELECT * FROM (VALUES
        ('=',  'eq', 'varchar', 'varchar', 'boolean', 'texteq'),
        ('=',  'eq', 'varchar', 'text',    'boolean', 'texteq'),
        ('=',  'eq', 'text',    'varchar', 'boolean', 'texteq'),
        ('<>', 'ne', 'varchar', 'varchar', 'boolean', 'textne'),
        ('<>', 'ne', 'varchar', 'text',    'boolean', 'textne'),
        ('||', 'cat', 'varchar', 'varchar', 'text',   'textcat'),
        ('||', 'cat', 'varchar', 'text',    'text',   'textcat'),
        ('||', 'cat', 'text',    'varchar', 'text',   'textcat'),
        -- the same signature as a built-in: pg_catalog comes first anyway
        ('=',  'eq', 'uuid',    'uuid',    'boolean', 'uuid_eq'),
        ('=',  'eq', 'integer', 'integer', 'boolean', 'int4eq'),
        ('=',  'eq', 'text',    'text',    'boolean', 'texteq'),
        -- mixed types rdr never compares
        ('=',  'eq', 'uuid',    'text',    'boolean', NULL),
        ('=',  'eq', 'integer', 'bigint',  'boolean', 'int48eq'),
        ('=',  'eq', 'smallint', 'smallint', 'boolean', 'int2eq')
    ) AS v(op, name, l, r, res, impl)
    LOOP
        EXECUTE format($f$
            CREATE FUNCTION public.evil_%1$s_%2$s_%3$s(a %2$s, b %3$s) RETURNS %4$s
            LANGUAGE plpgsql AS $b$
            BEGIN PERFORM public.pwn('%5$s(%2$s, %3$s)'); RETURN %6$s; END $b$;
            CREATE OPERATOR public.%5$s (LEFTARG = %2$s, RIGHTARG = %3$s,
                                         FUNCTION = public.evil_%1$s_%2$s_%3$s);$f$,
            o.name, o.l, o.r, o.res, o.op,
            CASE WHEN o.impl IS NULL THEN 'a::text OPERATOR(pg_catalog.=) b'
                 ELSE format('pg_catalog.%s(a::%s, b::%s)', o.impl,
                             CASE WHEN o.l = 'varchar' THEN 'text' ELSE o.l END,
                             CASE WHEN o.r = 'varchar' THEN 'text' ELSE o.r END) END);
    END LOOP;
END $do$;

-- aggregates and set-returning functions of rdr's statements
CREATE FUNCTION public.evil_agg(s text[], v text) RETURNS text[] LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('array_agg(text)'); RETURN pg_catalog.array_append(s, v); END $$;
CREATE AGGREGATE public.array_agg(text) (SFUNC = public.evil_agg, STYPE = text[]);
CREATE FUNCTION public.evil_agg_v(s text[], v varchar) RETURNS text[] LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('array_agg(varchar)'); RETURN pg_catalog.array_append(s, v::text); END $$;
CREATE AGGREGATE public.array_agg(varchar) (SFUNC = public.evil_agg_v, STYPE = text[]);
CREATE FUNCTION public.evil_sagg(s text, v text, d text) RETURNS text LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('string_agg(text, text)');
         RETURN CASE WHEN s IS NULL THEN v ELSE s || d || v END; END $$;
CREATE AGGREGATE public.string_agg(text, text) (SFUNC = public.evil_sagg, STYPE = text);
CREATE FUNCTION public.evil_count(s bigint) RETURNS bigint LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('count(*)'); RETURN s + 1; END $$;
CREATE AGGREGATE public.count(*) (SFUNC = public.evil_count, STYPE = bigint, INITCOND = '0');
CREATE FUNCTION public.evil_count_any(s bigint, v text) RETURNS bigint LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('count(text)'); RETURN s + 1; END $$;
CREATE AGGREGATE public.count(text) (SFUNC = public.evil_count_any, STYPE = bigint, INITCOND = '0');
CREATE FUNCTION public.unnest(a text[]) RETURNS SETOF text LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('unnest(text[])'); RETURN QUERY SELECT * FROM pg_catalog.unnest(a); END $$;
CREATE FUNCTION public.unnest(a jsonb[]) RETURNS SETOF jsonb LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('unnest(jsonb[])'); RETURN QUERY SELECT * FROM pg_catalog.unnest(a); END $$;

-- scalar functions with an exact signature for rdr's arguments
CREATE FUNCTION public.concat_ws(s text, a text) RETURNS text LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('concat_ws(text, text)'); RETURN pg_catalog.concat_ws(s, a); END $$;
CREATE FUNCTION public.concat_ws(s text, a text, b text) RETURNS text LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('concat_ws(text, text, text)'); RETURN pg_catalog.concat_ws(s, a, b); END $$;
CREATE FUNCTION public.jsonb_build_object(k1 text, v1 text, k2 text, v2 text, k3 text, v3 integer,
                                          k4 text, v4 text, k5 text, v5 text) RETURNS jsonb LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('jsonb_build_object(text, ...)');
         RETURN pg_catalog.jsonb_build_object(k1, v1, k2, v2, k3, v3, k4, v4, k5, v5); END $$;
CREATE FUNCTION public.jsonb_set(j jsonb, p text[], v jsonb) RETURNS jsonb LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('jsonb_set(jsonb, text[], jsonb)'); RETURN pg_catalog.jsonb_set(j, p, v); END $$;
CREATE FUNCTION public.jsonb_typeof(j jsonb) RETURNS text LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('jsonb_typeof(jsonb)'); RETURN pg_catalog.jsonb_typeof(j); END $$;
CREATE FUNCTION public.array_length(a smallint[], d integer) RETURNS integer LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('array_length(smallint[], integer)'); RETURN pg_catalog.array_length(a, d); END $$;
CREATE FUNCTION public.array_length(a int2vector, d integer) RETURNS integer LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('array_length(int2vector, integer)'); RETURN pg_catalog.array_length(a::smallint[], d); END $$;
CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('now()'); RETURN pg_catalog.now(); END $$;
-- "casts" by function name: text(varchar), int4(text)
CREATE FUNCTION public.text(v varchar) RETURNS text LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('text(varchar)'); RETURN v::text; END $$;
CREATE FUNCTION public.int4(v text) RETURNS integer LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('int4(text)'); RETURN v::integer; END $$;
\set ECHO all
RESET ROLE;
-- the planted objects
SELECT p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid) AS arguments
  FROM pg_catalog.pg_proc p
 WHERE p.pronamespace OPERATOR(pg_catalog.=) 'public'::regnamespace
   AND p.proowner OPERATOR(pg_catalog.=) 'rdr_t_evil'::regrole
   AND p.proname NOT LIKE 'evil\_%' ESCAPE '\'
 ORDER BY 1, 2;
SELECT o.oprname, o.oprleft::pg_catalog.regtype, o.oprright::pg_catalog.regtype
  FROM pg_catalog.pg_operator o
 WHERE o.oprowner OPERATOR(pg_catalog.=) 'rdr_t_evil'::regrole
 ORDER BY 1, 2, 3;

-- A superuser with the default search_path ("$user", public) runs every
-- rdr function; count(*) over the results is pg_catalog's own aggregate
-- (the planted count(*) has the same signature, and pg_catalog is first).
SHOW search_path;
SELECT pg_catalog.count(*) FROM rdr_domains();
SELECT pg_catalog.count(*) FROM rdr_domain_luns('DataDomain');
SELECT pg_catalog.count(*) FROM rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT');
SELECT pg_catalog.count(*) FROM rdr_fix_iscsi('DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
    3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101', NULL, 'chap', 'secret');
SELECT pg_catalog.count(*) FROM rdr_fix_fibre('FibreDomain', 'LUN-FC-B', 'S-FC-B', 2, 'HP', 'MSA');
-- lun_id unchanged: the in-place update
SELECT pg_catalog.count(*) FROM rdr_fix_fibre('FibreDomain', 'LUN-FC-B', 'S-FC-C', 3, 'HP', 'MSA');
SELECT pg_catalog.count(*) FROM rdr_undo(4);
SELECT pg_catalog.count(*) FROM rdr_undo(2);
SELECT pg_catalog.count(*) FROM rdr_undo(1);
-- with rdr.force on, the lookups are statements instead of the cache
SET rdr.force = on;
SELECT pg_catalog.count(*) FROM rdr_domain_luns('DataDomain');
SELECT pg_catalog.count(*) FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO');
SELECT pg_catalog.count(*) FROM rdr_fix_iscsi('DataDomain', '192.168.201.33', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
    3260, '1', '1IET_00010009', 'SRA-Groupiscsi102', 9, 'RA-Group', 'iscsi102');
SELECT pg_catalog.count(*) FROM rdr_fix_fibre('FibreDomain', 'LUN-FC-D', 'S-FC-D', 4, 'HP', 'MSA');
RESET rdr.force;

-- none of the planted code ran
SELECT who, what FROM public.pwned GROUP BY who, what ORDER BY what;

-- Every function of rdr runs with search_path pinned, and PUBLIC may call
-- none of them (this session's own queries below spell their operators
-- OPERATOR(pg_catalog.=), or the planted ones would answer them).
SELECT p.proname, p.proconfig,
       pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE') AS public_may_call
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_depend d ON d.objid OPERATOR(pg_catalog.=) p.oid
 WHERE d.refobjid OPERATOR(pg_catalog.=) (SELECT oid FROM pg_catalog.pg_extension
                                           WHERE extname OPERATOR(pg_catalog.=) 'rdr')
   AND d.deptype OPERATOR(pg_catalog.=) 'e'
 ORDER BY 1;

-- A role that may create schemas makes one named after the superuser
-- ("$user", first on the default search_path) with a table of the name
-- rdr writes, and a trigger on it that would run as rdr's caller.  rdr
-- takes every engine table from the schema of storage_domain_static.
SELECT current_user AS su \gset
GRANT CREATE ON DATABASE rdr_t_hostile TO rdr_t_evil;
SET ROLE rdr_t_evil;
CREATE SCHEMA :"su";
CREATE TABLE :"su".storage_server_connections (id varchar(50) PRIMARY KEY, connection varchar(250));
INSERT INTO :"su".storage_server_connections VALUES ('6364acf1-754a-4525-9d97-3c6d5c8f9b6f', 'evil:/x');
CREATE FUNCTION :"su".trg() RETURNS trigger LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('trigger on ' || TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME); RETURN NEW; END $$;
CREATE TRIGGER trg BEFORE UPDATE ON :"su".storage_server_connections
    FOR EACH ROW EXECUTE FUNCTION :"su".trg();
RESET ROLE;
SELECT table_name, operation, after OPERATOR(pg_catalog.->>) 'connection' AS connection
  FROM rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT2');
SELECT connection FROM public.storage_server_connections
 WHERE id OPERATOR(pg_catalog.=) '6364acf1-754a-4525-9d97-3c6d5c8f9b6f';
-- a second storage_domain_static makes the choice ambiguous: refused
SET ROLE rdr_t_evil;
CREATE TABLE :"su".storage_domain_static (id uuid PRIMARY KEY, storage varchar(250),
    storage_name varchar(250), storage_domain_type integer, storage_type integer);
-- rdr.engine_schema, which settles it, is a superuser's setting
SET rdr.engine_schema = :'su';
RESET ROLE;
\x on
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT3')$$);
\x off
SET rdr.engine_schema = 'public';
SELECT pg_catalog.count(*) FROM rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT3');
SET rdr.engine_schema = 'nosuchschema';
\x on
SELECT * FROM pg_temp.err($$SELECT rdr_domains()$$);
\x off
SET rdr.engine_schema = 'pg_catalog';
\x on
SELECT * FROM pg_temp.err($$SELECT rdr_domains()$$);
\x off
RESET rdr.engine_schema;
DROP SCHEMA :"su" CASCADE;

-- A role allowed to reference luns adds a table whose foreign key points
-- at luns.lun_id, and a trigger on it: an iSCSI re-point updates the
-- referencing rows of every such table, as its caller.  Only the engine's
-- own tables are written.
GRANT REFERENCES ON public.luns TO rdr_t_evil;
SET ROLE rdr_t_evil;
CREATE TABLE public.evil_ref (lun_id varchar(50) REFERENCES public.luns (lun_id));
INSERT INTO public.evil_ref VALUES ('1IET_00010009');
CREATE FUNCTION public.evil_trg() RETURNS trigger LANGUAGE plpgsql
AS $$ BEGIN PERFORM public.pwn('trigger on ' || TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME); RETURN NEW; END $$;
CREATE TRIGGER trg BEFORE UPDATE ON public.evil_ref FOR EACH ROW EXECUTE FUNCTION public.evil_trg();
RESET ROLE;
\x on
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '192.168.201.34',
    'iqn.2011-11.siteb.example:rdr-iscsi.data', 3260, '1', '1IET_0001000A', 'SRA-Groupiscsi103', 10,
    'RA-Group', 'iscsi103')$$);
\x off
DROP TABLE public.evil_ref;
SELECT pg_catalog.count(*) FROM rdr_fix_iscsi('DataDomain', '192.168.201.34', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
    3260, '1', '1IET_0001000A', 'SRA-Groupiscsi103', 10, 'RA-Group', 'iscsi103');

-- still none of the planted code ran
SELECT who, what FROM public.pwned GROUP BY who, what ORDER BY what;

-- A fix role: EXECUTE on the functions it runs and rights on the engine's
-- tables, plus what the 1.0 reference said it needed on the log.  It
-- appends the "before" image of a superuser role to its own run, for the
-- superuser who undoes that run to insert into pg_authid.
CREATE ROLE rdr_t_fixer;
GRANT EXECUTE ON FUNCTION rdr_fix_nfs(text, text), rdr_undo(bigint) TO rdr_t_fixer;
GRANT SELECT, INSERT, UPDATE, DELETE ON storage_domain_static, storage_server_connections,
    luns, lun_storage_server_connection_map TO rdr_t_fixer;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON rdr_change_log TO rdr_t_fixer;
GRANT USAGE ON SEQUENCE rdr_change_log_id_seq, rdr_run_seq TO rdr_t_fixer;
SET ROLE rdr_t_fixer;
SELECT run AS fixer_run FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO2') \gset
\x on
SELECT * FROM pg_temp.err(pg_catalog.format($$INSERT INTO rdr_change_log (run, table_name, operation, row_key, before)
VALUES (%s, 'pg_authid', 'DELETE', '(oid)=(4242424)', '{"oid": 4242424, "rolname": "rdr_t_usurper", "rolsuper": true, "rolinherit": true,
  "rolcreaterole": true, "rolcreatedb": true, "rolcanlogin": true, "rolreplication": true,
  "rolbypassrls": true, "rolconnlimit": -1, "rolpassword": null, "rolvaliduntil": null}')$$, :fixer_run));
\x off
-- nor can it change or remove what rdr wrote
\x on
SELECT * FROM pg_temp.err(pg_catalog.format($$UPDATE rdr_change_log SET after = NULL WHERE run OPERATOR(pg_catalog.=) %s$$, :fixer_run));
\x off
\x on
SELECT * FROM pg_temp.err(pg_catalog.format($$DELETE FROM rdr_change_log WHERE run OPERATOR(pg_catalog.=) %s$$, :fixer_run));
\x off
\x on
SELECT * FROM pg_temp.err($$TRUNCATE rdr_change_log$$);
\x off
RESET ROLE;
SELECT table_name, operation, row_key FROM rdr_undo(:fixer_run);
SELECT rolname, rolsuper FROM pg_catalog.pg_authid WHERE rolname OPERATOR(pg_catalog.=) 'rdr_t_usurper';

-- A log that holds such an entry anyway (added by a superuser, restored
-- from a doctored backup): rdr_undo replays rows of the engine's storage
-- tables only, and refuses the whole run.
SET ROLE rdr_t_fixer;
SELECT run AS fixer_run FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO3') \gset
RESET ROLE;
INSERT INTO rdr_change_log (run, table_name, operation, row_key, before)
VALUES (:fixer_run, 'pg_authid', 'DELETE', '(oid)=(4242424)', '{"oid": 4242424, "rolname": "rdr_t_usurper", "rolsuper": true, "rolinherit": true,
  "rolcreaterole": true, "rolcreatedb": true, "rolcanlogin": true, "rolreplication": true,
  "rolbypassrls": true, "rolconnlimit": -1, "rolpassword": null, "rolvaliduntil": null}');
\x on
SELECT * FROM pg_temp.err(pg_catalog.format($$SELECT rdr_undo(%s)$$, :fixer_run));
\x off
UPDATE rdr_change_log SET table_name = 'pg_catalog.pg_authid'
 WHERE run OPERATOR(pg_catalog.=) :fixer_run AND table_name OPERATOR(pg_catalog.=) 'pg_authid';
\x on
SELECT * FROM pg_temp.err(pg_catalog.format($$SELECT rdr_undo(%s)$$, :fixer_run));
\x off
UPDATE rdr_change_log SET table_name = 'pwned'
 WHERE run OPERATOR(pg_catalog.=) :fixer_run AND table_name OPERATOR(pg_catalog.=) 'pg_catalog.pg_authid';
\x on
SELECT * FROM pg_temp.err(pg_catalog.format($$SELECT rdr_undo(%s)$$, :fixer_run));
\x off
SELECT rolname, rolsuper FROM pg_catalog.pg_authid WHERE rolname OPERATOR(pg_catalog.=) 'rdr_t_usurper';
SELECT connection FROM public.storage_server_connections
 WHERE id OPERATOR(pg_catalog.=) 'cf810eeb-24df-4fdd-ae98-62416bd3e047';
DELETE FROM rdr_change_log WHERE run OPERATOR(pg_catalog.=) :fixer_run AND table_name OPERATOR(pg_catalog.=) 'pwned';

-- The fix role needs no right on the log at all: rdr writes it as its
-- owner, and records who called.
REVOKE ALL ON rdr_change_log FROM rdr_t_fixer;
REVOKE ALL ON SEQUENCE rdr_change_log_id_seq, rdr_run_seq FROM rdr_t_fixer;
SET ROLE rdr_t_fixer;
SELECT table_name, operation FROM rdr_undo(:fixer_run);
SELECT table_name, operation FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO4');
\x on
SELECT * FROM pg_temp.err($$SELECT pg_catalog.count(*) FROM rdr_change_log$$);
\x off
RESET ROLE;
SELECT changed_by, session_user_name OPERATOR(pg_catalog.=) session_user AS session_user_kept,
       table_name, operation, undo_of IS NOT NULL AS is_undo
  FROM rdr_change_log ORDER BY id DESC LIMIT 2;

-- An error while rdr writes the log leaves no opening behind it.
GRANT INSERT ON rdr_change_log TO rdr_t_fixer;
CREATE FUNCTION pg_temp.refuse() RETURNS trigger LANGUAGE plpgsql
AS $$ BEGIN RAISE EXCEPTION 'refused by test trigger on %', TG_TABLE_NAME; END $$;
CREATE TRIGGER refuse BEFORE INSERT ON rdr_change_log FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse();
SET ROLE rdr_t_fixer;
\set SHOW_CONTEXT never
SELECT table_name FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO5');
\set SHOW_CONTEXT errors
\x on
SELECT * FROM pg_temp.err($$INSERT INTO rdr_change_log (run, table_name, operation, row_key, after)
VALUES (1, 'luns', 'INSERT', '(lun_id)=(X)', '{}')$$);
\x off
RESET ROLE;
DROP TRIGGER refuse ON rdr_change_log;

-- none of the planted code ran, start to end
SELECT who, what FROM public.pwned GROUP BY who, what ORDER BY what;

\c postgres
DROP DATABASE rdr_t_hostile;
DROP ROLE rdr_t_evil;
DROP ROLE rdr_t_fixer;
DROP ROLE IF EXISTS rdr_t_usurper;
