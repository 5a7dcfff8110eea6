/*
 * Pseudo-random numbers for the generator: xoshiro256** (Blackman and Vigna),
 * seeded through splitmix64 so that any 64-bit seed, 0 included, gives a good
 * state. One stream drives the whole run, which is what makes a seed reproduce a
 * data set byte for byte.
 */
#include "gen.h"

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint32_t
rng_below(struct rng *r, uint32_t n)
{
	/* Lemire's multiply-shift; the bias for n far below 2^32 is negligible here. */
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int
rng_range(struct rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

bool
rng_chance(struct rng *r, double p)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0) < p;
}

int
rng_weighted(struct rng *r, const uint32_t *weights, int n)
{
	uint64_t total = 0;
	for (int i = 0; i < n; i++)
		total += weights[i];
	if (total == 0)
		return 0;
	uint64_t x = rng_next(r) % total;
	for (int i = 0; i < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}
