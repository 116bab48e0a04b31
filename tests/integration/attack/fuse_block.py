#!/usr/bin/python3
# Plays container root with /dev/fuse: mounts a FUSE file system that never
# answers (not even FUSE_INIT) at <dir>, so that any helper reading a file
# there blocks, and holds it for <seconds>.
# Usage: fuse_block.py <dir> <seconds>
import ctypes, os, sys, time

libc = ctypes.CDLL(None, use_errno=True)
fd = os.open('/dev/fuse', os.O_RDWR)
os.makedirs(sys.argv[1], exist_ok=True)
opts = f'fd={fd},rootmode=40000,user_id=0,group_id=0'.encode()
if libc.mount(b'ubtest', sys.argv[1].encode(), b'fuse', 0, opts) != 0:
    sys.exit(f'mount: {os.strerror(ctypes.get_errno())}')
print('mounted', flush=True)
time.sleep(float(sys.argv[2]))
