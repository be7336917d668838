// SPDX-License-Identifier: MIT
/*
 * binary_format.c - what both directions of the binary encoding share:
 * the decode limits, the magic, and the numbering of the populated zones.
 */
#include "binary_codec.h"

const struct decode_limits decode_limits_file = {
	.max_node_pages = NODE_PAGES_LIMIT,
	.max_cpus = HAT_MAX_CPUS,
	.max_ops = TRACE_MAX_OPS,
};

const struct decode_limits decode_limits_fuzz = {
	.max_node_pages = 4096,
	.max_cpus = 4,
	.max_ops = 4096,
	.dynamic_only = true,
};

bool trace_is_binary(const uint8_t *buf, size_t len)
{
	return len >= BINARY_MAGIC_LEN && !memcmp(buf, BINARY_MAGIC, BINARY_MAGIC_LEN);
}

void zones_of(const struct hat_geometry *g, struct zones *z)
{
	memset(z, 0, sizeof(*z));
	for (int i = 0; i < HAT_NR_ZONES; i++)
		if (g->zone_end_pfn[i] > g->zone_start_pfn[i]) {
			z->rank[i] = (uint8_t)z->npop;
			z->pop[z->npop++] = (uint8_t)i;
			z->node_end = g->zone_end_pfn[i];
		}
}
