"""What every benchmark measures the same way."""

from __future__ import annotations

import re
import resource
from pathlib import Path


def peak_mb() -> float:
    """This process's peak RSS in MB: VmHWM, the high-water mark of its own address space.

    Not ru_maxrss: a spawned child's ru_maxrss starts at its parent's RSS at fork time (Linux keeps
    the maximum across execve), so a child of a big parent would report the parent's size.
    """
    status = Path("/proc/self/status")
    match = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.M) if status.exists() else None
    if match:
        return int(match.group(1)) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
