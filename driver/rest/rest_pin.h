/*
 * rest_pin.h: the form of a TLS public-key pin, checked without libcurl so
 * that the configuration parser (and its fuzzer) need not link the client.
 */
#ifndef RDR_REST_PIN_H
#define RDR_REST_PIN_H

#include <stdbool.h>

/*
 * rdr_rest_pin_valid: pin is libcurl's "sha256//BASE64[;sha256//BASE64...]"
 * with 32-byte hashes (44 base64 characters each).
 */
extern bool rdr_rest_pin_valid(const char *pin);

#endif							/* RDR_REST_PIN_H */
