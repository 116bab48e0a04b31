/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * upcall-broker status [--log <file>]: whether the broker is the system's
 * request-key, the request-key rules in effect, the registered containers,
 * and the last upcalls from the log (upcall-broker(8), STATUS).
 */
int status_main(int argc, char **argv);
