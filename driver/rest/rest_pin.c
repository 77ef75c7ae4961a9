/*
 * rest_pin.c: the form of a TLS public-key pin (see rest_pin.h).
 */
#include <string.h>

#include "rest_pin.h"

/*
 * rdr_rest_pin_valid: see rest_pin.h.  libcurl only finds a malformed
 * pin at the first handshake, where it looks like a key mismatch.
 */
bool
rdr_rest_pin_valid(const char *pin)
{
	const char *p = pin;

	if (*p == '\0')
		return false;
	while (*p)
	{
		size_t		n = strcspn(p, ";");

		if (n != 8 + 44 || strncmp(p, "sha256//", 8) != 0 ||
			strspn(p + 8, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") != 43 ||
			p[8 + 43] != '=')
			return false;
		p += n + (p[n] == ';');
	}
	return true;
}
