"""Kernels over unix sockets in a private temporary folder, not TCP.

A kernel started the default way listens on TCP ports of the loopback address and prints
``Kernel is running over TCP without encryption`` once per notebook. Over IPC nothing listens
on a port, other local accounts cannot reach it (the folder is the user's own, 0700), and the
kernel has no reason to warn. ``sprintkit run`` uses it (:func:`sprintkit.runner._shared_kernel`);
papermill and nbclient take it as ``kernel_manager_class=IPCKernelManager``, as the benchmarks and
the notebook tests do. Imported only where a kernel starts: it loads jupyter_client.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.manager import KernelManager
from traitlets import CaselessStrEnum

__all__ = ["IPCKernelManager"]


class IPCKernelManager(KernelManager):
    """A :class:`~jupyter_client.manager.KernelManager` whose sockets live in a private folder.

    The folder is made per manager and removed when the kernel's resources are cleaned up
    (not on a restart, which reuses it).
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    def __init__(self, **kwargs: Any) -> None:
        self._sockets = tempfile.TemporaryDirectory(prefix="sprintkit-kernel-")
        kwargs.setdefault("connection_file", str(Path(self._sockets.name) / "kernel.json"))
        super().__init__(**kwargs)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        # the one clean-up hook: shutdown_kernel awaits it, cleanup_resources wraps it
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            self._sockets.cleanup()
