#!/usr/bin/env python3
"""Time from "next" to the `called` event on every connected board (stdlib only).

  events.py BASE_URL --password STAFF_PW --token KIOSK_TOKEN [--streams 1000] [--calls 100]
            [--pid SERVER_PID]

Against a server started with --seed-demo --dev and a clock on a working day inside the
opening hours: issues --calls walk-in tickets at the demo kiosk, opens --streams event
streams of Phường Phổ Yên (spread over the source addresses 127.0.0.2 … so that the
per-address limits do not apply), then presses "next" at Quầy 7 --calls times, one after
the other, each time waiting until every stream has the `called` event with that call's
ticket. Prints one line of key=value: p50/p99/max of (arrival − the moment the request
was sent) over all deliveries, the calls per second, and, with --pid, the server's VmRSS
before the streams (after the tickets and the sign-in), its VmRSS, VmHWM and threads once
every stream has had its snapshot.

The client is one Python thread on the same machine: it reads the streams one after the
other, so a late delivery includes the time the client took to read the earlier ones.
The figures are an upper bound of what the server alone takes.
"""
import argparse
import json
import selectors
import socket
import statistics
import time
import urllib.request

UNIT = "phuong-pho-yen"
COUNTER = UNIT + "-quay-7"
FIELD = "linh-vuc-tu-phap-ho-tich"


def post(base, path, body, headers):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST")
    req.add_header("Content-Type", "application/json")
    for k, v in headers.items():
        req.add_header(k, v)
    with urllib.request.urlopen(req) as r:
        return r.status, dict(r.headers), json.loads(r.read() or b"null")


def open_streams(host, port, n):
    sel = selectors.DefaultSelector()
    conns = []
    for i in range(n):
        s = socket.socket()
        s.bind(("127.0.0.%d" % (2 + i % 200), 0))
        s.connect((host, port))
        s.sendall(("GET /api/v1/units/%s/events HTTP/1.1\r\nHost: %s:%d\r\n"
                   "Accept: text/event-stream\r\n\r\n" % (UNIT, host, port)).encode())
        s.setblocking(False)
        c = {"sock": s, "buf": b"", "seen": set()}
        conns.append(c)
        sel.register(s, selectors.EVENT_READ, c)
    return sel, conns


def pump(sel, until, want_number, pending, arrivals, t0):
    """Reads until every connection in pending saw a called event for want_number."""
    needle = ('"number":"%s"' % want_number).encode()
    while pending and time.monotonic() < until:
        for key, _ in sel.select(timeout=0.5):
            c = key.data
            data = c["sock"].recv(65536)
            if not data:
                raise SystemExit("a stream closed")
            c["buf"] += data
            if id(c) in pending and b"event: called" in c["buf"] and needle in c["buf"]:
                arrivals.append(time.monotonic() - t0)
                pending.discard(id(c))
                c["buf"] = b""
            elif len(c["buf"]) > 1 << 20:
                c["buf"] = c["buf"][-4096:]


def status(pid, key):
    """A number from /proc/PID/status (kB for the Vm lines), 0 without a pid."""
    if not pid:
        return 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def wait_snapshots(sel, conns, until):
    """Reads until every stream has had its snapshot; then drops what was read."""
    missing = {id(c) for c in conns}
    while missing and time.monotonic() < until:
        for key, _ in sel.select(timeout=0.5):
            c = key.data
            data = c["sock"].recv(65536)
            if not data:
                raise SystemExit("a stream closed before its snapshot")
            c["buf"] += data
            if b"event: snapshot" in c["buf"] and b"\n\n" in c["buf"].split(b"event: snapshot", 1)[1]:
                missing.discard(id(c))
    if missing:
        raise SystemExit("%d streams had no snapshot" % len(missing))
    for c in conns:
        c["buf"] = b""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--password", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--streams", type=int, default=1000)
    ap.add_argument("--calls", type=int, default=100)
    ap.add_argument("--pid", type=int)
    a = ap.parse_args()
    host, port = a.base.split("//")[1].split(":")
    port = int(port)
    for _ in range(a.calls):
        post(a.base, "/api/v1/kiosk/tickets", {"field": FIELD},
             {"Authorization": "Bearer " + a.token})
    st, headers, _ = post(a.base, "/api/v1/auth/login",
                          {"username": "quay.phoyen", "password": a.password}, {})
    cookie = headers["Set-Cookie"].split(";")[0]
    rss_before = status(a.pid, "VmRSS")
    opened = time.monotonic()
    sel, conns = open_streams(host, port, a.streams)
    wait_snapshots(sel, conns, time.monotonic() + 120)
    open_s = time.monotonic() - opened
    time.sleep(1)  # let the server settle before reading its memory
    rss, hwm, threads = status(a.pid, "VmRSS"), status(a.pid, "VmHWM"), status(a.pid, "Threads")
    arrivals = []
    start = time.monotonic()
    for _ in range(a.calls):
        t0 = time.monotonic()
        _, _, body = post(a.base, "/api/v1/counters/%s/next" % COUNTER, {}, {"Cookie": cookie})
        pending = {id(c) for c in conns}
        pump(sel, time.monotonic() + 10, body["ticket"]["number"], pending, arrivals, t0)
        if pending:
            raise SystemExit("%d streams missed a call" % len(pending))
    took = time.monotonic() - start
    arrivals.sort()
    q = lambda p: arrivals[min(len(arrivals) - 1, int(p * len(arrivals)))] * 1000
    print("streams=%d calls=%d deliveries=%d p50=%.1fms p99=%.1fms max=%.1fms "
          "calls_per_s=%.1f open_s=%.1f rss_before=%dkB rss_with_streams=%dkB "
          "hwm_with_streams=%dkB threads=%d" % (
              a.streams, a.calls, len(arrivals), q(0.50), q(0.99), arrivals[-1] * 1000,
              a.calls / took, open_s, rss_before, rss, hwm, threads))


if __name__ == "__main__":
    main()
