/*-------------------------------------------------------------------------
 *
 * plan_rules.h
 *	  rdr-plan's rewrite rules: how a site-A storage value becomes its
 *	  site-B value.
 *
 * Three kinds, given on the command line or in a map file:
 *	rewrite OLD NEW   replace every OLD in NFS connections, iSCSI portal
 *					  addresses and IQNs (text, e.g. sitea.example ->
 *					  siteb.example)
 *	portal  OLD NEW   an iSCSI portal address equal to OLD becomes NEW
 *					  (taken before any rewrite of that address)
 *	serial  OLD NEW   replace every OLD in a fibre LUN's SCSI serial
 *
 * Rules apply in the order given, each to the result of the ones before;
 * each rule counts the values it changed, so a rule that matched nothing
 * can be reported (a typo in a rule otherwise goes unnoticed).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PLAN_RULES_H
#define RDR_PLAN_RULES_H

#include <stdbool.h>
#include <stddef.h>

typedef enum PlanRuleKind
{
	PLAN_RULE_REWRITE,
	PLAN_RULE_PORTAL,
	PLAN_RULE_SERIAL
} PlanRuleKind;

typedef struct PlanRule
{
	PlanRuleKind kind;
	char	   *old;
	char	   *new;
	char	   *origin;			/* "--rewrite" or "FILE:LINE", for messages */
	int			hits;			/* values this rule changed */
} PlanRule;

typedef struct PlanRules
{
	PlanRule   *rules;
	int			count;
} PlanRules;

/* What a value is, which says the rules that apply to it. */
typedef enum PlanValueKind
{
	PLAN_VALUE_NFS,				/* SERVER:/EXPORT: rewrite */
	PLAN_VALUE_PORTAL,			/* iSCSI address: portal, else rewrite */
	PLAN_VALUE_IQN,				/* rewrite */
	PLAN_VALUE_SERIAL			/* serial */
} PlanValueKind;

extern const char *plan_rule_kind_name(PlanRuleKind kind);
extern bool plan_rules_add_arg(PlanRules *rules, PlanRuleKind kind,
							   const char *arg);
extern bool plan_rules_parse_map(PlanRules *rules, const char *name,
								 const char *buf, size_t len);
extern bool plan_rules_load_map(PlanRules *rules, const char *path);
extern char *plan_rules_apply(PlanRules *rules, PlanValueKind kind,
							  const char *value);
extern void plan_rules_free(PlanRules *rules);

#endif							/* RDR_PLAN_RULES_H */
