/* Offsets into struct rt_thread that assembly uses (checked in runtime.h). */
#define RT_PENDING_OFFSET 8
