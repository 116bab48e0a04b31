// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conffile.h"
#include "nfs_conf.h"

/* conf_get_str("nfsdcltrack", "storagedir"): no subsection, last one wins. */
static int on_entry(const struct conffile_entry *e, void *data)
{
	char **result = data, *c;

	if (e->subsection || strcasecmp(e->section, "nfsdcltrack") || strcasecmp(e->tag, "storagedir"))
		return 0;
	if (e->value[0] != '/')
		return 0;
	c = strdup(e->value);
	if (!c)
		return -ENOMEM;
	free(*result);
	*result = c;
	return 0;
}

char *cltrack_conf_storagedir(const char *text)
{
	char *result = NULL;

	if (conffile_parse(text, on_entry, &result) < 0) {
		free(result);
		return NULL;
	}
	return result;
}
