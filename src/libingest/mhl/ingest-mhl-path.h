/* ingest-mhl-path.h
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This library is free software; you can redistribute it and/or modify it
 * under the terms of the GNU Lesser General Public License as published by
 * the Free Software Foundation; either version 2.1 of the License, or (at
 * your option) any later version.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (INGEST_INSIDE) && !defined (INGEST_COMPILATION)
# error "Only <ingest.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* Rules for the relative paths recorded in ASC MHL documents: '/' separators,
 * the on-disk bytes (no Unicode normalization, case kept). */

/* TRUE if @path may be recorded: non-empty, valid UTF-8, relative (no leading
 * '/'), no "..", "." or empty segments, no backslash, no control characters
 * (U+0000..U+001F, U+007F) and nothing XML 1.0 cannot carry. One trailing '/'
 * is tolerated (directories, spec Appendix B). The error (INGEST_MHL_ERROR_INVALID_PATH)
 * says what is wrong but names no file or line; callers prefix them. */
gboolean  ingest_mhl_path_validate     (const char  *path,
                                        GError     **error);

/* The form used as lookup key and written back: @path without a trailing '/'.
 * (transfer full) */
char     *ingest_mhl_path_normalize    (const char  *path);

/* TRUE if @text (@len bytes, -1 = NUL-terminated) is valid UTF-8 and only has
 * characters XML 1.0 allows (tab, LF, CR, >= U+0020 minus U+FFFE/U+FFFF).
 * Use it to report file names on disk that can never be recorded. */
gboolean  ingest_mhl_text_is_xml_safe  (const char  *text,
                                        gssize       len);

G_END_DECLS
