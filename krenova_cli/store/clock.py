"""Who and when: the clock (KRENOVA_NOW pins it for tests and demos) and the actor of a change."""

from __future__ import annotations

import getpass
import os
from datetime import datetime, timezone


def utc_now() -> datetime:
    forced = os.environ.get("KRENOVA_NOW")
    if forced:
        try:
            value = datetime.fromisoformat(forced)
        except ValueError:
            from krenova_cli.core.errors import T, UserError

            raise UserError(T("KRENOVA_NOW: {value!r} is not an ISO time such as 2017-08-17T10:00:00+00:00; fix it or unset it",
                              value=forced)) from None
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def default_actor() -> str:
    actor = os.environ.get("KRENOVA_ACTOR")
    if actor:
        return actor
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "unknown"


def utc_text(moment: datetime) -> str:
    """A moment as the ledger and the records write it: ISO 8601 in UTC with a Z."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
