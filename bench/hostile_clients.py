#!/usr/bin/env python3
"""Hostile clients for bench/hardening.sh (standard library only).

  stalled PORT N BYTES HOLD   open N uploads that declare 32 MiB, send BYTES of
                              it, then stop; after HOLD seconds print how many
                              got an answer, by status, and how long the first
                              408 took.
  methods PORT N              send N requests with made-up methods to /health,
                              then print the size of /metrics in bytes.
  uploads PORT N MB [ROUNDS]  N concurrent uploads of MB megabytes of CSV rows
                              (200,000 rows, padded ids), ROUNDS times; print
                              each status and time.
"""
import socket, sys, threading, time, http.client, resource

def stalled(port, n, sent, hold):
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    socks, start = [], time.time()
    head = f"POST /api/lookup HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: {32 << 20}\r\n\r\n".encode()
    body = b"lon,lat\n" + b"1.4,43.6\n" * (sent // 9)
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(head + body[:sent])
        s.setblocking(False)
        socks.append(s)
    print(f"opened {n} stalled uploads of {sent} bytes in {time.time() - start:.1f} s", flush=True)
    answers, first_408 = {}, None
    deadline = time.time() + hold
    pending = set(range(n))
    while pending and time.time() < deadline:
        for i in list(pending):
            try:
                data = socks[i].recv(64)
            except BlockingIOError:
                continue
            except OSError:
                data = b"reset"
            status = data[9:12].decode(errors="replace") if data.startswith(b"HTTP/") else ("closed" if not data else "reset")
            answers[status] = answers.get(status, 0) + 1
            if status == "408" and first_408 is None:
                first_408 = time.time() - start
            pending.discard(i)
        time.sleep(0.05)
    print(f"answers after {hold} s: {answers}, still waiting: {len(pending)}, first 408 after "
          + (f"{first_408:.1f} s" if first_408 else "-"), flush=True)
    for s in socks:
        s.close()

def methods(port, n):
    for i in range(n):
        c = http.client.HTTPConnection("127.0.0.1", port)
        c.request(f"M{i:05d}", "/health")
        c.getresponse().read()
        c.close()
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", "/metrics")
    print(f"/metrics after {n} made-up methods: {len(c.getresponse().read())} bytes")

def uploads(port, n, mb, rounds=1):
    rows = 200_000
    pad = max(1, (mb * 1_000_000) // rows - 20)
    body = ("id,lon,lat\n" + "".join(f"{'x' * pad}{k},1.44{k % 10},43.6{k % 7}\n" for k in range(rows))).encode()
    out = []
    def one(i):
        t = time.time()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        c.request("POST", "/api/lookup", body=body, headers={"Content-Type": "text/csv"})
        r = c.getresponse(); r.read()
        out.append((i, r.status, time.time() - t))
    for _ in range(rounds):
        out.clear()
        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in threads: t.start()
        for t in threads: t.join()
        print(f"{n} uploads of {len(body) / 1e6:.1f} MB: " + ", ".join(f"{s} in {d:.2f} s" for _, s, d in sorted(out)), flush=True)

if __name__ == "__main__":
    kind, port = sys.argv[1], int(sys.argv[2])
    args = [int(a) for a in sys.argv[3:]]
    {"stalled": stalled, "methods": methods, "uploads": uploads}[kind](port, *args)
