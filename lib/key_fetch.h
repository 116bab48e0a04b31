/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * keyctl_describe_alloc() and keyctl_read_alloc() in one keyctl() when the
 * answer fits a first guess, as it nearly always does: those two ask the
 * kernel for the size first and then for the bytes. In a container every
 * keyctl() of a plain helper is a round trip to the broker's proxy
 * (broker/enter/keyctl_proxy.h), so a call saved there is a context switch
 * pair saved. Same results and return values as libkeyutils' functions:
 * the description's length without its NUL, the payload's length; the
 * buffer, NUL-terminated, is the caller's to free. -errno on failure.
 */
#pragma once

#include <keyutils.h>

int key_fetch_description(key_serial_t key, char **out);
int key_fetch_payload(key_serial_t key, void **out);
