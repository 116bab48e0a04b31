/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * key.dns_resolver.conf(5): "default_ttl = N" (1..INT32_MAX seconds), '#'
 * comments. Leaves *default_ttl alone and returns -EINVAL on a bad value
 * (keyutils then refuses to run; we log and keep the default instead, since
 * in a container the file belongs to the container).
 */
int dns_conf_parse(const char *text, unsigned *default_ttl);
