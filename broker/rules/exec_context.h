/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a helper runs, as a rule's options word says. Its own header
 * because the enter/ side (exec_target.h) needs the context without the
 * rule file format.
 */
#pragma once

enum exec_context {
	EXEC_HOST = 0,      /* like keyutils: host namespaces, as root */
	EXEC_CONTAINER,     /* as if the container's init had forked it */
	EXEC_REQUESTER,     /* the requester's own namespaces (like cifs.upcall) */
};

const char *exec_context_name(enum exec_context c);
