#!/usr/bin/python3
# Plays container root pinning exec=host helpers' executables: holds an
# O_PATH fd of /proc/<pid>/exe of every process that is not one of the
# container's own programs, long after the helper has exited, so that
# whatever backs the file (for the sealed copy: a memfd's pages) stays
# allocated for as long as the container likes. Ends when <release-file>
# appears or after <seconds>.
#   exe_pin.py <seconds> <release-file> <report-file>
import os, sys, time

end = time.time() + float(sys.argv[1])
release, report = sys.argv[2], sys.argv[3]
me = os.getpid()
held = {}
while time.time() < end and not os.path.exists(release):
    for p in os.listdir('/proc'):
        if not p.isdigit() or int(p) == me or p in held:
            continue
        try:
            name = os.readlink(f'/proc/{p}/exe')
            fd = os.open(f'/proc/{p}/exe', os.O_PATH)
        except OSError:
            continue
        try:
            a, b = os.stat(name), os.fstat(fd)
            if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino):
                os.close(fd)            # the container's own program
                continue
        except OSError:
            pass
        held[p] = (name, fd)
        with open(report, 'w') as f:
            f.write(f'held={len(held)} exes={" ".join(sorted({v[0] for v in held.values()}))}\n')
    time.sleep(0.005)
