/* SPDX-License-Identifier: MIT */
/*
 * ftrace_live.h - the kmem importer's map from a live allocation's pfn to
 * its handle (private to import/ftrace*.c): open addressing, linear
 * probing; bounded by the traced machine's memory, not by the trace.
 */
#ifndef HATRACE_IMPORT_FTRACE_LIVE_H
#define HATRACE_IMPORT_FTRACE_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

_Static_assert(HAT_MAX_ORDER_LIMIT <= 15, "struct live's freed holds 2^(order+1) pages");

enum { LIVE_EMPTY, LIVE_ALLOC, LIVE_ISOLATE, LIVE_UNMAPPED };

struct live {
	uint64_t pfn;
	uint32_t handle;
	uint32_t slot;		/* the sink's handle: recycled after the free */
	uint32_t line;		/* source line of the allocation */
	uint16_t freed;		/* isolated blocks: pages freed so far (< 2^(HAT_MAX_ORDER_LIMIT+1)) */
	uint8_t order;
	uint8_t kind;		/* LIVE_* */
};

struct livemap {
	struct live *e;
	size_t cap, n;		/* cap: a power of two */
	size_t peak;
};

/* Each described at its definition (ftrace_live.c). */
struct live *live_find(struct livemap *m, uint64_t pfn);
struct live *live_insert(struct livemap *m, uint64_t pfn);
void live_erase(struct livemap *m, struct live *e);
struct live *live_containing(struct livemap *m, uint64_t pfn);

#endif /* HATRACE_IMPORT_FTRACE_LIVE_H */
