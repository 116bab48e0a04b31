#!/usr/bin/python3
# A container's plain helper under a runtime filter that denies keyctl():
# it tries the keyctl() calls the broker's proxy must not turn into calls
# of its own (those the init's filter denies must fail exactly as it says),
# with and without garbage in the upper 32 bits and through x32, next to
# those the proxy answers. It answers its key with what it saw:
# <name>=<result or errno name> ...
# Usage: keyctl_attack.py <key>
import ctypes, errno, sys

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
NR_keyctl, NR_add_key, X32_BIT = 250, 248, 0x40000000
GET_KEYRING_ID, DESCRIBE, READ, SET_TIMEOUT, INSTANTIATE, SEARCH = 0, 6, 11, 15, 12, 10
REQKEY_AUTH, SESSION, THREAD = -7, -3, -1
HI = 0xdeadbeef << 32
key = int(sys.argv[1])
buf = ctypes.create_string_buffer(4096)


def u64(v):
    return ctypes.c_ulong(v & 0xffffffffffffffff)


def call(nr, *a):
    a = list(a) + [0] * (5 - len(a))
    r = libc.syscall(ctypes.c_long(nr), *(u64(x) for x in a))
    return errno.errorcode.get(ctypes.get_errno(), 'E?') if r < 0 else 'ok'


def keyctl(op, *a, nr=NR_keyctl):
    return call(nr, op, *a)


# A key of the program's own that its credentials reach: were the call run,
# it would succeed. add_key() is not keyctl(): the runtime allows it here.
other = libc.syscall(ctypes.c_long(NR_add_key), b'user', b'ubtest:sec:other', b'x', ctypes.c_ulong(1),
                     u64(THREAD))
if other < 0:
    other = key + 1
blob = ctypes.create_string_buffer(b'forged', 6)
res = []
for hi_op, hi_id, tag in ((0, 0, ''), (HI, 0, '_hiop'), (0, HI, '_hiid'), (HI, HI, '_hi')):
    res += [
        # Must meet the init's filter.
        ('getid_session' + tag, keyctl(GET_KEYRING_ID | hi_op, SESSION | hi_id, 0)),
        ('getid_other' + tag, keyctl(GET_KEYRING_ID | hi_op, other | hi_id, 0)),
        ('describe_other' + tag, keyctl(DESCRIBE | hi_op, other | hi_id, ctypes.addressof(buf), 4096)),
        ('describe_session' + tag, keyctl(DESCRIBE | hi_op, SESSION | hi_id, ctypes.addressof(buf), 4096)),
        ('read_other' + tag, keyctl(READ | hi_op, other | hi_id, ctypes.addressof(buf), 4096)),
        ('timeout_other' + tag, keyctl(SET_TIMEOUT | hi_op, other | hi_id, 1000)),
        ('search_session' + tag, keyctl(SEARCH | hi_op, SESSION | hi_id, ctypes.addressof(buf), 0, 0)),
        # The proxy's own refusal: never another key.
        ('instantiate_other' + tag, keyctl(INSTANTIATE | hi_op, other | hi_id, ctypes.addressof(blob), 6, 0)),
        # Answered by the proxy (controls: the program's one key).
        ('getid_auth' + tag, keyctl(GET_KEYRING_ID | hi_op, REQKEY_AUTH | hi_id, 0)),
        ('read_auth' + tag, keyctl(READ | hi_op, REQKEY_AUTH | hi_id, ctypes.addressof(buf), 4096)),
        ('describe_key' + tag, keyctl(DESCRIBE | hi_op, key | hi_id, ctypes.addressof(buf), 4096)),
    ]
# x32 is not the native ABI: the proxy answers none of it, the init decides.
res += [
    ('x32_getid_session', keyctl(GET_KEYRING_ID, SESSION, 0, nr=NR_keyctl | X32_BIT)),
    ('x32_getid_auth', keyctl(GET_KEYRING_ID, REQKEY_AUTH, 0, nr=NR_keyctl | X32_BIT)),
    ('x32_describe_key', keyctl(DESCRIBE, key, ctypes.addressof(buf), 4096, nr=NR_keyctl | X32_BIT)),
]
report = ' '.join(f'{n}={v}' for n, v in res).encode()
p = ctypes.create_string_buffer(report, len(report))
sys.exit(0 if keyctl(INSTANTIATE, key, ctypes.addressof(p), len(report), 0) == 'ok' else 1)
