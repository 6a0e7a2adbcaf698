"""Where the suite's server is: EXCHANGE_HOST / EXCHANGE_PORT (the .NET test that runs this suite starts one
with accounts 1-3, secrets secret-1..3, funded, and instrument 1)."""
import os

HOST = os.environ.get("EXCHANGE_HOST", "127.0.0.1")
PORT = int(os.environ["EXCHANGE_PORT"]) if "EXCHANGE_PORT" in os.environ else None
PATIENCE = 20.0


def endpoint():
    if PORT is None:
        raise RuntimeError("set EXCHANGE_PORT to a running server (accounts 1-3 with secrets secret-1..3, instrument 1); "
                           "the .NET test PythonClientTests starts one and runs this suite")
    return [(HOST, PORT)]


def secret(account):
    return f"secret-{account}"
