/*
 * The hashes that the audit trail keeps, as lowercase hex: SHA-256 (OpenSSL's, which
 * uses the processor's SHA instructions) for the chain and for what is stored now;
 * BLAKE2b-256 (libsodium) only to check what earlier releases stored.
 */
#ifndef HOSO_DIGEST_H
#define HOSO_DIGEST_H
#include <stddef.h>

void digest_sha256_hex(const void *data, size_t len, char out[65]);
void digest_blake2b_hex(const void *data, size_t len, char out[65]);
#endif
