#!/usr/bin/env python3
"""Follow the exchange's event stream from Python, with nothing but the standard library.

Speaks the NATS client protocol directly (CONNECT, SUB, PUB, HMSG, PING/PONG) and JetStream's JSON API:
creates (or reuses) a durable pull consumer, fetches events in batches, prints one line per event and
acknowledges each. Several processes with the same --durable share the consumer (a consumer group): each
event goes to one of them.

    python3 samples/python/events_consumer.py [--url nats://127.0.0.1:4222] [--stream EXCHANGE_EVENTS]
        [--durable py-printer] [--subject exchange.>] [--max 0] [--idle-seconds 0]

--max N stops after N events, --idle-seconds S after S seconds without one (0: never). docs/events.md
describes the subjects and the JSON body.
"""
import argparse
import json
import socket
import sys
import time
import uuid
from urllib.parse import urlparse


class NatsError(Exception):
    pass


class Nats:
    """A minimal NATS connection: enough for JetStream requests and a pull consumer."""

    def __init__(self, url, timeout=10.0):
        parsed = urlparse(url)
        self.sock = socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 4222), timeout=timeout)
        self.buffer = b""
        self.sid = 0
        info = self._line()
        if not info.startswith(b"INFO "):
            raise NatsError(f"not a NATS server: {info[:80]!r}")
        connect = {"verbose": False, "pedantic": False, "headers": True, "no_responders": True,
                   "name": "exchange-python-events", "lang": "python", "version": "1", "protocol": 1}
        self._send(b"CONNECT " + json.dumps(connect).encode() + b"\r\nPING\r\n")
        while True:
            kind, _ = self.next(timeout)
            if kind == "PONG":
                break

    def _send(self, data):
        self.sock.sendall(data)

    def _fill(self, timeout):
        self.sock.settimeout(timeout)
        chunk = self.sock.recv(65536)
        if not chunk:
            raise NatsError("the server closed the connection")
        self.buffer += chunk

    def _line(self, timeout=10.0):
        while b"\r\n" not in self.buffer:
            self._fill(timeout)
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def _bytes(self, count, timeout):
        while len(self.buffer) < count + 2:
            self._fill(timeout)
        data, self.buffer = self.buffer[:count], self.buffer[count + 2:]
        return data

    def subscribe(self, subject):
        self.sid += 1
        self._send(f"SUB {subject} {self.sid}\r\n".encode())
        return self.sid

    def publish(self, subject, payload=b"", reply=None):
        head = f"PUB {subject} {reply} {len(payload)}\r\n" if reply else f"PUB {subject} {len(payload)}\r\n"
        self._send(head.encode() + payload + b"\r\n")

    def next(self, timeout):
        """The next protocol message: ("MSG", (subject, reply, headers, payload)), ("PONG", None), ...; PINGs are answered here."""
        while True:
            line = self._line(timeout)
            if line == b"PING":
                self._send(b"PONG\r\n")
                continue
            if line == b"PONG":
                return "PONG", None
            if line.startswith(b"+OK") or line.startswith(b"INFO "):
                continue
            if line.startswith(b"-ERR"):
                raise NatsError(line.decode(errors="replace"))
            parts = line.decode().split(" ")
            if parts[0] == "MSG":  # MSG subject sid [reply] size
                reply = parts[3] if len(parts) == 5 else None
                payload = self._bytes(int(parts[-1]), timeout)
                return "MSG", (parts[1], reply, {}, payload)
            if parts[0] == "HMSG":  # HMSG subject sid [reply] header-size total-size
                reply = parts[3] if len(parts) == 6 else None
                header_size, total = int(parts[-2]), int(parts[-1])
                data = self._bytes(total, timeout)
                return "MSG", (parts[1], reply, parse_headers(data[:header_size]), data[header_size:])
            raise NatsError(f"unexpected protocol line {line[:80]!r}")

    def request(self, subject, body, timeout=10.0):
        inbox = "_INBOX." + uuid.uuid4().hex
        sid = self.subscribe(inbox)
        self.publish(subject, json.dumps(body).encode(), reply=inbox)
        deadline = time.monotonic() + timeout
        while True:
            kind, message = self.next(max(0.1, deadline - time.monotonic()))
            if kind == "MSG" and message[0] == inbox:
                self._send(f"UNSUB {sid}\r\n".encode())
                headers = message[2]
                if headers.get(":status") == "503":
                    raise NatsError("no responders: is JetStream enabled on this server?")
                return json.loads(message[3] or b"{}")


def parse_headers(block):
    lines = block.decode(errors="replace").split("\r\n")
    headers = {}
    status = lines[0].split(" ")
    if len(status) > 1:
        headers[":status"] = status[1]
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip()] = value.strip()
    return headers


def main(argv):
    parser = argparse.ArgumentParser(description="Print the exchange's events from a durable JetStream consumer.")
    parser.add_argument("--url", default="nats://127.0.0.1:4222")
    parser.add_argument("--stream", default="EXCHANGE_EVENTS")
    parser.add_argument("--durable", default="py-printer")
    parser.add_argument("--subject", default="exchange.>")
    parser.add_argument("--max", type=int, default=0)
    parser.add_argument("--idle-seconds", type=float, default=0)
    args = parser.parse_args(argv)
    if args.max < 0 or args.idle_seconds < 0:
        parser.error("--max and --idle-seconds take a number >= 0")

    try:
        nats = Nats(args.url)
    except (OSError, NatsError) as error:
        print(f"cannot reach NATS at {args.url}: {error}", file=sys.stderr)
        return 2

    config = {"durable_name": args.durable, "ack_policy": "explicit", "deliver_policy": "all", "filter_subject": args.subject}
    created = nats.request(f"$JS.API.CONSUMER.DURABLE.CREATE.{args.stream}.{args.durable}", {"stream_name": args.stream, "config": config})
    if "error" in created:
        print(f"no consumer on stream {args.stream}: {created['error'].get('description')} (is the exchange running with --events-url?)", file=sys.stderr)
        return 2

    inbox = "_INBOX." + uuid.uuid4().hex
    nats.subscribe(inbox)
    seen = 0
    last_event = time.monotonic()
    while args.max == 0 or seen < args.max:
        # Pull a batch; the server answers with up to 100 events, or a 404/408 status when there are none before it expires.
        nats.publish(f"$JS.API.CONSUMER.MSG.NEXT.{args.stream}.{args.durable}", json.dumps({"batch": 100, "expires": 1_000_000_000}).encode(), reply=inbox)
        while True:
            try:
                kind, message = nats.next(5.0)
            except socket.timeout:
                break
            if kind != "MSG":
                continue
            subject, reply, headers, payload = message
            if ":status" in headers:  # 404 no messages, 408 request expired, 409 ...: this pull is over
                break
            event = json.loads(payload)
            if event.get("schema") != 1:
                print(f"schema {event.get('schema')} is newer than this consumer knows (1): stopping before misreading it", file=sys.stderr)
                return 3
            print(f"{event['sequence']:8}-{event['index']:<3} {event['event']:<20} {subject}", flush=True)
            nats.publish(reply, b"+ACK")
            seen += 1
            last_event = time.monotonic()
            if args.max and seen >= args.max:
                break
        if args.idle_seconds and time.monotonic() - last_event > args.idle_seconds:
            break

    # Make sure the last acknowledgements reached the server before leaving.
    nats._send(b"PING\r\n")
    while nats.next(5.0)[0] != "PONG":
        pass
    print(f"{seen} events", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
