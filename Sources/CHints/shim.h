#ifndef TRIAGE_CHINTS_SHIM_H
#define TRIAGE_CHINTS_SHIM_H
/* CPU hints Swift has no spelling for. */

/* Asks for the cache line at `p` to be loaded for reading (a hint: never faults). */
static inline void triage_prefetch(const void *p) {
    __builtin_prefetch(p, 0, 3);
}
#endif
