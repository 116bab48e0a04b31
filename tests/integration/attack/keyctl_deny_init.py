#!/usr/bin/python3
# Starts a test container's init as a runtime that denies keyctl() does:
# native, x32 and i386 keyctl() meet <action> (errno: EL3HLT, an errno
# nothing else here returns; trace: SECCOMP_RET_TRACE, which without a
# tracer is ENOSYS), everything else is allowed.
# "big": the errno filter padded to BPF_MAXINSNS, which leaves no room for
# anything in front of it.
# Usage: keyctl_deny_init.py errno|trace|big <program> [args...]
import ctypes, os, struct, sys

AUDIT_ARCH_X86_64, AUDIT_ARCH_I386 = 0xc000003e, 0x40000003
X32_BIT = 0x40000000
RET_ALLOW, RET_ERRNO, RET_TRACE = 0x7fff0000, 0x00050000, 0x7ff00000
EL3HLT = 46
LD_W_ABS, JEQ_K, AND_K, RET_K = 0x20, 0x15, 0x54, 0x06
OFF_NR, OFF_ARCH = 0, 4

action = {'errno': RET_ERRNO | EL3HLT, 'big': RET_ERRNO | EL3HLT, 'trace': RET_TRACE}[sys.argv[1]]
prog = [
    (LD_W_ABS, 0, 0, OFF_ARCH),          # 0
    (JEQ_K, 0, 2, AUDIT_ARCH_I386),      # 1: i386 -> 2, else -> 4
    (LD_W_ABS, 0, 0, OFF_NR),            # 2
    (JEQ_K, 4, 5, 288),                  # 3: i386 keyctl -> 8, else -> 9
    (JEQ_K, 0, 4, AUDIT_ARCH_X86_64),    # 4: -> 5, else -> 9
    (LD_W_ABS, 0, 0, OFF_NR),            # 5
    (AND_K, 0, 0, ~X32_BIT & 0xffffffff),  # 6: native and x32 alike
    (JEQ_K, 0, 1, 250),                  # 7: keyctl -> 8, else -> 9
    (RET_K, 0, 0, action),               # 8
    (RET_K, 0, 0, RET_ALLOW),            # 9
]
if sys.argv[1] == 'big':
    prog = [(LD_W_ABS, 0, 0, OFF_NR)] * (4096 - len(prog)) + prog
code = b''.join(struct.pack('=HBBI', *i) for i in prog)
buf = ctypes.create_string_buffer(code, len(code))
fprog = struct.pack('=HxxxxxxQ', len(prog), ctypes.addressof(buf))
fbuf = ctypes.create_string_buffer(fprog, len(fprog))
libc = ctypes.CDLL(None, use_errno=True)
SYS_seccomp, SECCOMP_SET_MODE_FILTER = 317, 1
if libc.syscall(ctypes.c_long(SYS_seccomp), ctypes.c_long(SECCOMP_SET_MODE_FILTER), ctypes.c_long(0),
                ctypes.c_void_p(ctypes.addressof(fbuf))) != 0:
    sys.exit('seccomp: ' + os.strerror(ctypes.get_errno()))
os.execv(sys.argv[2], sys.argv[2:])
