#!/usr/bin/env python3
"""http-raw: send the bytes of standard input to 127.0.0.1:PORT as they
are, and print what comes back until the server closes (or TIMEOUT).

  http-raw.py PORT [--delay SECONDS] [--timeout SECONDS]

With --delay, one byte at a time, each after SECONDS: a slow client.
"""
import socket
import sys
import time

port = int(sys.argv[1])
opts = {"--delay": "0", "--timeout": "20"}
i = 2
while i < len(sys.argv):
    opts[sys.argv[i]] = sys.argv[i + 1]
    i += 2
data = sys.stdin.buffer.read()
s = socket.create_connection(("127.0.0.1", port), 5)
s.settimeout(float(opts["--timeout"]))
delay = float(opts["--delay"])
try:
    if delay > 0:
        for b in data:
            s.sendall(bytes([b]))
            time.sleep(delay)
    else:
        s.sendall(data)
except OSError:
    pass
out = b""
try:
    while True:
        got = s.recv(65536)
        if not got:
            break
        out += got
except OSError:
    pass
sys.stdout.buffer.write(out)
