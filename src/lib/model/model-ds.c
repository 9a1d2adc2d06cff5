// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The model's two containers: a u64 hash map (SPID, mm and pid lookups in
 * O(1) where the seed walks a set's xarray, seed:5555-5575) and a two-level
 * bitmap for the IOASID space (lowest free ID in [min, max] without walking
 * the allocated IDs: xa_alloc's "lowest free" result, at 1M IDs).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

#define EMPTY UINT64_MAX
#define TOMB (UINT64_MAX - 1)

static size_t slot_of(uint64_t key, size_t cap)
{
	/* splitmix64 finalizer: sequential IDs spread over the table */
	key ^= key >> 30;
	key *= 0xbf58476d1ce4e5b9ull;
	key ^= key >> 27;
	key *= 0x94d049bb133111ebull;
	key ^= key >> 31;
	return (size_t)key & (cap - 1);
}

void mhash_free(struct mhash *h)
{
	free(h->keys);
	free(h->vals);
	memset(h, 0, sizeof(*h));
}

static int mhash_grow(struct mhash *h)
{
	size_t ncap = h->cap ? h->cap : 16;
	uint64_t *ok = h->keys, *ov = h->vals;
	size_t ocap = h->cap;

	/* double only when live entries need it; else just drop tombstones */
	while (ncap / 2 < h->n + 1)
		ncap *= 2;
	if (ncap < 16)
		ncap = 16;
	h->keys = malloc(ncap * sizeof(*h->keys));
	h->vals = malloc(ncap * sizeof(*h->vals));
	if (!h->keys || !h->vals) {
		free(h->keys);
		free(h->vals);
		h->keys = ok;
		h->vals = ov;
		return -ENOMEM;
	}
	for (size_t i = 0; i < ncap; i++)
		h->keys[i] = EMPTY;
	h->cap = ncap;
	h->used = h->n;
	for (size_t i = 0; i < ocap; i++) {
		if (ok[i] == EMPTY || ok[i] == TOMB)
			continue;
		size_t s = slot_of(ok[i], ncap);
		while (h->keys[s] != EMPTY)
			s = (s + 1) & (ncap - 1);
		h->keys[s] = ok[i];
		h->vals[s] = ov[i];
	}
	free(ok);
	free(ov);
	return 0;
}

static size_t mhash_find(const struct mhash *h, uint64_t key)
{
	if (!h->cap)
		return SIZE_MAX;
	for (size_t s = slot_of(key, h->cap), k = 0; k < h->cap; k++, s = (s + 1) & (h->cap - 1)) {
		if (h->keys[s] == EMPTY)
			return SIZE_MAX;
		if (h->keys[s] == key)
			return s;
	}
	return SIZE_MAX;
}

int mhash_put(struct mhash *h, uint64_t key, uint64_t val)
{
	size_t s = mhash_find(h, key);

	if (s != SIZE_MAX) {
		h->vals[s] = val;
		return 0;
	}
	/* keep at least a quarter of the slots empty so probes end */
	if ((h->used + 1) * 4 > h->cap * 3) {
		int r = mhash_grow(h);
		if (r)
			return r;
	}
	s = slot_of(key, h->cap);
	while (h->keys[s] != EMPTY && h->keys[s] != TOMB)
		s = (s + 1) & (h->cap - 1);
	if (h->keys[s] == EMPTY)
		h->used++;
	h->keys[s] = key;
	h->vals[s] = val;
	h->n++;
	return 0;
}

bool mhash_get(const struct mhash *h, uint64_t key, uint64_t *val)
{
	size_t s = mhash_find(h, key);

	if (s == SIZE_MAX)
		return false;
	if (val)
		*val = h->vals[s];
	return true;
}

bool mhash_del(struct mhash *h, uint64_t key)
{
	size_t s = mhash_find(h, key);

	if (s == SIZE_MAX)
		return false;
	h->keys[s] = TOMB;
	h->n--;
	return true;
}

int mbitmap_init(struct mbitmap *b, uint32_t nbits)
{
	size_t nw = ((size_t)nbits + 63) / 64;

	memset(b, 0, sizeof(*b));
	b->w = calloc(nw ? nw : 1, sizeof(uint64_t));
	b->full = calloc((nw + 63) / 64 + 1, sizeof(uint64_t));
	if (!b->w || !b->full) {
		mbitmap_destroy(b);
		return -ENOMEM;
	}
	b->nbits = nbits;
	return 0;
}

void mbitmap_destroy(struct mbitmap *b)
{
	free(b->w);
	free(b->full);
	memset(b, 0, sizeof(*b));
}

bool mbitmap_test(const struct mbitmap *b, uint32_t i)
{
	return i < b->nbits && (b->w[i / 64] >> (i % 64)) & 1;
}

void mbitmap_set(struct mbitmap *b, uint32_t i)
{
	uint64_t *w = &b->w[i / 64];

	if ((*w >> (i % 64)) & 1)
		return;
	*w |= 1ull << (i % 64);
	b->nset++;
	if (*w == UINT64_MAX)
		b->full[i / 4096] |= 1ull << ((i / 64) % 64);
}

void mbitmap_clear(struct mbitmap *b, uint32_t i)
{
	uint64_t *w = &b->w[i / 64];

	if (!((*w >> (i % 64)) & 1))
		return;
	*w &= ~(1ull << (i % 64));
	b->nset--;
	b->full[i / 4096] &= ~(1ull << ((i / 64) % 64));
}

uint32_t mbitmap_find_clear(const struct mbitmap *b, uint32_t lo, uint32_t hi)
{
	if (lo > hi || hi >= b->nbits)
		return UINT32_MAX;
	uint32_t wi = lo / 64, wlast = hi / 64;

	/* the first, partial word */
	uint64_t free_bits = ~b->w[wi] & (~0ull << (lo % 64));
	while (!free_bits) {
		/* skip full words 64 at a time through the summary */
		wi++;
		while (wi <= wlast) {
			uint64_t notfull = ~b->full[wi / 64] & (~0ull << (wi % 64));
			if (!notfull) {
				wi = (wi / 64 + 1) * 64;
				continue;
			}
			wi = (wi / 64) * 64 + (uint32_t)__builtin_ctzll(notfull);
			break;
		}
		if (wi > wlast)
			return UINT32_MAX;
		free_bits = ~b->w[wi];
	}
	uint32_t bit = wi * 64 + (uint32_t)__builtin_ctzll(free_bits);
	return bit <= hi ? bit : UINT32_MAX;
}

uint32_t mbitmap_find_set(const struct mbitmap *b, uint32_t lo)
{
	if (lo >= b->nbits)
		return UINT32_MAX;
	uint32_t wi = lo / 64, nw = (b->nbits + 63) / 64;
	uint64_t bits = b->w[wi] & (~0ull << (lo % 64));

	while (!bits) {
		if (++wi >= nw)
			return UINT32_MAX;
		bits = b->w[wi];
	}
	uint32_t bit = wi * 64 + (uint32_t)__builtin_ctzll(bits);
	return bit < b->nbits ? bit : UINT32_MAX;
}
