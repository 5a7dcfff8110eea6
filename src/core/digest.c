#include "core/digest.h"
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>

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
digest_sha256_hex(const void *data, size_t len, char out[65])
{
	pthread_once(&sha256_once, sha256_fetch);
	unsigned char bin[32];
	unsigned int n = 0;
	if (sha256 == NULL || !EVP_Digest(data, len, bin, &n, sha256, NULL) ||
	    n != sizeof bin)
		abort();	/* no SHA-256: no audit trail can be written or checked */
	sodium_bin2hex(out, 65, bin, sizeof bin);
}

void
digest_blake2b_hex(const void *data, size_t len, char out[65])
{
	unsigned char bin[32];
	crypto_generichash(bin, sizeof bin, data, len, NULL, 0);
	sodium_bin2hex(out, 65, bin, sizeof bin);
}
