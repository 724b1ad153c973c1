/* ingest-reverse-list-model.h
 *
 * Copyright 2026 The Ingest Station authors
 *
 * This program is free software: you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation, either version 3 of the License, or (at your option)
 * any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define INGEST_TYPE_REVERSE_LIST_MODEL (ingest_reverse_list_model_get_type())

G_DECLARE_FINAL_TYPE (IngestReverseListModel, ingest_reverse_list_model, INGEST, REVERSE_LIST_MODEL, GObject)

IngestReverseListModel *ingest_reverse_list_model_new          (GListModel             *model);
GListModel             *ingest_reverse_list_model_get_model    (IngestReverseListModel *self);
void                    ingest_reverse_list_model_set_model    (IngestReverseListModel *self,
                                                                GListModel             *model);
gboolean                ingest_reverse_list_model_get_reversed (IngestReverseListModel *self);
void                    ingest_reverse_list_model_set_reversed (IngestReverseListModel *self,
                                                                gboolean                reversed);

G_END_DECLS
