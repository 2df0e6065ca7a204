"""Who is acting, and why, for the audit records written during a request, an action or a command."""

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    actor: object = None
    reason: str = ""
    source: str = ""  # "web", "api", "import", "command", …
    ip: str = ""


_NOBODY = AuditContext()
_current: ContextVar[AuditContext] = ContextVar("lvzhi_audit_context", default=_NOBODY)


def current() -> AuditContext:
    return _current.get()


@contextlib.contextmanager
def audit_context(actor=None, reason: str = "", source: str = "", ip: str = ""):
    """Set the actor and reason for every audit record written inside the block; inner blocks inherit."""
    outer = _current.get()
    token = _current.set(
        AuditContext(
            actor=actor if actor is not None else outer.actor,
            reason=reason or outer.reason,
            source=source or outer.source,
            ip=ip or outer.ip,
        )
    )
    try:
        yield
    finally:
        _current.reset(token)
