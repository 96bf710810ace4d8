#include "thread_slots.h"

_Thread_local void *labrun_thread_slots[LABRUN_SLOT_COUNT];

#include <stdatomic.h>
#include <stdlib.h>

void *labrun_flag_make(void) {
    atomic_bool *flag = malloc(sizeof(atomic_bool));
    if (flag) atomic_init(flag, 0);
    return flag;
}

void labrun_flag_free(void *storage) { free(storage); }

_Bool labrun_flag_get(const void *storage) {
    return atomic_load_explicit((const atomic_bool *)storage, memory_order_relaxed);
}

void labrun_flag_set(void *storage, _Bool value) {
    atomic_store_explicit((atomic_bool *)storage, value, memory_order_release);
}
