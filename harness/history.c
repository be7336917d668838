// SPDX-License-Identifier: MIT
/*
 * history.c - a small ring of recent events per pageblock, fed by the
 * checker's event observer and by the executor's page operations.
 */
#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"

struct hist_entry {
	uint32_t op;
	uint8_t kind;		/* enum hat_event_kind, or HIST_PAGE */
	int8_t zone;
	uint8_t old_mt, new_mt;
	unsigned long counter;
	const char *func;
	unsigned long pfn;	/* HIST_PAGE: the page */
	unsigned int order;
};

#define HIST_PAGE	0xff

struct hist_ring {
	uint8_t next, count;
	struct hist_entry e[HISTORY_DEPTH];
};

static struct hist_ring *rings;
static unsigned long nr_rings;
static uint32_t cur_op;

static void push(unsigned long block, const struct hist_entry *e)
{
	struct hist_ring *r;

	if (block >= nr_rings)
		return;
	r = &rings[block];
	r->e[r->next] = *e;
	r->next = (uint8_t)((r->next + 1) % HISTORY_DEPTH);
	if (r->count < HISTORY_DEPTH)
		r->count++;
}

static void on_event(const struct hat_event *ev, void *arg)
{
	struct hist_entry e = {
		.op = cur_op, .kind = (uint8_t)ev->kind, .zone = (int8_t)ev->zone,
		.old_mt = (uint8_t)ev->old_mt, .new_mt = (uint8_t)ev->new_mt,
		.counter = ev->counter, .func = ev->func, .pfn = ev->pfn,
		.order = ev->order,
	};

	(void)arg;
	push(ev->block_pfn >> hat_geom.pb_order, &e);
}

int history_start(void)
{
	unsigned long n = hat_active->node_pages() >> hat_geom.pb_order;

	free(rings);
	rings = calloc(n ? n : 1, sizeof(*rings));
	if (!rings)
		return -1;
	nr_rings = n;
	cur_op = 0;
	hat_checker.on_event = on_event;
	hat_checker.event_arg = NULL;
	return 0;
}

void history_stop(void)
{
	hat_checker.on_event = NULL;
}

void history_set_op(uint32_t op_index)
{
	cur_op = op_index;
}

void history_note_page(unsigned long pfn, unsigned int order, const char *what)
{
	struct hist_entry e = {
		.op = cur_op, .kind = HIST_PAGE, .zone = -1, .func = what,
		.pfn = pfn, .order = order,
	};

	if (rings)
		push(pfn >> hat_geom.pb_order, &e);
}

void history_print(FILE *f, unsigned long pfn)
{
	unsigned long block = pfn >> hat_geom.pb_order;
	const struct hist_ring *r;

	if (!rings || block >= nr_rings) {
		fprintf(f, "    (no history)\n");
		return;
	}
	r = &rings[block];
	fprintf(f, "  pageblock %lu (pfn %lu-%lu), last %u events:\n", block,
		block << hat_geom.pb_order, ((block + 1) << hat_geom.pb_order) - 1, r->count);
	for (unsigned int i = 0; i < r->count; i++) {
		const struct hist_entry *e =
			&r->e[(r->next + HISTORY_DEPTH - r->count + i) % HISTORY_DEPTH];

		fprintf(f, "    op %-6u ", e->op);
		switch (e->kind) {
		case HAT_EV_RETYPE:
			fprintf(f, "%s: %s -> %s\n", e->func, hat_mt_names[e->old_mt],
				hat_mt_names[e->new_mt]);
			break;
		case HAT_EV_INC:
		case HAT_EV_DEC:
			fprintf(f, "%s: %s nr_reserved_highatomic %s to %lu\n", e->func,
				hat_zone_names[e->zone], e->kind == HAT_EV_INC ? "up" : "down",
				e->counter);
			break;
		case HAT_EV_STALE_FREE:
			fprintf(f, "%s: pfn %lu order %u onto a %s list, block is %s (stale type)\n",
				e->func, e->pfn, e->order, hat_mt_names[e->new_mt],
				hat_mt_names[e->old_mt]);
			break;
		default:
			fprintf(f, "%s pfn %lu order %u\n", e->func, e->pfn, e->order);
			break;
		}
	}
}
