#!/usr/bin/python3
# Plays container root on its delegated cgroup subtree <dir> while the
# broker reads its init's cgroup: as fast as it can, swap the names of the
# cgroups a and b, move <init> between them and into a cgroup c that is
# removed right after, until <stop> exists. Prints the rounds made.
# Usage: cgroup_mover.py <dir> <init> <stop>
import os, sys

d, init, stop = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
os.chdir(d)


def move(cg):
    try:
        fd = os.open(f'{cg}/cgroup.procs', os.O_WRONLY)
        try:
            os.write(fd, init)
        finally:
            os.close(fd)
    except OSError:
        pass


n = 0
while not os.path.exists(stop):
    for step in (lambda: move('a'), lambda: os.rename('a', 't'), lambda: os.rename('b', 'a'),
                 lambda: os.rename('t', 'b'), lambda: os.mkdir('c'), lambda: move('c'),
                 lambda: move('b'), lambda: os.rmdir('c')):
        try:
            step()
        except OSError:
            pass
    n += 1
print(n)
