/*
 * libFuzzer harness for the gateway's answer parsers: every input goes through
 * each parser, exactly as a body from the network would (src/gateway/parse.c).
 * Deterministic, no exit(), frees everything. Build and run with ./run.sh; the
 * committed corpus in ../corpus is replayed by test_gw_parse in `make check`.
 */
#include "gateway/gw_internal.h"
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct gw_verify v, many[3];
	(void)gw_parse_verify(body, size, &v);
	for (int n = 1; n <= 3; n++)
		(void)gw_parse_batch(body, size, n, many);
	struct gw_citizen c;
	(void)gw_parse_citizen(body, size, "001089001234", &c);
	gw_citizen_clear(&c);
	char *tok = NULL;
	int ttl;
	(void)gw_parse_token(body, size, &tok, &ttl);
	free(tok);
	(void)gw_parse_not_found(body, size);
	free(gw_parse_error_message(body, size));
	return 0;
}
