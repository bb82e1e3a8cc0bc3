"""`python -m scripts records-template | import-records | ledger | tally`."""

from __future__ import annotations


def register(commands) -> None:
    pass
