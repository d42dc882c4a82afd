#!/usr/bin/env python3
"""TLS server that responds to each request with the exact bytes of a case file.

Usage:
    python3 tests/tls/replay_server.py --cert FILE --key FILE --cases DIR
        [--host 127.0.0.1] --port-file FILE [--log FILE]

The request path chooses the response and how the connection ends:

    GET /replay/NAME/close-notify   send DIR/NAME, then a TLS close_notify
                                    alert, then close the socket
    GET /replay/NAME/bare-close     send DIR/NAME, then close the socket
                                    without close_notify

NAME is the file name of a case (no directory part). Any other path gets a
404 response. One request per connection. Each request line is appended to
the log. The port is written to the port file once the server listens.
Standard library only; SIGTERM stops the server.
"""

import argparse
import os
import re
import signal
import socket
import socketserver
import ssl
import sys
import threading

REQUEST_LINE = re.compile(rb"GET /replay/([A-Za-z0-9._-]+)/(close-notify|bare-close) HTTP/1\.1\r\n")
HEAD_END = b"\r\n\r\n"
MAX_HEAD_BYTES = 16 * 1024
TIMEOUT_SECONDS = 10.0


def send_close_notify(tls):
    """Send a close_notify alert without waiting for the client's."""
    tls.settimeout(0)
    try:
        tls.unwrap()
    except ssl.SSLWantReadError:
        pass


class ReplayHandler(socketserver.BaseRequestHandler):
    """Serve one request on one TLS connection."""

    def handle(self):
        raw = self.request
        raw.settimeout(TIMEOUT_SECONDS)
        try:
            tls = self.server.tls_context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError) as error:
            print("replay-server: TLS handshake failed: %s" % error, file=sys.stderr, flush=True)
            return
        try:
            self.serve(tls)
        except (ssl.SSLError, OSError) as error:
            print("replay-server: connection failed: %s" % error, file=sys.stderr, flush=True)
        finally:
            tls.close()

    def serve(self, tls):
        head = b""
        while HEAD_END not in head:
            data = tls.recv(4096)
            if not data or len(head) > MAX_HEAD_BYTES:
                return
            head += data
        self.server.log_request(head.split(b"\r\n", 1)[0])
        match = REQUEST_LINE.match(head)
        path = os.path.join(self.server.cases, match.group(1).decode()) if match else None
        if path is None or not os.path.isfile(path):
            tls.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            send_close_notify(tls)
            return
        with open(path, "rb") as case:
            tls.sendall(case.read())
        # Without unwrap, close() frees the TLS state without sending
        # close_notify, so the client gets a bare TCP close.
        if match.group(2) == b"close-notify":
            send_close_notify(tls)


class ReplayServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host, tls_context, cases, log_path):
        self.tls_context = tls_context
        self.cases = cases
        self.log_path = log_path
        self.log_lock = threading.Lock()
        super().__init__((host, 0), ReplayHandler)

    def log_request(self, request_line):
        if not self.log_path:
            return
        with self.log_lock, open(self.log_path, "ab") as log:
            log.write(request_line + b"\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cert", required=True, help="PEM certificate chain")
    parser.add_argument("--key", required=True, help="PEM private key")
    parser.add_argument("--cases", required=True, help="directory of the case files")
    parser.add_argument("--host", default="127.0.0.1", help="IPv4 address to listen on")
    parser.add_argument("--port-file", required=True, help="file that receives the port")
    parser.add_argument("--log", help="file that receives each request line")
    arguments = parser.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(arguments.cert, arguments.key)
    server = ReplayServer(arguments.host, context, arguments.cases, arguments.log)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                     daemon=True).start()
    temporary = arguments.port_file + ".tmp"
    with open(temporary, "w") as port_file:
        port_file.write("%d\n" % server.server_address[1])
    os.replace(temporary, arguments.port_file)
    while not stop.wait(1.0):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
