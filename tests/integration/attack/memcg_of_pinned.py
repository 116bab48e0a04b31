#!/usr/bin/python3
# Runs on the host, next to exe_unwrap.py pin: which memory cgroup pays for the
# sealed copies (memfds) of exec=host programs that processes of the
# container of <init pid> hold? For each such fd: map its first page, find
# the page frame (/proc/self/pagemap) and the memory cgroup it is charged
# to (/proc/kpagecgroup, the inode of the cgroup's directory).
#   memcg_of_pinned.py <init pid>
# Prints "pinned: held=<n> container=<n> elsewhere=<n> own=<0|1>": copies charged
# to the init's memory cgroup (or one below it) and to any other; own=0
# when that cgroup is the root one (nothing to tell apart).
import ctypes, mmap, os, struct, sys

libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
PAGE = mmap.PAGESIZE

init = int(sys.argv[1])


def memcg_dir(pid):
    """The init's memory cgroup directory: v1 "memory", or the nearest v2
    one with the memory controller (what its pages are charged to)."""
    v1 = v2 = None
    for line in open(f'/proc/{pid}/cgroup'):
        hid, ctrls, path = line.rstrip('\n').split(':', 2)
        if 'memory' in ctrls.split(','):
            v1 = '/sys/fs/cgroup/memory' + path
        elif hid == '0':
            for base in ('/sys/fs/cgroup/unified', '/sys/fs/cgroup'):
                if os.path.exists(base + '/cgroup.controllers'):
                    v2 = base + path
                    while v2 != base and not os.path.exists(v2 + '/memory.current'):
                        v2 = os.path.dirname(v2)
                    break
    return v1 or v2


def charged_ino(path):
    fd = os.open(path, os.O_RDONLY)
    addr = libc.mmap(None, PAGE, 1, 1, fd, 0)      # PROT_READ, MAP_SHARED
    os.close(fd)
    if addr in (None, ctypes.c_void_p(-1).value):
        return None
    try:
        ctypes.string_at(addr, 1)                    # fault the page in
        with open('/proc/self/pagemap', 'rb') as pm:
            pm.seek(addr // PAGE * 8)
            ent = struct.unpack('<Q', pm.read(8))[0]
        if not ent >> 63:
            return None
        with open('/proc/kpagecgroup', 'rb') as kc:
            kc.seek((ent & ((1 << 55) - 1)) * 8)
            return struct.unpack('<Q', kc.read(8))[0]
    finally:
        libc.munmap(ctypes.c_void_p(addr), PAGE)


def below(ino, top):
    """Is the cgroup directory with this inode <top> or one under it?"""
    for d, _, _ in os.walk(top):
        if os.stat(d).st_ino == ino:
            return True
    return False


top = memcg_dir(init)
own = top is not None and os.path.normpath(top) not in ('/sys/fs/cgroup/memory', '/sys/fs/cgroup/unified', '/sys/fs/cgroup')
pidns = os.readlink(f'/proc/{init}/ns/pid')
held = inside = 0
for p in os.listdir('/proc'):
    if not p.isdigit():
        continue
    try:
        if os.readlink(f'/proc/{p}/ns/pid') != pidns:
            continue
        fds = os.listdir(f'/proc/{p}/fd')
    except OSError:
        continue
    for n in fds:
        try:
            if not os.readlink(f'/proc/{p}/fd/{n}').startswith('/memfd:upcall-helper'):
                continue
            ino = charged_ino(f'/proc/{p}/fd/{n}')
        except OSError:
            continue
        held += 1
        inside += ino is not None and top is not None and below(ino, top)
print(f'pinned: held={held} container={inside} elsewhere={held - inside} own={int(own)}')
