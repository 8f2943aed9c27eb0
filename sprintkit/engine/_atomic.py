"""``@atomic``: a journey command runs whole inside one store transaction.

Catch up on the other writers' events, check, append: under the store's write lock, so two
processes can never both pass a check that only one may pass. A command nested in another
(``add_intervention`` calling ``set_result``) shares the outer transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["atomic"]

F = TypeVar("F", bound=Callable[..., Any])


def atomic(method: F) -> F:
    """Run a journey command inside ``self.transaction()`` (checks see the latest state)."""

    @functools.wraps(method)
    def command(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self._tx is not None:  # nested in another command: its transaction holds
            return method(self, *args, **kwargs)
        with self.transaction():
            return method(self, *args, **kwargs)

    return command  # type: ignore[return-value]
