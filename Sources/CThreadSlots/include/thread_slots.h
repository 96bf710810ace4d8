#ifndef LABRUN_THREAD_SLOTS_H
#define LABRUN_THREAD_SLOTS_H

/// Per-thread pointer slots read in a couple of instructions (C11 thread-local storage), and a
/// cross-thread flag (below).
/// TensorCore keeps its current context and its block pool here: pthread_getspecific and Swift's
/// lazy-global check cost more than the rest of a small tensor operation's bookkeeping.
/// The slots own nothing; whoever stores a pointer arranges its release at thread exit.

enum { LABRUN_SLOT_CONTEXT = 0, LABRUN_SLOT_DEFAULT_CONTEXT = 1, LABRUN_SLOT_BLOCK_POOL = 2, LABRUN_SLOT_COUNT = 3 };

extern _Thread_local void *labrun_thread_slots[LABRUN_SLOT_COUNT];

static inline void *labrun_thread_slot(int slot) { return labrun_thread_slots[slot]; }

static inline void labrun_set_thread_slot(int slot, void *value) { labrun_thread_slots[slot] = value; }

/// A flag one thread sets and another polls (a running cell's cancellation), read without a lock:
/// the poller looks at it every few hundred loop iterations or native calls, and a mutex there cost
/// about as much as one of a training step's tensor operations. Relaxed loads suffice, since the
/// flag carries no other data; setting it is a release store. `storage` must point to a byte made by
/// `labrun_flag_make` and freed by `labrun_flag_free`.
void *labrun_flag_make(void);
void labrun_flag_free(void *storage);
_Bool labrun_flag_get(const void *storage);
void labrun_flag_set(void *storage, _Bool value);

#endif
