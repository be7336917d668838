// SPDX-License-Identifier: MIT
/*
 * trace.c - the trace container, expected verdicts, static validation and
 * the names both encodings share.
 */
#include "trace.h"
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[NR_OP_KINDS] = {
	[OP_INIT_FREE] = "init-free",
	[OP_INIT_BUDDY] = "init-buddy",
	[OP_INIT_BLOCK] = "init-block",
	[OP_INIT_COUNTER] = "init-counter",
	[OP_WATERMARKS] = "watermarks",
	[OP_ALLOC] = "alloc",
	[OP_FREE] = "free",
	[OP_FREE_BEGIN] = "free-begin",
	[OP_FREE_COMMIT] = "free-commit",
	[OP_DRAIN] = "drain",
	[OP_DRAIN_ALL] = "drain-all",
	[OP_UNRESERVE] = "unreserve",
	[OP_RECLAIMABLE] = "reclaimable",
	[OP_PROGRESS] = "progress",
	[OP_SHRINK] = "shrink",
	[OP_ISOLATE] = "isolate",
	[OP_UNISOLATE] = "unisolate",
	[OP_ISOLATE_FREE] = "isolate-free",
	[OP_MANAGED] = "managed",
	[OP_CHECK] = "check",
	[OP_INIT_ALLOC] = "init-alloc",
	[OP_LOWMEM_RESERVE] = "lowmem-reserve",
	[OP_ALLOC_BEGIN] = "alloc-begin",
	[OP_ALLOC_STEP] = "alloc-step",
	[OP_ALLOC_END] = "alloc-end",
	[OP_NR_FREE_PAGES] = "nr-free-pages",
	[OP_PCP_TRYLOCK] = "pcp-trylock",
	[OP_SYSCTL] = "sysctl",
};

const char *op_name(enum op_kind k)
{
	return (unsigned int)k < NR_OP_KINDS ? op_names[k] : "?";
}

static int lookup(const char *const *names, int n, const char *name, size_t len)
{
	for (int i = 0; i < n; i++)
		if (names[i] && strlen(names[i]) == len && !strncmp(names[i], name, len))
			return i;
	return -1;
}

int op_lookup(const char *name, size_t len)
{
	return lookup(op_names, NR_OP_KINDS, name, len);
}

int zone_lookup(const char *name, size_t len)
{
	return lookup(hat_zone_names, HAT_NR_ZONES, name, len);
}

int migratetype_lookup(const char *name, size_t len)
{
	return lookup(hat_mt_names, HAT_NR_MT, name, len);
}

void trace_init(struct trace *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	geometry_default(&t->hdr.geom);
	t->name = name;
}

void trace_free(struct trace *t)
{
	free(t->ops);
	t->ops = NULL;
	t->nr_ops = t->cap_ops = 0;
}

struct op *trace_push(struct trace *t)
{
	if (t->nr_ops >= TRACE_MAX_OPS)
		return NULL;
	if (t->nr_ops == t->cap_ops) {
		uint32_t cap = t->cap_ops ? t->cap_ops * 2 : 64;
		struct op *ops = realloc(t->ops, cap * sizeof(*ops));

		if (!ops)
			return NULL;
		t->ops = ops;
		t->cap_ops = cap;
	}
	memset(&t->ops[t->nr_ops], 0, sizeof(struct op));
	return &t->ops[t->nr_ops++];
}

void trace_managed_start(const struct hat_geometry *g, int64_t managed[HAT_NR_ZONES])
{
	for (int z = 0; z < HAT_NR_ZONES; z++)
		managed[z] = g->zone_end_pfn[z] > g->zone_start_pfn[z] ?
			     (int64_t)(g->zone_end_pfn[z] - g->zone_start_pfn[z] -
				       g->reserved_pages[z]) : 0;
}

long trace_expected(const struct trace *t, const struct hat_variant *v)
{
	if (variant_era(v) != trace_era(&t->hdr))
		return -1;
	for (unsigned int i = 0; i < t->hdr.nr_rules; i++) {
		const struct expect_rule *r = &t->hdr.rules[i];

		if ((v->patches & r->have) == r->have && !(v->patches & r->lack))
			return (long)r->fired;
	}
	return -1;
}

/* Handle states while walking the stream. */
enum { H_UNUSED, H_FLIGHT, H_LIVE, H_FREEING, H_FREED };

long trace_validate(const struct trace *t, char *why, size_t len)
{
	const struct hat_geometry *g = &t->hdr.geom;
	unsigned long node_end = 0;
	int64_t managed[HAT_NR_ZONES];
	unsigned char *state;
	uint8_t *order;
	uint32_t next_handle = 0;
	long bad = -1;

	for (int z = 0; z < HAT_NR_ZONES; z++)
		if (g->zone_end_pfn[z] > g->zone_start_pfn[z])
			node_end = g->zone_end_pfn[z];
	trace_managed_start(g, managed);
	state = calloc(t->nr_handles ? t->nr_handles : 1, 1);
	order = calloc(t->nr_handles ? t->nr_handles : 1, 1);
	if (!state || !order) {
		snprintf(why, len, "out of memory");
		free(state);
		free(order);
		return 0;
	}

	for (unsigned int r = 0; r < t->hdr.nr_rules; r++) {
		if (t->hdr.rules[r].have & t->hdr.rules[r].lack) {
			snprintf(why, len, "expect rule %u both requires and excludes a patch", r + 1);
			bad = 0;
			goto out;
		}
	}
#define BAD(...) do { snprintf(why, len, __VA_ARGS__); bad = (long)i; goto out; } while (0)
	for (uint32_t i = 0; i < t->nr_ops; i++) {
		const struct op *op = &t->ops[i];
		bool defines = op_defines_handle(op->kind);
		bool uses_handle = defines || op_uses_handle(op->kind);
		bool uses_zone = op->kind == OP_INIT_COUNTER || op->kind == OP_WATERMARKS ||
				 op->kind == OP_RECLAIMABLE || op->kind == OP_MANAGED ||
				 op->kind == OP_LOWMEM_RESERVE || op->kind == OP_NR_FREE_PAGES;

		if (op->kind >= NR_OP_KINDS)
			BAD("unknown op kind %u", op->kind);
		if (op_era(op->kind) > trace_era(&t->hdr))
			BAD("%s is an op of era %u: this trace's variant is of era %u",
			    op_name((enum op_kind)op->kind), op_era(op->kind), trace_era(&t->hdr));
		if (op->kind == OP_SYSCTL && (op->a < 0 || op->a >= HAT_NR_SYSCTLS))
			BAD("sysctl knob %lld does not exist", (long long)op->a);
		if (op->kind == OP_SYSCTL && (op->b < 0 || op->b > hat_sysctls[op->a].max))
			BAD("sysctl %s %lld out of range [0, %ld]", hat_sysctls[op->a].name,
			    (long long)op->b, hat_sysctls[op->a].max);
		if (op->cpu >= g->nr_cpus)
			BAD("cpu %u does not exist (the node has %u)", op->cpu, g->nr_cpus);
		if (uses_zone && (op->zone >= HAT_NR_ZONES ||
				  g->zone_end_pfn[op->zone] <= g->zone_start_pfn[op->zone]))
			BAD("zone %u is not populated", op->zone);
		if ((defines || op->kind == OP_INIT_BUDDY) && op->order >= g->max_order)
			BAD("order %u out of range (max_order %u)", op->order, g->max_order);
		if ((op->kind == OP_INIT_BUDDY || op->kind == OP_INIT_BLOCK ||
		     op->kind == OP_UNISOLATE) && op->mt >= HAT_NR_MT)
			BAD("migratetype %u out of range", op->mt);
		if ((op->kind == OP_INIT_BUDDY || op->kind == OP_INIT_BLOCK ||
		     op->kind == OP_ISOLATE || op->kind == OP_UNISOLATE ||
		     op->kind == OP_ISOLATE_FREE || op->kind == OP_INIT_ALLOC) &&
		    (op->a < 0 || (unsigned long)op->a >= node_end))
			BAD("pfn %lld outside the node [0, %lu)", (long long)op->a, node_end);
		if (op->kind == OP_INIT_FREE &&
		    (op->a < 0 || op->b < op->a || (unsigned long)op->b > node_end))
			BAD("range [%lld, %lld) not inside the node [0, %lu)",
			    (long long)op->a, (long long)op->b, node_end);
		if ((op->kind == OP_INIT_COUNTER || op->kind == OP_RECLAIMABLE ||
		     op->kind == OP_SHRINK || op->kind == OP_WATERMARKS ||
		     op->kind == OP_LOWMEM_RESERVE || op->kind == OP_NR_FREE_PAGES) &&
		    (op->a < 0 || op->b < 0 || op->c < 0 || op->a > (1LL << 40) ||
		     op->b > (1LL << 40) || op->c > (1LL << 40)))
			BAD("count out of range");
		if (op->kind == OP_INIT_COUNTER && op->a % (1LL << g->pb_order))
			BAD("init-counter %lld is not a multiple of pageblock_nr_pages (%lu)",
			    (long long)op->a, 1UL << g->pb_order);
		if (op->kind == OP_PROGRESS && (op->a < 0 || op->a > (1LL << 40)))
			BAD("progress %lld out of range", (long long)op->a);
		if (op->kind == OP_UNRESERVE && (op->a < 0 || op->a > 64))
			BAD("loops %lld out of range [0, 64]", (long long)op->a);
		if (op->kind == OP_MANAGED && (op->a < -(1LL << 40) || op->a > (1LL << 40)))
			BAD("managed delta %lld out of range", (long long)op->a);
		if (op->kind == OP_MANAGED) {
			if (op->a < -managed[op->zone])
				BAD("managed %s %lld takes managed_pages below 0 (it is %lld)",
				    hat_zone_names[op->zone], (long long)op->a,
				    (long long)managed[op->zone]);
			managed[op->zone] += op->a;
		}
		if (!uses_handle)
			continue;
		if (op->handle >= t->nr_handles)
			BAD("handle h%u was never allocated", op->handle);
		switch (op->kind) {
		case OP_ALLOC:
		case OP_ISOLATE_FREE:
		case OP_INIT_ALLOC:
		case OP_ALLOC_BEGIN:
			if (state[op->handle] != H_UNUSED)
				BAD("handle h%u allocated twice", op->handle);
			if (op->handle != next_handle)
				BAD("handle h%u defined out of order (expected h%u)",
				    op->handle, next_handle);
			next_handle++;
			state[op->handle] = op->kind == OP_ALLOC_BEGIN ? H_FLIGHT : H_LIVE;
			order[op->handle] = op->order;
			break;
		case OP_ALLOC_STEP:
		case OP_ALLOC_END:
			if (state[op->handle] != H_FLIGHT)
				BAD("%s of handle h%u, which is not in flight (no alloc-begin, or after its alloc-end)",
				    op_name((enum op_kind)op->kind), op->handle);
			if (op->kind == OP_ALLOC_END)
				state[op->handle] = H_LIVE;
			break;
		case OP_FREE:
		case OP_FREE_BEGIN:
			if (state[op->handle] == H_UNUSED)
				BAD("handle h%u used before its allocation", op->handle);
			if (state[op->handle] == H_FLIGHT)
				BAD("handle h%u used before its request completes (alloc-end)",
				    op->handle);
			if (state[op->handle] != H_LIVE)
				BAD("double free of handle h%u", op->handle);
			if (op->kind == OP_FREE_BEGIN && order[op->handle] == 0)
				BAD("free-begin of order-0 handle h%u (order-0 frees go through the pcp lists; use free)",
				    op->handle);
			state[op->handle] = op->kind == OP_FREE ? H_FREED : H_FREEING;
			break;
		case OP_FREE_COMMIT:
			if (state[op->handle] != H_FREEING)
				BAD("free-commit of handle h%u without its free-begin", op->handle);
			state[op->handle] = H_FREED;
			break;
		default:
			break;
		}
	}
#undef BAD
out:
	free(state);
	free(order);
	return bad;
}
