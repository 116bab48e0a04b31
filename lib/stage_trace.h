/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Timestamps of an upcall's stages, for bench/ only: `make bench` reports
 * where the time of a container upcall goes from them. Off unless the
 * process that executes us hands over an open file in
 * UPCALL_BROKER_STAGES=<fd> (bench/capture does): the kernel never does, so
 * a real upcall pays one getenv() for it. Each mark appends one line,
 * "<stage> <CLOCK_MONOTONIC ns> <pid>", marking where that stage begins.
 */
void stage_mark(const char *stage);
/* The fd marks go to, or -1: the spawn keeps it open in its children. */
int stage_trace_fd(void);
