/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The "hosts:" line of nsswitch.conf(5): which sources answer, in order,
 * and where a lookup stops. Only "files" and "dns" are implemented here;
 * other services (mdns4_minimal, myhostname, resolve, ...) are skipped
 * together with the [action] items that follow them, because those items
 * act on the skipped service's result, not on ours.
 */
enum nss_source { NSS_FILES = 1, NSS_DNS = 2 };
enum nss_status { NSS_SUCCESS, NSS_NOTFOUND, NSS_UNAVAIL, NSS_TRYAGAIN, NSS_N_STATUS };

#define NSS_MAX_SOURCES 8

struct nss_hosts {
	int n;
	struct {
		enum nss_source source;
		unsigned stop;     /* bit (1 << status): "return" on that status */
	} s[NSS_MAX_SOURCES];
};

/* No file (@text NULL) or no hosts: line gives glibc's built-in default
 * "dns [!UNAVAIL=return] files"; so does -ENOMEM. */
int nsswitch_hosts_parse(const char *text, struct nss_hosts *out);
