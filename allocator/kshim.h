/* SPDX-License-Identifier: MIT */
/*
 * kshim.h - the few kernel-isms the allocator model needs, in one place.
 *
 * Doubly linked lists in the style of <linux/list.h>, BUG_ON, min/max and
 * a spinlock that does not spin: the model is single threaded, so a
 * "lock" only marks a critical section.  The invariant checker hooks the
 * unlock of a zone->lock to check what changed inside the section.
 */
#ifndef HATRACE_KSHIM_H
#define HATRACE_KSHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

/* A broken model invariant is a bug in hatrace itself, not a finding. */
#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond)) {					\
			fprintf(stderr, "hatrace: BUG at %s:%d (%s): %s\n", \
				__FILE__, __LINE__, __func__, #cond);	\
			abort();					\
		}							\
	} while (0)
#define VM_BUG_ON(cond)	BUG_ON(cond)

/*
 * For a function that must wrap unsigned arithmetic as the kernel's does
 * (well defined in C; the kernel is not built with clang's
 * -fsanitize=unsigned-integer-overflow, which allocator/meson.build turns
 * on for the model with -Dsanitize=true): exempt it from that one check.
 * gcc has no such check.
 */
#if defined(__clang__)
#define __no_sanitize_unsigned_wrap	__attribute__((no_sanitize("unsigned-integer-overflow")))
#else
#define __no_sanitize_unsigned_wrap
#endif

#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * A buffer on cache-line boundaries, for the memmap: no struct page
 * straddles two lines (malloc() of a large size is 16 bytes past a page
 * boundary).
 */
#define HAT_CACHE_LINE	64

static inline void *cacheline_alloc(size_t size)
{
	return aligned_alloc(HAT_CACHE_LINE, DIV_ROUND_UP(size, HAT_CACHE_LINE) * HAT_CACHE_LINE);
}

#define container_of(ptr, type, member)					\
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

struct list_head {
	struct list_head *next, *prev;
};

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void __list_add(struct list_head *entry, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/* Insert after @head (stack order). */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head, head->next);
}

/* Insert before @head (queue order). */
static inline void list_add_tail(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head->prev, head);
}

static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->next = NULL;
	entry->prev = NULL;
}

static inline void list_move(struct list_head *entry, struct list_head *head)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	list_add(entry, head);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

#define list_entry(ptr, type, member)	container_of(ptr, type, member)
#define list_first_entry(head, type, member) \
	list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) \
	list_entry((head)->prev, type, member)
#define list_first_entry_or_null(head, type, member) \
	(list_empty(head) ? NULL : list_first_entry(head, type, member))
#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)

/* The entries on @head (include/linux/list.h, v6.3). */
static inline size_t list_count_nodes(const struct list_head *head)
{
	const struct list_head *pos;
	size_t count = 0;

	list_for_each(pos, head)
		count++;
	return count;
}

/*
 * A critical-section marker.  Taking a lock twice or releasing a free lock
 * is a model bug.  @on_unlock, when set, runs as the section closes.
 */
typedef struct spinlock {
	bool locked;
	void (*on_unlock)(void *arg);
	void *arg;
} spinlock_t;

static inline void spin_lock(spinlock_t *lock)
{
	BUG_ON(lock->locked);
	lock->locked = true;
}

static inline void spin_unlock(spinlock_t *lock)
{
	BUG_ON(!lock->locked);
	lock->locked = false;
	if (lock->on_unlock)
		lock->on_unlock(lock->arg);
}

#endif /* HATRACE_KSHIM_H */
