#!/usr/bin/python3
# Plays container root against an exec=host helper (compare CVE-2024-21626):
# for every process of this pid namespace, try to reach the host's file
# system through /proc/<pid>/root, /proc/<pid>/cwd, /proc/<pid>/exe and its
# fds. <marker> is a file that exists only in the host's /tmp.
# Usage: host_paths.py <seconds> <marker-basename> <report-file>
import os, sys, time

end = time.time() + float(sys.argv[1])
marker = sys.argv[2]
me = str(os.getpid())
looked = set()
reach = []
exes = set()
while time.time() < end:
    for p in os.listdir('/proc'):
        if not p.isdigit() or p == me:
            continue
        for via in ('root', 'cwd'):
            try:
                if os.path.exists(f'/proc/{p}/{via}/tmp/{marker}') or os.path.exists(f'/proc/{p}/{via}/../tmp/{marker}'):
                    reach.append(f'{p}:{via}')
            except OSError:
                pass
        try:
            exes.add(os.readlink(f'/proc/{p}/exe'))
        except OSError:
            pass
        try:
            for fd in os.listdir(f'/proc/{p}/fd'):
                if os.path.exists(f'/proc/{p}/fd/{fd}/tmp/{marker}'):
                    reach.append(f'{p}:fd{fd}')
        except OSError:
            pass
        looked.add(p)
    time.sleep(0.01)
with open(sys.argv[3], 'w') as f:
    f.write(f'looked={len(looked)} reached={len(reach)} {" ".join(sorted(set(reach)))}\n')
    f.write('exes=' + ' '.join(sorted(exes)) + '\n')
