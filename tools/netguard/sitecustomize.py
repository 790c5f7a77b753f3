"""Network guard for the explainer's tests and notebook runs.

Put this folder first on PYTHONPATH and set EXPLAINER_NETGUARD_LOG to a file path:
every Python process started with that environment (pytest, nbclient, and the
Jupyter kernels they spawn) then refuses any connection or name lookup that is
not loopback or a local socket, and appends one line per attempt to the log.
The refused call raises OSError, so a notebook cell that reaches for the network
fails under nbval with the target in its message.
"""

import ipaddress
import os
import socket
import sys
import traceback

_LOG = os.environ.get("EXPLAINER_NETGUARD_LOG")
_LOCAL_NAMES = {None, "", "localhost", "localhost.localdomain", "ip6-localhost"}


def _is_local(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host in _LOCAL_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def _refuse(what: str, target) -> None:
    frames = traceback.extract_stack(limit=8)[:-2]
    where = "; ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in frames[-3:])
    line = f"pid {os.getpid()} ({os.path.basename(sys.argv[0]) if sys.argv else '?'}): {what} {target!r} from {where}\n"
    try:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(line)
    except OSError:
        pass
    raise OSError(f"explainer network guard: blocked {what} {target!r} (the explainer must work offline)")


if _LOG:
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            _refuse("connection to", address)
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            _refuse("connection to", address)
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            _refuse("name lookup of", host)
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
