/*-------------------------------------------------------------------------
 *
 * rest_xml.c
 *	  Parse the manager's XML answers, read them with XPath, and build
 *	  request bodies with libxml2's tree API.
 *
 * The seed script read answers with xpath(1) and sed, which broke on any
 * name holding a space, and built bodies by pasting shell variables into
 * XML.  Here every value read or written goes through libxml2.
 *
 *-------------------------------------------------------------------------
 */
#include "rest_xml.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

#include "log.h"

/*
 * Parser options: no network, no entity substitution (the default without
 * XML_PARSE_NOENT keeps entities unexpanded, so no external entity is ever
 * read), no DTD loading, quiet (the error is reported once, by us), and
 * XML_PARSE_NONET as a second guard.  XML_PARSE_HUGE stays off, so
 * libxml2's own limits on names, text nodes and depth hold; answers are
 * capped by the HTTP layer (RDR_REST_MAX_ANSWER) and here.
 *
 * Unexpanded entities are still expanded later, by XPath's string value
 * (normalize-space() of a node holding &e; copies e each time): a 160 KB
 * answer with one 100 KB entity referenced 20,000 times took 2 GB.  The
 * manager's API never sends a document type declaration, so an answer
 * with one is refused, and with it every entity.
 */
#define RDR_XML_PARSE_OPTIONS \
	(XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA)
#define RDR_XML_MAX_ANSWER ((size_t) 256 * 1024 * 1024)

struct RdrXmlBody
{
	xmlDocPtr	doc;
	xmlNodePtr	root;
};

/*
 * xml_parse: parse an answer; what == NULL: quietly (see rest_xml.h).
 */
static RdrXmlDoc *
xml_parse(const char *buf, size_t len, const char *what)
{
	xmlDocPtr	doc;
	xmlNodePtr	root;
	RdrXmlDoc  *res;

	if (buf == NULL || len == 0)
	{
		if (what)
		{
			rdr_log_error("%s is empty", what);
			rdr_log_detail("An XML document was expected.");
		}
		return NULL;
	}
	if (len > RDR_XML_MAX_ANSWER)
	{
		if (what)
			rdr_log_error("%s is too large (%zu bytes)", what, len);
		return NULL;
	}

	xmlResetLastError();
	doc = xmlReadMemory(buf, (int) len, "answer.xml", NULL, RDR_XML_PARSE_OPTIONS);
	if (doc == NULL)
	{
		const xmlError *err = xmlGetLastError();

		if (what == NULL)
			return NULL;
		rdr_log_error("%s is not well-formed XML", what);
		if (err && err->message)
		{
			size_t		mlen = strlen(err->message);

			/* libxml2's messages end with a newline */
			while (mlen > 0 && (err->message[mlen - 1] == '\n' ||
								err->message[mlen - 1] == '\r'))
				mlen--;
			rdr_log_detail("Line %d: %.*s.", err->line, (int) mlen, err->message);
		}
		return NULL;
	}

	if (doc->intSubset || doc->extSubset)
	{
		if (what)
		{
			rdr_log_error("%s holds a document type declaration (<!DOCTYPE>)", what);
			rdr_log_detail("The manager's API never sends one; its entities could expand to gigabytes.");
		}
		xmlFreeDoc(doc);
		return NULL;
	}

	root = xmlDocGetRootElement(doc);
	if (root == NULL)
	{
		if (what)
			rdr_log_error("%s has no root element", what);
		xmlFreeDoc(doc);
		return NULL;
	}

	res = calloc(1, sizeof(RdrXmlDoc));
	if (res == NULL)
	{
		rdr_log_error("out of memory");
		xmlFreeDoc(doc);
		return NULL;
	}
	res->doc = doc;
	res->root = root;
	return res;
}

RdrXmlDoc *
rdr_xml_parse(const char *buf, size_t len, const char *what)
{
	return xml_parse(buf, len, what);
}

/*
 * rdr_xml_parse_quiet: like rdr_xml_parse but logs nothing (for answers
 * whose parse failure is reported another way, like error pages).
 */
RdrXmlDoc *
rdr_xml_parse_quiet(const char *buf, size_t len)
{
	return xml_parse(buf, len, NULL);
}

void
rdr_xml_free(RdrXmlDoc *doc)
{
	if (doc == NULL)
		return;
	xmlFreeDoc(doc->doc);
	free(doc);
}

const char *
rdr_xml_root_name(const RdrXmlDoc *doc)
{
	return (const char *) doc->root->name;
}

/*
 * xml_eval: evaluate expr with ctx as the context node.  NULL on an invalid
 * expression (logged: it is a bug in rdr, not in the answer).
 */
static xmlXPathObjectPtr
xml_eval(const RdrXmlDoc *doc, xmlNodePtr ctx, const char *expr)
{
	xmlXPathContextPtr xctx;
	xmlXPathObjectPtr obj;

	xctx = xmlXPathNewContext(doc->doc);
	if (xctx == NULL)
	{
		rdr_log_error("out of memory");
		return NULL;
	}
	xctx->node = ctx ? ctx : (xmlNodePtr) doc->doc;
	obj = xmlXPathEvalExpression((const xmlChar *) expr, xctx);
	xmlXPathFreeContext(xctx);
	if (obj == NULL)
		rdr_log_error("invalid XPath expression \"%s\"", expr);
	return obj;
}

/*
 * rdr_xml_find: nodes matching expr; see rest_xml.h.
 */
RdrXmlNodes
rdr_xml_find(const RdrXmlDoc *doc, xmlNodePtr ctx, const char *expr)
{
	RdrXmlNodes res = {NULL, 0};
	xmlXPathObjectPtr obj;

	obj = xml_eval(doc, ctx, expr);
	if (obj == NULL)
		return res;
	if (obj->type == XPATH_NODESET && obj->nodesetval &&
		obj->nodesetval->nodeNr > 0)
	{
		int			n = obj->nodesetval->nodeNr;

		res.nodes = malloc(sizeof(xmlNodePtr) * n);
		if (res.nodes == NULL)
			rdr_log_error("out of memory");
		else
		{
			memcpy(res.nodes, obj->nodesetval->nodeTab, sizeof(xmlNodePtr) * n);
			res.count = n;
		}
	}
	xmlXPathFreeObject(obj);
	return res;
}

void
rdr_xml_nodes_free(RdrXmlNodes *nodes)
{
	free(nodes->nodes);
	nodes->nodes = NULL;
	nodes->count = 0;
}

/*
 * rdr_xml_string: normalized string value of expr; see rest_xml.h.
 */
bool
rdr_xml_string(const RdrXmlDoc *doc, xmlNodePtr ctx, const char *expr,
			   char *buf, size_t bufsize)
{
	xmlXPathObjectPtr obj;
	char	   *wrapped;
	size_t		wlen;
	bool		ok = false;

	if (bufsize == 0)
		return false;
	buf[0] = '\0';

	/* normalize-space() also turns a node-set into its first node's text */
	wlen = strlen(expr) + sizeof("normalize-space(())");
	wrapped = malloc(wlen);
	if (wrapped == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	snprintf(wrapped, wlen, "normalize-space((%s))", expr);
	obj = xml_eval(doc, ctx, wrapped);
	free(wrapped);
	if (obj == NULL)
		return false;

	if (obj->type == XPATH_STRING && obj->stringval && obj->stringval[0])
	{
		size_t		len = strlen((const char *) obj->stringval);

		if (len < bufsize)
		{
			memcpy(buf, obj->stringval, len + 1);
			ok = true;
		}
	}
	xmlXPathFreeObject(obj);
	return ok;
}

/*
 * rdr_xml_body_new: start a request body with the given root element.
 */
RdrXmlBody *
rdr_xml_body_new(const char *root)
{
	RdrXmlBody *body = calloc(1, sizeof(RdrXmlBody));

	if (body == NULL)
		goto oom;
	body->doc = xmlNewDoc((const xmlChar *) "1.0");
	if (body->doc == NULL)
		goto oom;
	body->root = xmlNewDocNode(body->doc, NULL, (const xmlChar *) root, NULL);
	if (body->root == NULL)
		goto oom;
	xmlDocSetRootElement(body->doc, body->root);
	return body;

oom:
	rdr_log_error("out of memory");
	rdr_xml_body_free(body);
	return NULL;
}

xmlNodePtr
rdr_xml_body_root(RdrXmlBody *body)
{
	return body->root;
}

/*
 * rdr_xml_add: add element name under parent.  xmlNewTextChild (unlike
 * xmlNewChild) takes text as plain text and escapes '&' and '<' itself.
 */
xmlNodePtr
rdr_xml_add(RdrXmlBody *body, xmlNodePtr parent, const char *name,
			const char *text)
{
	xmlNodePtr	node;

	node = xmlNewTextChild(parent ? parent : body->root, NULL,
						   (const xmlChar *) name, (const xmlChar *) text);
	if (node == NULL)
		rdr_log_error("out of memory");
	return node;
}

/*
 * rdr_xml_set_attr: set an attribute; the serializer escapes quotes, '&'
 * and '<' in it.  A NULL node (an earlier allocation failure, already
 * logged) is ignored so that builders can chain calls.
 */
void
rdr_xml_set_attr(xmlNodePtr node, const char *name, const char *value)
{
	if (node == NULL)
		return;
	if (xmlSetProp(node, (const xmlChar *) name, (const xmlChar *) value) == NULL)
		rdr_log_error("out of memory");
}

/*
 * rdr_xml_body_finish: serialize as UTF-8 without the XML declaration's
 * noise beyond what the manager expects, and free the body.
 */
char *
rdr_xml_body_finish(RdrXmlBody *body)
{
	xmlChar    *mem = NULL;
	int			size = 0;
	char	   *res = NULL;

	if (body == NULL)
		return NULL;
	xmlDocDumpMemoryEnc(body->doc, &mem, &size, "UTF-8");
	if (mem != NULL)
	{
		res = malloc((size_t) size + 1);
		if (res != NULL)
		{
			memcpy(res, mem, (size_t) size);
			res[size] = '\0';
		}
		xmlFree(mem);
	}
	if (res == NULL)
		rdr_log_error("out of memory");
	rdr_xml_body_free(body);
	return res;
}

void
rdr_xml_body_free(RdrXmlBody *body)
{
	if (body == NULL)
		return;
	if (body->doc)
		xmlFreeDoc(body->doc);
	free(body);
}
