#ifndef TRIAGE_CNCURSESW_SHIM_H
#define TRIAGE_CNCURSESW_SHIM_H
/* Must precede curses.h: enables cchar_t, add_wch, get_wch (pkg-config -D flags are dropped by SwiftPM). */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
/* Macros and C globals that do not import into Swift 6. */
static inline attr_t triage_a_bold(void) { return A_BOLD; }
static inline attr_t triage_a_reverse(void) { return A_REVERSE; }
static inline attr_t triage_a_underline(void) { return A_UNDERLINE; }
static inline attr_t triage_a_dim(void) { return A_DIM; }
static inline WINDOW *triage_stdscr(void) { return stdscr; }
static inline int triage_lines(void) { return LINES; }
static inline int triage_cols(void) { return COLS; }
#endif
