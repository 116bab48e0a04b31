/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Make sure the storage directory exists (created 0700 if missing), so that
 * sqlite can open the database by path inside the container.
 * -EOPNOTSUPP in exec=host mode (UPCALL_ROOT_FD set, valid or not); the
 * caller turns any failure here into the exit status -EACCES. See
 * storage.c for why the refusal no longer has the reason it was made for.
 */
int storage_dir(const char *dir);
