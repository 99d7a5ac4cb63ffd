"""The address of the client that is logging in, for django-axes' lockout key.

Behind the reverse proxy every request comes from the proxy's address, so a lockout keyed on
``REMOTE_ADDR`` would lock an account for every client at once (anyone could lock anyone).
The client's own address is the entry that the outermost trusted proxy appended to
``X-Forwarded-For``: django-ipware reads it with axes' ``AXES_IPWARE_PROXY_COUNT`` and
``AXES_IPWARE_META_PRECEDENCE_ORDER`` (set from ``PROXY_COUNT`` in the settings). Entries to
the left of it were written by the client and are never trusted.

The header is read only when the request really comes from a trusted proxy
(``TRUSTED_PROXIES``, the same ``FORWARDED_ALLOW_IPS`` that gunicorn trusts): a client that
reaches the application directly and forges ``X-Forwarded-For`` is keyed on its own address,
so it cannot lock another client's address.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from ipware.ip import get_client_ip


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]):
    networks = []
    for entry in entries:
        if entry == "*":
            return None  # every peer is a proxy (a private network of containers)
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue  # a host name or a typo trusts nothing
    return tuple(networks)


def from_trusted_proxy(remote_addr: str | None) -> bool:
    """Whether ``remote_addr`` is one of the proxies allowed to set ``X-Forwarded-For``."""
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if networks is None:
        return True
    try:
        address = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in networks)


def client_address(request) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the real client's address behind the trusted proxy."""
    remote_addr = request.META.get("REMOTE_ADDR")
    if not from_trusted_proxy(remote_addr):
        return remote_addr
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=settings.AXES_IPWARE_PROXY_COUNT,
        request_header_order=settings.AXES_IPWARE_META_PRECEDENCE_ORDER,
        strict=False,  # a client-written prefix must not push the address back to the proxy's
    )
    return address or remote_addr
