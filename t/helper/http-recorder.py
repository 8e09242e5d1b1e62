#!/usr/bin/env python3
"""http-recorder: a local HTTP peer for the tests: records every request
as a JSON line and answers as told.

  http-recorder.py PORTFILE LOG [--fail N] [--status CODE] [--body TEXT]
                   [--delay SECONDS] [--tls CERTKEYFILE] [--port PORT]

Binds 127.0.0.1 on a free port (or PORT) and writes the port into PORTFILE once it
listens. Each request becomes a line of LOG: {"method","path","headers"
(names lower-cased),"body"}. The first N requests are answered 500
(--fail), the others CODE (200) with TEXT ({"status":1}), each after
SECONDS (0) once recorded; over TLS with --tls (a PEM file holding the
certificate and its key).
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

args = sys.argv[1:]
portfile, logfile = args[0], args[1]
opts = {"--delay": "0", "--fail": "0", "--status": "200", "--body": '{"status":1}'}
i = 2
while i < len(args):
    opts[args[i]] = args[i + 1]
    i += 2
fail = int(opts["--fail"])
lock = threading.Lock()
seen = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        with lock:
            seen[0] += 1
            k = seen[0]
            rec = {"method": self.command, "path": self.path,
                   "headers": {h.lower(): v for h, v in self.headers.items()},
                   "body": body.decode("utf-8", "replace"), "n": k}
            with open(logfile, "a") as f:
                f.write(json.dumps(rec) + "\n")
        time.sleep(float(opts["--delay"]))
        code = 500 if k <= fail else int(opts["--status"])
        out = opts["--body"].encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)


srv = ThreadingHTTPServer(("127.0.0.1", int(opts.get("--port", "0"))), Handler)
if "--tls" in opts:
    import ssl
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(opts["--tls"])
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_address[1])

os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
