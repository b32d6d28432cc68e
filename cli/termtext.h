/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * termtext: text cells for the terminal tables, measured in characters, not bytes.
 *
 * Titles are UTF-8; printf's %-30.30s counts bytes, so it cuts a character in half and pads
 * "Zoë" one column short. termtext counts code points (one column each: good for Latin,
 * Greek and Cyrillic titles; East Asian wide characters take two columns and are not
 * measured as such), cuts a long text to width - 1 characters followed by '…', replaces
 * control characters by spaces, and pads with spaces. Number groups ("1,234,567") and
 * durations ("2 min 5 s") for the progress line live here too. No state, no allocation.
 */
#ifndef SHIPCAST_TERMTEXT_H
#define SHIPCAST_TERMTEXT_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf (size bytes, at least 4 * width + 1) with text cut or padded to exactly width
 * characters, left-aligned; returns buf. */
char *termtext_cell(char *buf, size_t size, const char *text, int width);

/* Characters (code points) in a UTF-8 string. */
int termtext_width(const char *text);

/* n with thousands separated by ',' ("12,345"); buf at least 27 bytes; returns buf. */
char *termtext_count(char *buf, size_t size, uint64_t n);

/* A duration for people: "45 s", "12 min 5 s", "3 h 20 min"; returns buf. */
char *termtext_duration(char *buf, size_t size, double seconds);

/* "1 team" or "5 teams": n, a space, and the singular or plural noun; returns buf. */
char *termtext_plural(char *buf, size_t size, int64_t n, const char *singular, const char *plural);

#endif
