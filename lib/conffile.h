/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * nfs-utils' conffile format (/etc/nfs.conf, /etc/idmapd.conf), parsed by
 * the rules of nfs-utils' support/nfs/conffile.c so that one container file
 * means the same to our helpers as to nfs-utils and libnfsidmap:
 *  - lines end at '\n'; a backslash right before it joins the next line;
 *    a last line without '\n' is ignored;
 *  - leading white space is skipped; '#' or ';' first is a comment line;
 *  - "[name]" or "[name \"sub\"]" starts a section (anything after ']' is
 *    ignored); without ']' no section is current until the next one, and
 *    without the closing '"' the subsection is dropped;
 *  - "tag = value": blanks around '=' dropped; "..." or '...' quote the
 *    value (unmatched: line ignored); else it ends at '#' or ';' and
 *    trailing white space goes; assignments outside a section, without a
 *    tag, or without '=' are ignored.
 * Section and tag names are case-insensitive to conffile's lookups, and a
 * later assignment overrides an earlier one: the callback sees every
 * assignment in file order and applies that rule itself.
 * "include" is passed to the callback like any tag and never followed:
 * the text is the container's and the path could name anything.
 */

struct conffile_entry {
	const char *section;
	const char *subsection;   /* NULL unless [section "subsection"] */
	const char *tag;
	const char *value;
	unsigned lineno;
};

/* 0; 1 counts the entry as ignored; <0 stops the parse and is returned. */
typedef int (*conffile_cb)(const struct conffile_entry *e, void *data);

/* Number of ignored (malformed) lines, or -errno (-ENOMEM or the callback's). */
int conffile_parse(const char *text, conffile_cb cb, void *data);
