#!/usr/bin/env python3
"""Hold N idle keep-alive connections open to a server (stdlib only), for tests/bench/run.sh.

  idle.py HOST PORT [--count 1000] [--first 2] [--last 40] [--ready FILE]

Opens COUNT TCP connections to HOST:PORT, spread round-robin over the loopback source
addresses 127.0.0.FIRST … 127.0.0.LAST (a client may bind any 127.x address and still reach
127.0.0.1; 1,000 over .2–.40 is 25 or 26 per address, under a per-address limit of 64).
On each it sends one complete `GET /api/v1/health HTTP/1.1` keep-alive request and reads
the whole answer, at most 64 connections waiting for their answer at a time. Then it writes

  IDLE_READY opened=N answered=N failed=N seconds=S

to FILE (or stdout), keeps every connection idle and open, and watches them: a connection the
server closes (EOF or reset) or sends anything more on is no longer counted as open. On
SIGTERM, SIGINT or SIGUSR1 it checks every connection once more and prints

  IDLE_END opened=N answered=N open_at_end=N closed_by_server=N

(open_at_end counts only connections that were answered and are still open).

then closes them all and exits 0. It exits 1 only if it could not start at all.
"""
import argparse
import errno
import os
import resource
import selectors
import signal
import socket
import sys
import time

REQUEST = b"GET /api/v1/health HTTP/1.1\r\nHost: %s\r\nConnection: keep-alive\r\n\r\n"
IN_FLIGHT = 64
ANSWER_TIMEOUT = 15.0  # seconds for one connection to be answered


class Conn:
    __slots__ = ("sock", "state", "buf", "need", "started")

    def __init__(self, sock):
        self.sock = sock
        self.state = "connecting"  # connecting, waiting, idle, failed, closed
        self.buf = b""
        self.need = None  # total bytes of the answer once the header is in
        self.started = time.monotonic()


def answer_complete(c):
    """True once c.buf holds a complete 200 answer; raises ValueError on a bad one."""
    if c.need is None:
        end = c.buf.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = c.buf[:end].decode("latin-1").split("\r\n")
        parts = head[0].split(" ", 2)
        if len(parts) < 2 or parts[1] != "200":
            raise ValueError("status line %r" % head[0])
        length = None
        for line in head[1:]:
            k, _, v = line.partition(":")
            k = k.strip().lower()
            if k == "content-length":
                length = int(v.strip())
            elif k == "connection" and v.strip().lower() == "close":
                raise ValueError("server asked to close")
            elif k == "transfer-encoding" and "chunked" in v.lower():
                length = -1
        if length is None:
            raise ValueError("no Content-Length")
        c.need = (end + 4 + length) if length >= 0 else -1
    if c.need == -1:  # chunked: the last chunk ends the answer
        return c.buf.endswith(b"0\r\n\r\n")
    return len(c.buf) >= c.need


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--first", type=int, default=2)
    ap.add_argument("--last", type=int, default=40)
    ap.add_argument("--ready", default=None)
    a = ap.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = a.count + 64
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))

    stop = False

    def on_signal(signum, frame):
        nonlocal stop
        stop = True

    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1):
        signal.signal(s, on_signal)

    sources = ["127.0.0.%d" % i for i in range(a.first, a.last + 1)]
    request = REQUEST % a.host.encode()
    sel = selectors.DefaultSelector()
    conns = []
    failed = 0
    t0 = time.monotonic()

    def fail(c):
        nonlocal failed
        failed += 1
        c.state = "failed"
        try:
            sel.unregister(c.sock)
        except (KeyError, ValueError):
            pass
        c.sock.close()

    # phase 1: connect, ask and read the answer, IN_FLIGHT at a time
    pending = 0
    nxt = 0
    while (nxt < a.count or pending) and not stop:
        while nxt < a.count and pending < IN_FLIGHT:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            c = Conn(s)
            conns.append(c)
            try:
                s.bind((sources[nxt % len(sources)], 0))
                err = s.connect_ex((a.host, a.port))
            except OSError as e:
                err = e.errno
            nxt += 1
            if err not in (0, errno.EINPROGRESS):
                fail(c)
                continue
            sel.register(s, selectors.EVENT_WRITE, c)
            pending += 1
        for key, _ in sel.select(timeout=0.5):
            c = key.data
            if c.state == "connecting":
                err = c.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    fail(c)
                    pending -= 1
                    continue
                try:
                    c.sock.sendall(request)  # 80 bytes into an empty buffer
                except OSError:
                    fail(c)
                    pending -= 1
                    continue
                c.state = "waiting"
                sel.modify(c.sock, selectors.EVENT_READ, c)
            elif c.state == "waiting":
                try:
                    data = c.sock.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    fail(c)
                    pending -= 1
                    continue
                c.buf += data
                try:
                    done = answer_complete(c)
                except ValueError as e:
                    print("idle.py: bad answer: %s" % e, file=sys.stderr)
                    fail(c)
                    pending -= 1
                    continue
                if done:
                    extra = len(c.buf) > c.need >= 0
                    c.buf = b""
                    if extra:
                        fail(c)
                    else:
                        c.state = "idle"
                    pending -= 1
        now = time.monotonic()
        for c in conns:
            if c.state in ("connecting", "waiting") and now - c.started > ANSWER_TIMEOUT:
                fail(c)
                pending -= 1

    answered = sum(1 for c in conns if c.state == "idle")
    line = "IDLE_READY opened=%d answered=%d failed=%d seconds=%.2f\n" % (
        len(conns), answered, failed, time.monotonic() - t0)
    if a.ready:
        with open(a.ready + ".part", "w") as f:
            f.write(line)
        os.rename(a.ready + ".part", a.ready)
    else:
        sys.stdout.write(line)
        sys.stdout.flush()

    # phase 2: idle; anything readable on an idle connection is a close (or a stray byte)
    closed_by_server = 0

    def check(c):
        nonlocal closed_by_server
        try:
            data = c.sock.recv(1, socket.MSG_PEEK)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            closed_by_server += 1
        c.state = "closed"
        sel.unregister(c.sock)

    while not stop:
        for key, _ in sel.select(timeout=0.5):
            if key.data.state == "idle":
                check(key.data)
    for c in conns:
        if c.state == "idle":
            check(c)

    still = sum(1 for c in conns if c.state == "idle")
    print("IDLE_END opened=%d answered=%d open_at_end=%d closed_by_server=%d"
          % (len(conns), answered, still, closed_by_server))
    sys.stdout.flush()
    for c in conns:
        if c.state != "failed":
            c.sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
