"""An SMTP server that keeps every message it receives, for Stoa's email tests.

    sink.py --out mails.jsonl [--port 0] [--tls none|starttls|tls] [--auth user:password]

Listens on 127.0.0.1 (port 0: any free port), prints "PORT <n>" once it accepts connections, and
appends one JSON line per message to --out: the envelope, the headers a reader sees, the plain
text and HTML parts decoded, whether the session was encrypted and who logged in. With --tls it
makes a throwaway self-signed certificate (openssl); with --auth it requires that login.
"""

import argparse
import asyncio
import json
import os
import ssl
import subprocess
import sys
import tempfile
import warnings
from email import policy
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        msg = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        login = session.auth_data if session.authenticated else None
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg.get("From", "")),
            "to": str(msg.get("To", "")),
            "reply_to": str(msg.get("Reply-To", "")),
            "subject": str(msg.get("Subject", "")),
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
            # STARTTLS sets session.ssl; implicit TLS shows on the transport.
            "tls": session.ssl is not None
            or server.transport.get_extra_info("ssl_object") is not None,
            "auth_login": login.decode() if isinstance(login, bytes) else login,
        }
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        return "250 OK"


def certificate(directory):
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-keyout", key, "-out", cert],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


async def main():
    # aiosmtpd warns about AUTH without TLS, which the tests use on purpose.
    warnings.filterwarnings("ignore")
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--tls", choices=["none", "starttls", "tls"], default="none")
    p.add_argument("--auth", default="")
    args = p.parse_args()

    context = certificate(tempfile.mkdtemp()) if args.tls != "none" else None
    user, _, password = args.auth.partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
            and auth_data.password.decode() == password
        return AuthResult(success=ok, auth_data=user if ok else None)

    recorder = Recorder(args.out)

    def factory():
        return SMTP(
            recorder,
            hostname="stoa-test-sink",
            tls_context=context if args.tls == "starttls" else None,
            require_starttls=args.tls == "starttls",
            authenticator=authenticate if args.auth else None,
            auth_required=bool(args.auth),
            # The tests log in over plain SMTP to 127.0.0.1 too (Stoa allows that only locally).
            auth_require_tls=False,
        )

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        factory, host="127.0.0.1", port=args.port,
        ssl=context if args.tls == "tls" else None,
    )
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
