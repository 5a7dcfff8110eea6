/*
 * The hashes that the audit trail keeps, as lowercase hex: SHA-256 (OpenSSL's, which
 * uses the processor's SHA instructions) for the chain and for what is stored now;
 * BLAKE2b-256 (libsodium) only to check what earlier releases stored; HMAC-SHA-256
 * for the keyed audit chain, whose rows nobody without the key can re-hash.
 */
#ifndef HOSO_DIGEST_H
#define HOSO_DIGEST_H
#include <stddef.h>

void digest_sha256_hex(const void *data, size_t len, char out[65]);
void digest_sha256(const void *data, size_t len, unsigned char out[32]);
void digest_blake2b_hex(const void *data, size_t len, char out[65]);

/* SHA-256 over bytes given piece by piece (a file as it is read, the rows of an
 * import's batch): _add as often as needed, then _hex ends it. NULL if OpenSSL has no
 * SHA-256. */
struct digest_stream;
struct digest_stream *digest_stream_new(void);
void digest_stream_add(struct digest_stream *d, const void *data, size_t len);
/* The digest of everything added since _new or the last _hex, which starts anew. */
void digest_stream_hex(struct digest_stream *d, char out[65]);
void digest_stream_free(struct digest_stream *d);

/* A key made ready once for many messages; NULL if OpenSSL has no HMAC. */
struct digest_mac;
struct digest_mac *digest_mac_new(const unsigned char *key, size_t len);
void digest_mac_hex(struct digest_mac *m, const void *data, size_t len, char out[65]);
void digest_mac_free(struct digest_mac *m);
#endif
