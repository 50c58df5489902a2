#ifndef TRIAGE_CPCRE2_SHIM_H
#define TRIAGE_CPCRE2_SHIM_H
/* pcre2.h refuses to compile without a code unit width; triage works on UTF-8 bytes. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
