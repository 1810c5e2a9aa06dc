"""Child processes that die with their parent: pool workers (and any helper process) ask the kernel to end them when
the process that started them is gone, so a `kill -9` of a build or a server leaves nothing running."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1   # prctl options (linux/prctl.h)
_PR_GET_PDEATHSIG = 2


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """In a child process: be sent ``sig`` when the parent dies (Linux; elsewhere nothing to do), and leave at once if
    the parent is already gone. Use as a pool's ``initializer`` or a subprocess's ``preexec_fn``."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0) != 0:
        return   # not allowed here (a sandbox): the pool's own shutdown still ends the workers
    if os.getppid() != parent or parent == 1:
        os._exit(1)   # the parent died before the request took effect


def death_signal() -> int:
    """The signal this process is sent when its parent dies (0: none; always 0 off Linux)."""
    if not sys.platform.startswith("linux"):
        return 0
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    sig = ctypes.c_int(0)
    libc.prctl(_PR_GET_PDEATHSIG, ctypes.byref(sig), 0, 0, 0)
    return sig.value
