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
void digest_blake2b_hex(const void *data, size_t len, char out[65]);

/* A key made ready once for many messages; NULL if OpenSSL has no HMAC. */
struct digest_mac;
struct digest_mac *digest_mac_new(const unsigned char *key, size_t len);
void digest_mac_hex(struct digest_mac *m, const void *data, size_t len, char out[65]);
void digest_mac_free(struct digest_mac *m);
#endif
