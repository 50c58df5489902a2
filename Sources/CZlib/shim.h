#ifndef TRIAGE_CZLIB_SHIM_H
#define TRIAGE_CZLIB_SHIM_H
#include <zlib.h>
/* inflateInit2 is a macro (it passes the library version and struct size). */
static inline int triage_inflate_init2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
#endif
