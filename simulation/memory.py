"""Keep freed memory for the next month: a step allocates its temporaries afresh each month.

A step makes a few dozen temporary arrays the size of the population (5 MB each at 100,000
citizens, 40 MB at a million). glibc's allocator serves blocks that large with ``mmap`` and hands
them back to the kernel when freed, so each month every temporary comes back as fresh pages, each
a page fault: a fifth of a step at 100,000 citizens. :func:`keep_freed_memory` raises glibc's two
thresholds so that freed blocks stay in the process and are reused. The process's peak memory is
unchanged (a block is reused, not added); what changes is that it is not returned to the system
until the process ends. Elsewhere than glibc (macOS, Windows, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

# mallopt(3) parameters
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
#: blocks up to this size come from the heap (glibc's own ceiling is 32 MB on 64-bit systems)
MMAP_THRESHOLD = 32 * 2**20
#: free memory at the top of the heap kept rather than given back to the kernel
TRIM_THRESHOLD = 2**30


@functools.cache
def keep_freed_memory() -> bool:
    """Ask glibc to keep freed blocks for reuse; True if it could (once per process)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    return bool(
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
