/*-------------------------------------------------------------------------
 *
 * udev_string.h
 *	  The string rules udev's scsi_id applies to SCSI identity strings.
 *
 * scsi_id never prints a byte of an INQUIRY or VPD page as it is: it
 * trims and collapses whitespace, replaces characters outside a small
 * set, and hex-escapes the *_ENC values.  These functions do the same so
 * that rdr's identities are byte-for-byte scsi_id's.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_UDEV_STRING_H
#define RDR_UDEV_STRING_H

#include <stdbool.h>
#include <stddef.h>

/*
 * rdr_udev_replace_whitespace: copy at most len chars of str to to,
 * dropping leading and trailing whitespace and turning each inner run of
 * whitespace into one '_'.  to needs len + 1 bytes.
 */
extern size_t rdr_udev_replace_whitespace(const char *str, char *to, size_t len);

/*
 * rdr_udev_replace_chars: replace in place every char that is not
 * alphanumeric, one of "#+-.:=@_", a "\x" escape or valid UTF-8, by '_'.
 */
extern size_t rdr_udev_replace_chars(char *str);

/*
 * rdr_udev_encode: hex-escape (\xNN) what rdr_udev_replace_chars would
 * replace, and '\\'; like udev's encode_devnode_name().  False (and
 * to[0] = '\0') if to is too small.
 */
extern bool rdr_udev_encode(const char *str, char *to, size_t len);

/* rdr_udev_utf8_len: length of the valid UTF-8 sequence at s, or 0. */
extern int	rdr_udev_utf8_len(const char *s);

/* rdr_utf8_valid: whether the whole string is valid UTF-8 (for inputs). */
extern bool rdr_utf8_valid(const char *s);

#endif							/* RDR_UDEV_STRING_H */
