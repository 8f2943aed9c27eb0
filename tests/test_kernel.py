"""Kernels over unix sockets (sprintkit/_kernel.py): no TCP port, no warning, nothing left."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_a_kernel_talks_over_private_unix_sockets_and_leaves_nothing(capfd):
    from sprintkit._kernel import IPCKernelManager

    km = IPCKernelManager(kernel_name="python3")
    folder = Path(km.connection_file).parent
    km.start_kernel()
    try:
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive("x = 6 * 7", timeout=60)
        assert reply["content"]["status"] == "ok"
        client.stop_channels()
        info = km.get_connection_info()
        assert info["transport"] == "ipc"
        assert Path(info["ip"]).parent == folder  # the sockets, beside the connection file
        assert stat.S_IMODE(os.stat(folder).st_mode) & 0o777 == 0o700  # jupyter adds the sticky bit
    finally:
        km.shutdown_kernel(now=True)
    assert not folder.exists()
    assert "without encryption" not in capfd.readouterr().err
