"""The client's address, as the lockout, the audit log and the API see it.

Behind the documented nginx → gunicorn set-up every request comes from nginx's address. The address nginx puts
in ``X-Forwarded-For`` is taken only when the request really comes from a proxy named in
``LVZHI_TRUSTED_PROXIES`` (settings.TRUSTED_PROXIES; docs/deployment.md); otherwise anybody could send that
header and pick the address written in the audit log.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.TRUSTED_PROXIES:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not _trusted(remote):
        return remote
    forwarded = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    # Walk back from the nearest hop: the first address that is not one of our proxies is the client.
    for hop in reversed(forwarded):
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote
    return remote
