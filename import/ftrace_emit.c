// SPDX-License-Identifier: MIT
/*
 * ftrace_emit.c - what the kmem import writes (see ftrace_int.h): its
 * problems (counted, with examples; the strict stop) and its ops, to the
 * output, the in-memory trace and the sink, with the sink's handle slots.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ftrace_int.h"
#include "text.h"

/*
 * @len bytes of @src into @dst (@size > 0), cut to fit, every byte outside
 * printable ASCII as '?': what comes from the input goes to a terminal and
 * into the output's comments (where the text format wants UTF-8) so.
 * In place if @dst is @src.  Returns @dst.
 */
char *ft_printable(char *dst, size_t size, const char *src, size_t len)
{
	size_t n = len < size - 1 ? len : size - 1;

	for (size_t i = 0; i < n; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[n] = '\0';
	return dst;
}

void ft_count_name(struct ftrace_named_count *tab, const char *s, size_t len)
{
	char name[sizeof(tab[0].name)];
	size_t n = strlen(ft_printable(name, sizeof(name), s, len));

	for (int i = 0; i < FTRACE_NAMES; i++) {
		if (!tab[i].count) {
			memcpy(tab[i].name, name, n + 1);
			tab[i].count = 1;
			return;
		}
		if (!strcmp(tab[i].name, name)) {
			tab[i].count++;
			return;
		}
	}
}

__attribute__((format(printf, 4, 5)))
void ft_problem(struct ctx *c, bool malformed, enum ftrace_reason why, const char *fmt, ...)
{
	struct ftrace_stats *st = c->st;
	struct ftrace_example *ex = NULL;
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ft_printable(msg, sizeof(msg), msg, strlen(msg));
	if (malformed) {
		st->malformed++;
		if (st->nr_malformed_ex < FTRACE_EXAMPLES)
			ex = &st->malformed_ex[st->nr_malformed_ex++];
	} else {
		st->reason[why]++;
		if (st->nr_unmapped_ex < FTRACE_EXAMPLES)
			ex = &st->unmapped_ex[st->nr_unmapped_ex++];
	}
	if (ex) {
		ex->line = c->line;
		snprintf(ex->msg, sizeof(ex->msg), "%s", msg);
	}
	if (c->o->strict && !c->stop) {
		snprintf(c->err, c->errlen, "%s:%lu: %s%s", c->o->path, c->line,
			 malformed ? "malformed line: " : "", msg);
		c->stop = true;
		c->failed = true;
		st->strict_stop = true;
	}
}

void ft_unmapped(struct ctx *c, enum ftrace_event ev, enum ftrace_reason why,
		     const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->st->unmapped[ev]++;
	ft_problem(c, false, why, "%s: %s", ftrace_event_names[ev], msg);
}

/*
 * Write one op (keep it in the in-memory trace, give it to the sink with
 * handle slot @slot).  The output's line count runs without an output too:
 * op->line refers to it whenever o->out_name is set.
 */
void ft_emit_slot(struct ctx *c, const struct op *op, uint32_t slot, const char *comment)
{
	const struct ftrace_import_opts *o = c->o;
	struct ftrace_stats *st = c->st;

	st->ops++;
	st->op_kind[op->kind]++;
	c->out_line++;
	if (o->sink) {
		struct op canon = *op, s;

		canon.line = (uint32_t)(o->out_name ? c->out_line : c->line);
		s = canon;
		switch (op->kind) {
		case OP_ALLOC:
		case OP_ISOLATE_FREE:
		case OP_INIT_ALLOC:
		case OP_FREE:
		case OP_FREE_BEGIN:
		case OP_FREE_COMMIT:
			s.handle = slot;
			break;
		default:
			break;
		}
		o->sink->op(o->sink->arg, &canon, &s, c->kernel_failed_op);
	}
	if (o->out) {
		op_print(o->out, op);
		if (o->annotate && c->line)
			fprintf(o->out, " # L%lu%s%s", c->line, comment ? ": " : "", comment ? comment : "");
		else if (comment)
			fprintf(o->out, " # %s", comment);
		fputc('\n', o->out);
	}
	if (o->trace && !st->too_many_ops) {
		struct op *d = trace_push(o->trace);

		if (!d) {
			st->too_many_ops = true;
			st->reason[FR_TOO_MANY_OPS]++;
			return;
		}
		*d = *op;
		d->line = (uint32_t)(o->out_name ? c->out_line : c->line);
		switch (op->kind) {
		case OP_ALLOC:
		case OP_ISOLATE_FREE:
		case OP_INIT_ALLOC:
			o->trace->nr_handles = op->handle + 1;
			break;
		default:
			break;
		}
	}
}

/* An op without a recycled slot of its own (the start's, non-handle ops). */
void ft_emit(struct ctx *c, const struct op *op, const char *comment)
{
	ft_emit_slot(c, op, op->handle, comment);
}

/* A new handle, and its slot for the sink (*slot; recycled by put_slot()). */
uint32_t ft_new_handle(struct ctx *c, uint32_t *slot)
{
	c->st->handles++;
	if (c->nr_free_slots)
		*slot = c->free_slots[--c->nr_free_slots];
	else
		*slot = c->next_slot++;
	return c->next_handle++;
}

/* The slot's allocation was freed (the free op emitted): reuse it. */
static void put_slot(struct ctx *c, uint32_t slot)
{
	if (!c->o->sink)
		return;
	if (c->nr_free_slots == c->cap_free_slots) {
		size_t cap = c->cap_free_slots ? c->cap_free_slots * 2 : 1024;
		uint32_t *a = realloc(c->free_slots, cap * sizeof(*a));

		if (!a)
			return;	/* not reused: only memory lost */
		c->free_slots = a;
		c->cap_free_slots = cap;
	}
	c->free_slots[c->nr_free_slots++] = slot;
}

/* A free of @handle; its slot is free again. */
void ft_emit_free(struct ctx *c, uint32_t handle, uint32_t slot, unsigned int cpu)
{
	struct op op = { .kind = OP_FREE, .handle = handle, .cpu = (uint8_t)cpu };

	ft_emit_slot(c, &op, slot, NULL);
	put_slot(c, slot);
}
