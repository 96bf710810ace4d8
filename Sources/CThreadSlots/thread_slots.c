#include "thread_slots.h"

_Thread_local void *labrun_thread_slots[LABRUN_SLOT_COUNT];
