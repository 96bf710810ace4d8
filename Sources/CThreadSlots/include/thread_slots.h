#ifndef LABRUN_THREAD_SLOTS_H
#define LABRUN_THREAD_SLOTS_H

/// Per-thread pointer slots read in a couple of instructions (C11 thread-local storage).
/// TensorCore keeps its current context and its block pool here: pthread_getspecific and Swift's
/// lazy-global check cost more than the rest of a small tensor operation's bookkeeping.
/// The slots own nothing; whoever stores a pointer arranges its release at thread exit.

enum { LABRUN_SLOT_CONTEXT = 0, LABRUN_SLOT_DEFAULT_CONTEXT = 1, LABRUN_SLOT_BLOCK_POOL = 2, LABRUN_SLOT_COUNT = 3 };

extern _Thread_local void *labrun_thread_slots[LABRUN_SLOT_COUNT];

static inline void *labrun_thread_slot(int slot) { return labrun_thread_slots[slot]; }

static inline void labrun_set_thread_slot(int slot, void *value) { labrun_thread_slots[slot] = value; }

#endif
