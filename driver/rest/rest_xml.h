/*-------------------------------------------------------------------------
 *
 * rest_xml.h
 *	  XML of the manager's REST API: parsing answers and reading them with
 *	  XPath, and building request bodies with libxml2's tree API.
 *
 * Request bodies are never pasted together from strings: names with '<',
 * '&' or quotes must reach the manager exactly as configured, so every
 * value goes through libxml2, which escapes it on output.
 *
 * Answers are parsed without network access and without entity
 * substitution (no XXE), and their size is capped by the HTTP layer.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REST_XML_H
#define RDR_REST_XML_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

/* A parsed answer.  Free with rdr_xml_free(). */
typedef struct RdrXmlDoc
{
	xmlDocPtr	doc;
	xmlNodePtr	root;
} RdrXmlDoc;

/* A list of nodes found by an XPath expression.  Free with rdr_xml_nodes_free(). */
typedef struct RdrXmlNodes
{
	xmlNodePtr *nodes;
	int			count;
} RdrXmlNodes;

/*
 * rdr_xml_parse: parse buf (len bytes).  what names the document in the
 * error message ("answer of GET /api/hosts").  NULL after logging an error
 * with the parser's line and message.
 */
extern RdrXmlDoc *rdr_xml_parse(const char *buf, size_t len, const char *what);
extern RdrXmlDoc *rdr_xml_parse_quiet(const char *buf, size_t len);
extern void rdr_xml_free(RdrXmlDoc *doc);

/* rdr_xml_root_name: the root element's name ("hosts", "fault", ...). */
extern const char *rdr_xml_root_name(const RdrXmlDoc *doc);

/*
 * rdr_xml_find: nodes matching expr, evaluated with ctx as the context node
 * (NULL: the document).  An invalid expression is a programming error and
 * logs; it returns an empty list like a non-matching one.
 */
extern RdrXmlNodes rdr_xml_find(const RdrXmlDoc *doc, xmlNodePtr ctx,
								const char *expr);
extern void rdr_xml_nodes_free(RdrXmlNodes *nodes);

/*
 * rdr_xml_string: the string value of expr (an XPath 'string(...)' of the
 * first match, whitespace-normalized) copied into buf.  False when nothing
 * matches or the value is empty, or when it does not fit into bufsize
 * (never silently truncated); buf is then "".
 */
extern bool rdr_xml_string(const RdrXmlDoc *doc, xmlNodePtr ctx,
						   const char *expr, char *buf, size_t bufsize);

/*
 * Request bodies.  rdr_xml_body_new("action") starts a document;
 * rdr_xml_add adds a child element (text may be NULL) to parent (NULL: the
 * root) and returns it; rdr_xml_set_attr sets an attribute.
 * rdr_xml_body_finish serializes it to a malloc'd string (the caller frees
 * it) and frees the body.
 */
typedef struct RdrXmlBody RdrXmlBody;

extern RdrXmlBody *rdr_xml_body_new(const char *root);
extern xmlNodePtr rdr_xml_add(RdrXmlBody *body, xmlNodePtr parent,
							  const char *name, const char *text);
extern void rdr_xml_set_attr(xmlNodePtr node, const char *name,
							 const char *value);
extern xmlNodePtr rdr_xml_body_root(RdrXmlBody *body);
extern char *rdr_xml_body_finish(RdrXmlBody *body);
extern void rdr_xml_body_free(RdrXmlBody *body);

#endif							/* RDR_REST_XML_H */
