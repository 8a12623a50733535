#!/usr/bin/env python3
"""`next` as fast as the counters can press it (stdlib only).

  calling.py BASE_URL[,BASE_URL…] --password STAFF_PW --token KIOSK_TOKEN [--counters 7]
             [--seconds 10] [--depths 100,1000]

Against a server started with --seed-demo --dev and a clock on a working day inside the
opening hours (several servers on one database: a comma-separated list, counters and kiosk
clients spread over them in turn): --counters client threads (Quầy 1 … 7 of the demo: 1-6 serve one field
each, 7 every field) sign in, each with its own staff session (`quay.phoyen`, one sign-in
per thread) on its own keep-alive connection. Then, for each queue depth D of --depths:
the demo kiosk fills the queue with D walk-in tickets in each of Phường Phổ Yên's six
fields (round-robin, twelve kiosk clients at once); then the counters, all starting
together, press "next" one after the other for --seconds while the twelve kiosk clients
keep about D tickets waiting per field (a ticket issued for each one called). The depth
matters: "next" reads and orders every waiting ticket of the counter's fields.

Prints one line of key=value per depth: the tickets of the fill and how long it took, the
`next` calls answered 200 in the window, the rate, p50/p99/max of each call's time, the
calls per counter, the tickets issued during the window, and any answer other than 200
(a `queue_empty` when a field ran dry for a moment is counted; anything else makes the
script exit 1).

Python threads share one interpreter: the client costs some of the two cores' time too,
so the rate is a floor for the server alone.
"""
import argparse
import http.client
import json
import threading
import time
import urllib.request

UNIT = "phuong-pho-yen"
FIELDS = [
    "van-phong-doi-ngoai-thu-le-phi-tra-ket-qua-tthc",
    "linh-vuc-tu-phap-ho-tich",
    "linh-vuc-xay-dung-cong-thuong-tai-chinh-ke-hoach",
    "linh-vuc-nong-nghiep-moi-truong",
    "van-hoa-khoa-hoc-thong-tin-noi-vu-y-te-giao-duc-dao-tao",
    "cn-van-phong-dang-ky-dat-dai",
]
ISSUERS = 12


def request(conn, method, path, body, headers):
    """One request on a keep-alive connection: (status, headers, JSON body or None)."""
    data = json.dumps(body).encode() if body is not None else None
    h = {"Content-Type": "application/json"} if data is not None else {}
    h.update(headers)
    conn.request(method, path, body=data, headers=h)
    r = conn.getresponse()
    raw = r.read()
    return r.status, r.getheaders(), (json.loads(raw) if raw else None)


def issue(host, port, token, state):
    """Issues tickets round-robin over the fields while fewer than state["target"] wait."""
    conn = http.client.HTTPConnection(host, port)
    auth = {"Authorization": "Bearer " + token}
    while not state["stop"]:
        with state["lock"]:
            waiting = state["issued"] - state["called"]
            if waiting >= state["target"]:
                field = None
            else:
                field = FIELDS[state["issued"] % len(FIELDS)]
                state["issued"] += 1
        if field is None:
            if state["fill_only"]:
                return
            time.sleep(0.0005)
            continue
        st, _, body = request(conn, "POST", "/api/v1/kiosk/tickets", {"field": field}, auth)
        if st != 201:
            state["errors"].append("ticket %s: %d %s" % (field, st, body))
            return


def sign_in(host, port, password):
    """A session of its own; sign-ins beyond the server's hashing limit get 503: wait."""
    conn = http.client.HTTPConnection(host, port)
    for _ in range(50):
        st, headers, _ = request(conn, "POST", "/api/v1/auth/login",
                                 {"username": "quay.phoyen", "password": password}, {})
        if st == 200:
            cookie = [v for k, v in headers if k.lower() == "set-cookie"][0]
            return conn, cookie.split(";")[0]
        if st != 503:
            raise SystemExit("sign-in answered %d" % st)
        time.sleep(0.2)
    raise SystemExit("sign-in: still 503 after 50 tries")


def counter_loop(conn, cookie, counter, start, end, state, out):
    path = "/api/v1/counters/%s-quay-%d/next" % (UNIT, counter)
    lat, other = [], {}
    while time.monotonic() < start:
        time.sleep(0.0005)
    while time.monotonic() < end:
        t0 = time.monotonic()
        st, _, body = request(conn, "POST", path, {}, {"Cookie": cookie})
        t1 = time.monotonic()
        if st == 200:
            with state["lock"]:
                state["called"] += 1
            if t1 <= end:
                lat.append(t1 - t0)
            continue
        code = body.get("error", {}).get("code") if isinstance(body, dict) else None
        key = "%d_%s" % (st, code)
        other[key] = other.get(key, 0) + 1
        if code == "queue_empty":
            time.sleep(0.001)  # its field ran dry for a moment: the kiosk is topping it up
    out[counter] = (lat, other)


def run_issuers(a, bases, state):
    threads = [threading.Thread(target=issue, args=(*bases[i % len(bases)], a.token, state))
               for i in range(ISSUERS)]
    for th in threads:
        th.start()
    return threads


def run_depth(a, bases, sessions, depth, state):
    """One depth: fill the queue, then call with the kiosk topping it up; print a line.
    False when an answer other than 200 or queue_empty came."""
    t = time.monotonic()
    state.update(target=depth * len(FIELDS), fill_only=True, stop=False)
    issued0 = state["issued"]
    for th in run_issuers(a, bases, state):
        th.join()
    issue_s = time.monotonic() - t
    out = {}
    start = time.monotonic() + 0.5
    end = start + a.seconds
    state["fill_only"] = False
    issuers = run_issuers(a, bases, state)
    calling0, issued1 = state["called"], state["issued"]
    threads = [threading.Thread(target=counter_loop,
                                args=(conn, cookie, i + 1, start, end, state, out))
               for i, (conn, cookie) in enumerate(sessions)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    state["stop"] = True
    for th in issuers:
        th.join()
    if state["errors"]:
        raise SystemExit(state["errors"][0])
    lat = sorted(d for c in out.values() for d in c[0])
    other = {}
    for c in out.values():
        for k, v in c[1].items():
            other[k] = other.get(k, 0) + v
    if not lat:
        raise SystemExit("depth %d: no call answered 200" % depth)
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
    print("depth=%d counters=%d filled=%d fill_s=%.1f calls=%d seconds=%.0f calls_per_s=%.0f "
          "p50=%.2fms p99=%.2fms max=%.2fms per_counter=%s tickets_during=%d other=%s" % (
              depth, len(sessions), issued1 - issued0, issue_s, len(lat), a.seconds,
              len(lat) / a.seconds, q(0.50), q(0.99), lat[-1] * 1000,
              ",".join(str(len(out[i + 1][0])) for i in range(len(sessions))),
              state["issued"] - issued1,
              ",".join("%s:%d" % kv for kv in sorted(other.items())) or "none"), flush=True)
    return all(k.endswith("queue_empty") for k in other)


def drain(session, state):
    """Quầy 7 (every field) calls until the unit's queue is empty."""
    conn, cookie = session
    path = "/api/v1/counters/%s-quay-7/next" % UNIT
    while request(conn, "POST", path, {}, {"Cookie": cookie})[0] == 200:
        state["called"] += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--password", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--counters", type=int, default=7, choices=range(1, 8))
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--depths", default="100,1000")
    a = ap.parse_args()
    bases = []
    for base in a.base.split(","):
        host, port = base.split("//")[1].split(":")
        bases.append((host, int(port)))
    sessions = [sign_in(*bases[i % len(bases)], a.password) for i in range(a.counters)]
    state = {"lock": threading.Lock(), "issued": 0, "called": 0, "errors": []}
    ok = True
    depths = [int(d) for d in a.depths.split(",")]
    for i, depth in enumerate(depths):
        ok = run_depth(a, bases, sessions, depth, state) and ok
        if i + 1 < len(depths):
            # what a window left waiting would be in the next one's queue: call it away
            drain(sessions[-1], state)
    if not ok:
        raise SystemExit("answers other than 200 or queue_empty")


if __name__ == "__main__":
    main()
