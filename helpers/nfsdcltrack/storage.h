/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Make sure the storage directory exists (created 0700 if missing), so that
 * sqlite can open the database by path inside the container.
 * -EOPNOTSUPP in exec=host mode (UPCALL_ROOT_FD): sqlite resolves symbolic
 * links in its path by itself, so a container directory cannot be handed
 * to it safely from the host's mount namespace.
 */
int storage_dir(const char *dir);
