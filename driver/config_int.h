/*-------------------------------------------------------------------------
 *
 * config_int.h
 *	  What the modules of rdr-failover's configuration share: the settings
 *	  table's types, the parser's state and the functions each module lends
 *	  the others.  Private to config*.c; callers use config.h.
 *
 * The modules, one concern each, each using only those above it (the
 * order test/lint/layers.txt holds them to):
 *   config_value.c    the forms of a value: integer, yes/no, MAC, host:port
 *   config.c          the tables (scalar settings, list sections), finding
 *                     and storing a setting, a SECTION KEY VALUE line; the
 *                     error at a line and the list growth every parser uses
 *   config_domain.c   Storage_Domain lines (the storage mapping)
 *   config_lists.c    VIRT_NET, RHEVM_NIC, START_VM, CONNECT_TO, EXCLUDE_*
 *   config_check.c    the checks across lines, and of the selected steps
 *   config_parse.c    the line reader: words, dispatch by section
 *   config_load.c     the file (owner, mode, secrets), the profile, free
 *   config_print.c    --help-config, its Markdown, the effective settings
 *   config_seed.c     the seed's keys rdr-failover honours differently
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_CONFIG_INT_H
#define RDR_CONFIG_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

typedef enum SettingType
{
	ST_STRING,					/* one word */
	ST_SECRET,					/* one word, never printed or logged */
	ST_COMMAND,					/* the rest of the line (may have blanks) */
	ST_PATH,					/* one word, an absolute path */
	ST_INT,
	ST_BOOL,
	ST_DOUBLE
} SettingType;

/* One scalar setting: the "config as a table" of the house style. */
typedef struct Setting
{
	const char *section;		/* API, DB, CONFIG, SITE_INFO */
	const char *key;
	const char *alias;			/* another accepted key, or NULL */
	SettingType type;
	const char *def;			/* default as text, NULL: none */
	unsigned	required;		/* RDR_STEP_* bits that need it */
	size_t		offset;			/* in RdrConfig */
	int			min;			/* ST_INT bounds */
	int			max;
	const char *help;
} Setting;

#define OFF(f) offsetof(RdrConfig, f)

extern const Setting cf_settings[];
extern const int cf_n_settings;

#define N_SETTINGS cf_n_settings

/* The list sections and the values each line takes. */
typedef struct ListSection
{
	const char *name;
	const char *usage;
	const char *help;
} ListSection;

extern const ListSection cf_list_sections[];
extern const int cf_n_list_sections;

#define N_LIST_SECTIONS cf_n_list_sections

/* Parser state of one file. */
typedef struct Parser
{
	const char *name;
	int			line;
	int			errors;
	bool		has_secret;
	RdrConfig  *cfg;
} Parser;

/* config.c */
extern void cf_parse_error(Parser *p, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));
extern void *cf_grow(void *array, int count, size_t elem);
extern int	cf_find_setting(const char *section, const char *key);
extern bool cf_apply_defaults(RdrConfig *cfg);
extern void cf_parse_scalar(Parser *p, char **tok, int ntok, const char *rest);

/* config_value.c */
extern bool cf_parse_int(const char *s, int min, int max, int *out);
extern bool cf_parse_bool(const char *s, bool *out);
extern bool cf_parse_mac(const char *s, char **out);
extern bool cf_split_host_port(const char *s, char **host, int *port);
extern bool cf_conninfo_has_password(const char *s);

/* config_domain.c */
extern void cf_parse_domain(Parser *p, char **tok, int ntok);
extern bool cf_parse_iscsi_target(Parser *p, const char *portal, const char *iqn,
								  char **host, int *port, int *tpgt);

/* config_lists.c */
extern void cf_parse_list(Parser *p, const ListSection *ls, char **tok, int ntok);

/* config_check.c */
extern void cf_check_whole(Parser *p);

#endif							/* RDR_CONFIG_INT_H */
