/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/*
 * The parts of idmapd.conf(5) that the built-in mapping engine honours,
 * parsed by nfs-utils' conffile rules (lib/conffile.h), which libnfsidmap
 * uses too, so that one container file means the same in both helper modes.
 * Sections with a "subsection" argument are not libnfsidmap's and are
 * ignored; "include" is recorded but never followed.
 */
#define IDMAP_NOSTRIP_USER  0x1
#define IDMAP_NOSTRIP_GROUP 0x2
#define IDMAP_CONF_MAX_METHODS 8
#define IDMAP_CONF_MAX_STATIC 4096

struct idmap_static {
	char *principal;   /* [Static] tag: "name@REALM" */
	char *local;       /* local user or group name */
};

struct idmap_conf {
	char *domain;                 /* [General] Domain, NULL if unset */
	char *nobody_user;            /* [Mapping] Nobody-User */
	char *nobody_group;           /* [Mapping] Nobody-Group */
	char *methods[IDMAP_CONF_MAX_METHODS]; /* [Translation] Method */
	size_t n_methods;             /* 0: the default, "nsswitch" */
	struct idmap_static *statics;
	size_t n_statics;
	unsigned nostrip;             /* [General] No-Strip */
	bool reformat_group;          /* [General] Reformat-Group */
	int verbosity;                /* [General] Verbosity */
	unsigned ignored_lines;       /* malformed or unsupported lines */
	bool has_include;
};

/* 0, or -ENOMEM / -E2BIG (too many methods or [Static] entries). */
int idmap_conf_parse(const char *text, struct idmap_conf *conf);
void idmap_conf_free(struct idmap_conf *conf);
