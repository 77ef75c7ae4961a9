/*-------------------------------------------------------------------------
 *
 * utf8.h
 *	  Well-formed UTF-8, for text that other machines and files hand rdr.
 *
 * Names come from the engine's database (whose encoding may be SQL_ASCII,
 * i.e. any bytes), the manager's answers and the configuration file; JSON
 * must be UTF-8, and json-c copies string bytes as they are.  RFC 3629's
 * rules: no overlong form, no surrogate, nothing above U+10FFFF.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_UTF8_H
#define RDR_UTF8_H

#include <stddef.h>

/*
 * rdr_utf8_seq_len: the length (1 to 4) of the well-formed UTF-8
 * sequence at p (n bytes available), or 0 when p does not start one.
 */
extern size_t rdr_utf8_seq_len(const unsigned char *p, size_t n);

/*
 * rdr_utf8_json_fix: text (JSON as json-c writes it) with each byte that
 * is not part of a well-formed sequence replaced by the escape \ufffd
 * (U+FFFD REPLACEMENT CHARACTER); json-c writes such bytes only inside
 * strings, where the escape is valid.  malloc'd (xalloc), length in *len.
 */
extern char *rdr_utf8_json_fix(const char *text, size_t *len);

#endif							/* RDR_UTF8_H */
