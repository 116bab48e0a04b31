/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <syslog.h>

/*
 * The one logger of the broker and the helpers. The kernel starts
 * request-key and usermode helpers with no fds at all, so syslog is the only
 * channel that always works; stderr is added for -v and the debug modes.
 *
 * The same rules for every program:
 *  - tag: the program's name as invoked ("request-key", "nfsdcltrack",
 *    "dns_resolver", "nfsidmap"), so a log line names what the admin
 *    configured, even when one binary serves under several names;
 *  - facility: that of the program we stand in for, so existing syslog
 *    filters keep working: LOG_AUTHPRIV for request-key (keyutils' own
 *    request-key logs there; "upcall-broker" is request-key under its own
 *    name), LOG_DAEMON for everything else (nfs-utils' xlog and keyutils'
 *    key.dns_resolver);
 *  - syslog lines start with "[pidns <inode> host <hostname>]": helpers run
 *    inside containers, and the host's log must say which one;
 *  - verbosity 0: warnings and worse only; 1: also LOG_INFO; 2: also
 *    LOG_DEBUG. With @to_stderr, LOG_INFO goes to syslog even at 0, and
 *    stderr gets warnings and worse (everything logged at verbosity >= 1).
 */
void ub_log_setup(const char *argv0, bool to_stderr, int verbosity);
/* A config file may raise the verbosity after set-up; where logs go stays. */
void ub_log_set_verbosity(int verbosity);
void ub_log(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool ub_log_debug_enabled(void);
/* -n: keep quiet in syslog (tests, dry runs); survives a later setup. */
void ub_log_no_syslog(void);

/*
 * The broker's set-up of the same logger: verbosity 1 (LOG_INFO always
 * logged, as request-key does), 2 with @debug; the tag is the name the
 * broker was invoked under.
 */
void broker_log_setup(bool to_stderr, bool debug);
