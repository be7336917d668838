// SPDX-License-Identifier: MIT
/*
 * ftrace_live.c - pfn -> live allocation: open addressing, linear probing
 * (see ftrace_live.h).
 */
#include "ftrace_live.h"

#include <stdlib.h>

static size_t live_slot(const struct livemap *m, uint64_t pfn)
{
	return (size_t)((pfn * 0x9e3779b97f4a7c15ULL) >> 20) & (m->cap - 1);
}

struct live *live_find(struct livemap *m, uint64_t pfn)
{
	if (!m->n)
		return NULL;
	for (size_t i = live_slot(m, pfn);; i = (i + 1) & (m->cap - 1)) {
		if (m->e[i].kind == LIVE_EMPTY)
			return NULL;
		if (m->e[i].pfn == pfn)
			return &m->e[i];
	}
}

static int live_grow(struct livemap *m)
{
	struct livemap g = { .cap = m->cap ? m->cap * 2 : 4096 };

	g.e = calloc(g.cap, sizeof(*g.e));
	if (!g.e)
		return -1;
	g.peak = m->peak;
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;

		if (m->e[i].kind == LIVE_EMPTY)
			continue;
		for (j = live_slot(&g, m->e[i].pfn); g.e[j].kind != LIVE_EMPTY; j = (j + 1) & (g.cap - 1))
			;
		g.e[j] = m->e[i];
		g.n++;
	}
	free(m->e);
	*m = g;
	return 0;
}

/* The entry for @pfn, new (kind LIVE_EMPTY) or existing; NULL if out of memory. */
struct live *live_insert(struct livemap *m, uint64_t pfn)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap && live_grow(m))
		return NULL;
	for (i = live_slot(m, pfn); m->e[i].kind != LIVE_EMPTY; i = (i + 1) & (m->cap - 1))
		if (m->e[i].pfn == pfn)
			return &m->e[i];
	m->n++;
	if (m->n > m->peak)
		m->peak = m->n;
	m->e[i].pfn = pfn;
	return &m->e[i];
}

/* Remove @e (backward-shift deletion keeps every probe chain intact). */
void live_erase(struct livemap *m, struct live *e)
{
	size_t i = (size_t)(e - m->e), j = i;

	m->n--;
	for (;;) {
		size_t k;

		m->e[i].kind = LIVE_EMPTY;
		for (;;) {
			j = (j + 1) & (m->cap - 1);
			if (m->e[j].kind == LIVE_EMPTY)
				return;
			k = live_slot(m, m->e[j].pfn);
			/* move e[j] into the hole unless its home lies cyclically in (i, j] */
			if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
				continue;
			break;
		}
		m->e[i] = m->e[j];
		i = j;
	}
}

/* The live allocation that holds @pfn without starting there, if any. */
struct live *live_containing(struct livemap *m, uint64_t pfn)
{
	for (unsigned int k = 1; k < HAT_MAX_ORDER_LIMIT; k++) {
		uint64_t head = pfn & ~((1ULL << k) - 1);
		struct live *e;

		if (head == pfn)
			continue;
		e = live_find(m, head);
		if (e && e->order >= k)
			return e;
	}
	return NULL;
}
