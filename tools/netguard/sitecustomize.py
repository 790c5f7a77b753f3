"""Network guard for the explainer's tests and notebook runs.

Put this folder first on PYTHONPATH and set EXPLAINER_NETGUARD_LOG to a file path:
every Python process started with that environment (pytest, nbclient, and the
Jupyter kernels they spawn) then refuses any connection or name lookup that is
not loopback or a local socket, and appends one line per attempt to the log.
The refused call raises OSError, so a notebook cell that reaches for the network
fails under nbval with the target in its message.

Two layers: the socket module's functions are wrapped (clear messages from the usual
calls), and an audit hook (PEP 578), which cannot be removed once added, sees what the
wrappers cannot: C-level ``_socket`` connects, UDP ``sendto``/``sendmsg``,
``gethostbyname*``/``gethostbyaddr``, a reloaded ``socket`` module, and the launch of a
network tool (curl, wget…) or of a Python child that would ignore the environment
(``-I``/``-E``) and so escape this guard.
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

    _NET_TOOLS = {
        "curl",
        "wget",
        "nc",
        "ncat",
        "netcat",
        "telnet",
        "ftp",
        "ssh",
        "scp",
        "sftp",
        "rsync",
        "ping",
        "dig",
        "nslookup",
        "host",
    }
    _INET = (socket.AF_INET, socket.AF_INET6)

    def _command(argv) -> list[str]:
        if isinstance(argv, (str, bytes)):
            argv = str(argv if isinstance(argv, str) else argv.decode("utf-8", "replace")).split()
        return [str(a if not isinstance(a, bytes) else a.decode("utf-8", "replace")) for a in (argv or [])]

    def _launch(executable, argv) -> None:
        words = _command(argv)
        program = os.path.basename(str(executable or (words[0] if words else "")))
        if program in _NET_TOOLS or any(os.path.basename(w) in _NET_TOOLS for w in words[:3]):
            _refuse("launch of network tool", " ".join(words[:4]))
        if program.startswith("python") and any(
            w in ("-I", "-E")
            or (w.startswith("-") and not w.startswith("--") and ("I" in w or "E" in w) and len(w) <= 4)
            for w in words[1:3]
        ):
            _refuse("launch of a Python that ignores the guard's environment", " ".join(words[:4]))

    def _audit(event, args) -> None:
        if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
            sock, address = args[0], args[1]
            if getattr(sock, "family", None) in _INET and address and not _is_local(address[0]):
                _refuse("connection to" if event == "socket.connect" else "datagram to", address)
        elif event in (
            "socket.getaddrinfo",
            "socket.gethostbyname",
            "socket.gethostbyname_ex",
            "socket.gethostbyaddr",
            "socket.getnameinfo",
        ):
            host = args[0][0] if event == "socket.getnameinfo" else args[0]
            if not _is_local(host):
                _refuse("name lookup of", host)
        elif event == "subprocess.Popen" or event in ("os.posix_spawn", "os.exec"):
            _launch(args[0], args[1])
        elif event == "os.system":
            _launch(None, args[0])

    sys.addaudithook(_audit)
