#!/usr/bin/python3
# Plays container root against the broker's stage two: the process of this
# pid namespace that clones the helper and, sharing its memory, waits for
# the helper's exec (CLONE_VFORK). The broker learns of it only once it has
# exited. A write lease on the helper's program holds the helper in its
# exec (the kernel breaks the lease and the opener waits for us); stage two
# is stopped meanwhile and the lease released: the helper runs and ends,
# stage two stays stopped, holding the set-up's pipes.
# Usage: stop_stage_two.py <program> <seconds to keep it stopped> <report-file>
import fcntl, os, signal, sys, time

F_SETLEASE = getattr(fcntl, 'F_SETLEASE', 1024)
prog, hold, report = sys.argv[1], float(sys.argv[2]), sys.argv[3]
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

signal.signal(signal.SIGIO, on_io)
fd = os.open(prog, os.O_RDONLY)
fcntl.fcntl(fd, F_SETLEASE, fcntl.F_WRLCK)
out('leased')
end = time.time() + 60
while not broken and time.time() < end:
    time.sleep(0.01)
pid = stage_two() if broken else None
if pid:
    os.kill(pid, signal.SIGSTOP)
fcntl.fcntl(fd, F_SETLEASE, fcntl.F_UNLCK)
os.close(fd)
out(f'stopped={1 if pid else 0}')
if not pid:
    sys.exit(1)
time.sleep(hold)
alive = True
try:
    os.kill(pid, signal.SIGCONT)
except ProcessLookupError:
    alive = False
out(f'alive_after={"yes" if alive else "no"}')
