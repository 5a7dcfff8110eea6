#include "core/digest.h"
#include <openssl/evp.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Fetched once; it lives as long as the process. A national import hashes two
 * buffers for every person: a kilobyte took 0.72 us here against 1.7 us with
 * libsodium's BLAKE2b, which earlier releases used for the content hash. */
static EVP_MD *sha256;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void
sha256_fetch(void)
{
	sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
}

void
digest_sha256(const void *data, size_t len, unsigned char out[32])
{
	pthread_once(&sha256_once, sha256_fetch);
	unsigned int n = 0;
	if (sha256 == NULL || !EVP_Digest(data, len, out, &n, sha256, NULL) || n != 32)
		abort();	/* no SHA-256: no audit trail can be written or checked */
}

void
digest_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char bin[32];
	digest_sha256(data, len, bin);
	sodium_bin2hex(out, 65, bin, sizeof bin);
}

void
digest_blake2b_hex(const void *data, size_t len, char out[65])
{
	unsigned char bin[32];
	crypto_generichash(bin, sizeof bin, data, len, NULL, 0);
	sodium_bin2hex(out, 65, bin, sizeof bin);
}

struct digest_stream {
	EVP_MD_CTX *ctx;
};

struct digest_stream *
digest_stream_new(void)
{
	pthread_once(&sha256_once, sha256_fetch);
	if (sha256 == NULL)
		return NULL;
	struct digest_stream *d = calloc(1, sizeof *d);
	if (d == NULL || (d->ctx = EVP_MD_CTX_new()) == NULL ||
	    !EVP_DigestInit_ex(d->ctx, sha256, NULL)) {
		digest_stream_free(d);
		return NULL;
	}
	return d;
}

void
digest_stream_add(struct digest_stream *d, const void *data, size_t len)
{
	if (!EVP_DigestUpdate(d->ctx, data, len))
		abort();	/* as digest_sha256_hex */
}

void
digest_stream_hex(struct digest_stream *d, char out[65])
{
	unsigned char bin[32];
	unsigned int n = 0;
	if (!EVP_DigestFinal_ex(d->ctx, bin, &n) || n != sizeof bin ||
	    !EVP_DigestInit_ex(d->ctx, sha256, NULL))
		abort();
	sodium_bin2hex(out, 65, bin, sizeof bin);
}

void
digest_stream_free(struct digest_stream *d)
{
	if (d == NULL)
		return;
	EVP_MD_CTX_free(d->ctx);
	free(d);
}

/*
 * HMAC (RFC 2104) over OpenSSL's SHA-256, with the two keyed blocks hashed once:
 * a message then costs copying two digest states, its own bytes and the outer
 * block. Through EVP_MAC each message cost about 0.2 us more than a plain SHA-256
 * of it, on the national load's one writing thread.
 */
struct digest_mac {
	EVP_MD_CTX *inner, *outer, *work;
};

struct digest_mac *
digest_mac_new(const unsigned char *key, size_t len)
{
	pthread_once(&sha256_once, sha256_fetch);
	unsigned char block[64], k[64] = {0};
	if (sha256 == NULL)
		return NULL;
	if (len > sizeof k) {
		unsigned int n = 0;
		if (!EVP_Digest(key, len, k, &n, sha256, NULL))
			return NULL;
	} else
		memcpy(k, key, len);
	struct digest_mac *m = calloc(1, sizeof *m);
	if (m == NULL)
		return NULL;
	m->inner = EVP_MD_CTX_new();
	m->outer = EVP_MD_CTX_new();
	m->work = EVP_MD_CTX_new();
	int ok = m->inner != NULL && m->outer != NULL && m->work != NULL;
	for (size_t i = 0; i < sizeof block; i++)
		block[i] = k[i] ^ 0x36;
	ok = ok && EVP_DigestInit_ex(m->inner, sha256, NULL) &&
	    EVP_DigestUpdate(m->inner, block, sizeof block);
	for (size_t i = 0; i < sizeof block; i++)
		block[i] = k[i] ^ 0x5c;
	ok = ok && EVP_DigestInit_ex(m->outer, sha256, NULL) &&
	    EVP_DigestUpdate(m->outer, block, sizeof block);
	OPENSSL_cleanse(block, sizeof block);
	OPENSSL_cleanse(k, sizeof k);
	if (!ok) {
		digest_mac_free(m);
		return NULL;
	}
	return m;
}

void
digest_mac_hex(struct digest_mac *m, const void *data, size_t len, char out[65])
{
	unsigned char inner[32], bin[32];
	unsigned int n = 0, n2 = 0;
	if (!EVP_MD_CTX_copy_ex(m->work, m->inner) || !EVP_DigestUpdate(m->work, data, len) ||
	    !EVP_DigestFinal_ex(m->work, inner, &n) || n != sizeof inner ||
	    !EVP_MD_CTX_copy_ex(m->work, m->outer) ||
	    !EVP_DigestUpdate(m->work, inner, sizeof inner) ||
	    !EVP_DigestFinal_ex(m->work, bin, &n2) || n2 != sizeof bin)
		abort();	/* no HMAC: the keyed trail can be neither written nor checked */
	sodium_bin2hex(out, 65, bin, sizeof bin);
}

void
digest_mac_free(struct digest_mac *m)
{
	if (m == NULL)
		return;
	EVP_MD_CTX_free(m->inner);
	EVP_MD_CTX_free(m->outer);
	EVP_MD_CTX_free(m->work);
	free(m);
}
