#!/usr/bin/env python3
"""ws-client: a WebSocket client for the tests, on a bare socket (RFC 6455),
so that what goes over the wire is what the test says: fragments, pings,
oversized frames. It does the handshake, then the steps, printing what
it gets, one line each:

  ws-client.py PORT PATH [-H 'Name: value']... STEP...

  read:N       N text messages, each printed as it came
  ping:TEXT    a ping; prints "pong TEXT" when the pong comes
  frag:A,B     a text message in two fragments (nothing comes back)
  big:N        a text message of N bytes; prints "close CODE" if closed
  bad          an unmasked frame (a protocol error); prints "close CODE"
  close        a close (1000); prints "close CODE" of the answer
The handshake's status line is printed first; a non-101 ends there.
"""
import base64, hashlib, os, socket, struct, sys

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def frame(op, payload, fin=True, mask=True):
    b0 = (0x80 if fin else 0) | op
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", b0, (0x80 if mask else 0) | n)
    elif n < 65536:
        head = struct.pack("!BBH", b0, (0x80 if mask else 0) | 126, n)
    else:
        head = struct.pack("!BBQ", b0, (0x80 if mask else 0) | 127, n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(c ^ key[i % 4] for i, c in enumerate(payload))


class Conn:
    def __init__(self, sock):
        self.s = sock
        self.buf = b""

    def need(self, n):
        while len(self.buf) < n:
            d = self.s.recv(65536)
            if not d:
                raise EOFError
            self.buf += d
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def frame(self):
        b0, b1 = self.need(2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self.need(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self.need(8))[0]
        if b1 & 0x80:
            raise ValueError("a server frame was masked")
        return b0 & 0x0F, self.need(n)

    def until(self, ops):
        while True:
            op, p = self.frame()
            if op in ops or op == 8:
                return op, p


def closed(p):
    return "close %d" % (struct.unpack("!H", p[:2])[0] if len(p) >= 2 else 1005)


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    args, headers = sys.argv[3:], []
    while args and args[0] == "-H":
        headers.append(args[1])
        args = args[2:]
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    req = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
           "Sec-WebSocket-Version: 13\r\n" % (path, port, key))
    req += "".join(h + "\r\n" for h in headers) + "\r\n"
    s.sendall(req.encode())
    c = Conn(s)
    head = b""
    while b"\r\n\r\n" not in head:
        head += c.need(1)
    lines = head.decode().split("\r\n")
    print(lines[0], flush=True)
    if " 101 " not in lines[0]:
        return
    want = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
    if "Sec-WebSocket-Accept: " + want not in lines:
        print("bad accept", flush=True)
        return
    for step in args:
        verb, _, arg = step.partition(":")
        if verb == "read":
            for _ in range(int(arg)):
                op, p = c.until((1,))
                print(p.decode() if op == 1 else closed(p), flush=True)
        elif verb == "ping":
            s.sendall(frame(9, arg.encode()))
            op, p = c.until((10,))
            print(("pong " + p.decode()) if op == 10 else closed(p), flush=True)
        elif verb == "frag":
            a, b = arg.split(",")
            s.sendall(frame(1, a.encode(), fin=False) + frame(0, b.encode()))
        elif verb == "big":
            s.sendall(frame(1, b"x" * int(arg)))
            print(closed(c.until(())[1]), flush=True)
        elif verb == "bad":
            s.sendall(frame(1, b"hi", mask=False))
            print(closed(c.until(())[1]), flush=True)
        elif verb == "close":
            s.sendall(frame(8, struct.pack("!H", 1000)))
            print(closed(c.until(())[1]), flush=True)


try:
    main()
except (EOFError, ConnectionError, socket.timeout) as e:
    print("connection ended: %s" % type(e).__name__, flush=True)
