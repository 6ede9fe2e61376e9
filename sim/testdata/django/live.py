#!/usr/bin/python3
"""Serve the bank site for real, to a real browser, on conformance.py's clock.

    /usr/bin/python3 live.py CERT.pem KEY.pem

Used by sim/scenario_real_test.go (TestScenariosRealStack). One port on
127.0.0.1, printed as "ready PORT" on stdout, answers both plain HTTP and
HTTPS (the first byte of a connection tells a TLS handshake from a request):
the browser maps bank.example.com:80 and :443 to it, so URLs, Host, Origin
and Referer carry no port, and Django sees SERVER_PORT 80 or 443 as it would
behind a real listener. Connections are read on threads; every request runs
through Django on the main thread, one at a time (SQLite ":memory:" is one
database per thread), with conformance.py's virtual clock and settings.

Commands are JSON lines on stdin, each answered by one JSON line on stdout:

  {"cmd": "config", "settings": {Field key: value}, "secret_key", "password_fields"}
        reset the store and the users and serve with these settings (the
        keys of bank/settings.py from_config, as conformance.py takes them)
  {"cmd": "advance", "seconds": N}   move the virtual clock
  {"cmd": "log"}                     the requests served since the last "log"
  {"cmd": "peek", "key": K}          conformance.py peek: alive and data
  {"cmd": "inject", "script": S, "http_set_cookie": L, "block_tls": B, "strip": T}
        what the attacker adds: S (HTML) appended to every page the site
        serves (a stored XSS); L appended as a Set-Cookie to every plain-HTTP
        response (an on-path attacker rewriting the answer); B drops every
        TLS connection (an on-path attacker blocking HTTPS); T relays every
        plain-HTTP request to the site as HTTPS and strips the answer
        (sslstrip, as sim's World.relayStripped: Origin and Referer made
        https://, the answer's Strict-Transport-Security dropped, https://
        in Location made http://, Secure taken off every Set-Cookie). null
        or absent clears.
  {"cmd": "quit"}

GET /account/.cookie-echo answers with the request's Cookie header and never
reaches Django: what the browser would send to the account page now.

Pages are Django's own responses, with the forms a real template would
render added by this harness from the view's X-Sim-CSRF token: a login form
on /login/, and transfer, password and logout forms wherever a token is
given. SECURE_CSP (Django 6.0) has no 5.2 middleware: with it on, the header
sim.SecureCSPPolicy describes is added here, as django/middleware/csp.py
would add it to every response.
"""
import html
import json
import os
import queue
import socket
import socketserver
import ssl
import sys
import threading
from io import BytesIO
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance  # noqa: E402  (configures Django and the virtual clock)
from conformance import Clock, EPOCH  # noqa: E402
from bank import settings as bank_settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

CSP = "script-src 'self'"  # sim.SecureCSPPolicy


class State:
    handler = None
    override = None
    cfg = None
    log = []
    script = None
    http_set_cookie = None
    block_tls = False
    strip = False


work = queue.Queue()  # (kind, payload, reply queue), run on the main thread


class Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    ssl_context = None

    def finish_request(self, request, client_address):
        request.settimeout(20)
        try:
            first = request.recv(1, socket.MSG_PEEK)
        except OSError:
            return
        if first == b"\x16":
            if State.block_tls:
                return  # process_request_thread closes the socket
            try:
                request = self.ssl_context.wrap_socket(request, server_side=True)
            except (OSError, ssl.SSLError):
                return
        elif not first:
            return
        self.RequestHandlerClass(request, client_address, self)


class Handler(WSGIRequestHandler):
    def get_environ(self):
        env = super().get_environ()
        secure = isinstance(self.connection, ssl.SSLSocket)
        env["HTTPS"] = "on" if secure else "off"
        env["SERVER_PORT"] = "443" if secure else "80"
        env["SERVER_NAME"] = conformance.HOST
        return env

    def log_message(self, *args):
        pass


COOKIE_ECHO = "/account/.cookie-echo"


def app(environ, start_response):
    """Reads the request on the connection's thread, runs it on the main one."""
    n = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(n) if n else b""
    env = {k: v for k, v in environ.items() if isinstance(v, str)}
    env["wsgi.input"] = BytesIO(body)
    env["wsgi.errors"] = sys.stderr
    env["wsgi.version"] = (1, 0)
    env["wsgi.multithread"] = False
    env["wsgi.multiprocess"] = False
    env["wsgi.run_once"] = False
    env["wsgi.url_scheme"] = "https" if environ.get("HTTPS") == "on" else "http"
    if environ.get("PATH_INFO") == "/favicon.ico":
        # The browser's own fetch, no part of any story: Django never sees
        # it (it would re-save a session under SESSION_SAVE_EVERY_REQUEST).
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return [b""]
    if environ.get("PATH_INFO") == COOKIE_ECHO:
        # The Cookie header the browser sends under /account/, echoed for
        # the test without Django (which would set cookies).
        out = environ.get("HTTP_COOKIE", "").encode()
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(out)))])
        return [out]
    reply = queue.Queue(1)
    work.put(("request", env, reply))
    status, headers, out = reply.get()
    start_response(status, headers)
    return [out]


def forms(path, token):
    """The forms a template would render with this token."""
    hidden = '<input type="hidden" name="csrfmiddlewaretoken" value="%s">' % html.escape(token or "")
    if path == "/login/":
        return ('<form name="login" method="post" action="/login/">%s'
                '<input name="username"><input name="password" type="password"></form>' % hidden)
    return ('<form name="transfer" method="post" action="/transfer/">%s<input name="to"><input name="amount"></form>'
            '<form name="password" method="post" action="/password/">%s<input name="old_password">'
            '<input name="new_password"></form>'
            '<form name="logout" method="post" action="/logout/">%s</form>' % (hidden, hidden, hidden))


def serve(env):
    got = {}
    stripped = State.strip and env["wsgi.url_scheme"] == "http"
    if stripped:
        env = dict(env)
        env["wsgi.url_scheme"], env["HTTPS"], env["SERVER_PORT"] = "https", "on", "443"
        for k in ("HTTP_ORIGIN", "HTTP_REFERER"):
            if env.get(k, "").startswith("http://"):
                env[k] = "https://" + env[k][len("http://"):]
    body_in = env["wsgi.input"].getvalue()

    def start_response(status, headers, exc_info=None):
        got["status"], got["headers"] = status, list(headers)

    try:
        result = State.handler(env, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    except Exception as e:  # as wsgiref's handle_error: a bare 500
        got["status"], got["headers"], body = "500 Internal Server Error", [("X-Sim-Did", "uncaught %s" % type(e).__name__)], b""
    headers = got["headers"]
    if stripped:
        out = []
        for k, v in headers:
            if k.lower() == "strict-transport-security":
                continue
            if k.lower() == "location":
                v = v.replace("https://", "http://", 1)
            if k.lower() == "set-cookie":
                v = ";".join(p for p in v.split(";") if p.strip().lower() != "secure")
            out.append((k, v))
        headers = out
    one = lambda name: next((v for k, v in headers if k == name), None)  # noqa: E731
    secure = env["wsgi.url_scheme"] == "https" and not stripped
    if not secure and State.http_set_cookie:
        headers.append(("Set-Cookie", State.http_set_cookie))
    if State.cfg.get("SECURE_CSP", "False").lower() in bank_settings._TRUE:
        headers.append(("Content-Security-Policy", CSP))
    ctype = one("Content-Type") or ""
    if ctype.startswith("text/html"):
        token = one("X-Sim-CSRF")
        page = b"<!doctype html><title>bank</title><body>" + body
        if token is not None:
            page += forms(env.get("PATH_INFO", ""), token).encode()
        if State.script:
            page += State.script.encode()
        body = page + b"</body>"
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    headers.append(("Content-Length", str(len(body))))
    headers.append(("Cache-Control", "no-store"))
    State.log.append({
        "at": Clock.now - EPOCH,
        "scheme": "http" if stripped else env["wsgi.url_scheme"],
        "stripped": stripped,
        "form": {k: v[-1] for k, v in parse_qs(body_in.decode("latin-1")).items()},
        "hsts": one("Strict-Transport-Security") or "",
        "method": env.get("REQUEST_METHOD", ""),
        "path": env.get("PATH_INFO", ""),
        "query": env.get("QUERY_STRING", ""),
        "cookie": env.get("HTTP_COOKIE", ""),
        "origin": env.get("HTTP_ORIGIN", ""),
        "referer": env.get("HTTP_REFERER", ""),
        "status": int(got["status"].split()[0]),
        "user": one("X-Sim-User") or "",
        "did": one("X-Sim-Did") or "",
        "set_cookies": [v for k, v in headers if k == "Set-Cookie"],
    })
    return got["status"], headers, body


def command(runner, c):
    cmd = c["cmd"]
    if cmd == "config":
        if State.override is not None:
            State.override.disable()
        runner.secret_key = c.get("secret_key")
        runner.password_fields = c.get("password_fields") or {}
        runner.reset()
        cfg = dict(bank_settings.DEFAULTS)
        cfg.update(c["settings"])
        over = bank_settings.from_config(cfg, runner.file_dir)
        over["ALLOWED_HOSTS"] = [conformance.HOST]
        if runner.secret_key:
            over["SECRET_KEY"] = runner.secret_key
        State.override = override_settings(**over)
        State.override.enable()
        State.cfg = cfg
        State.handler = WSGIHandler()
        State.log = []
        State.script, State.http_set_cookie, State.block_tls, State.strip = None, None, False, False
        return {"ok": True}
    if cmd == "advance":
        Clock.now += c["seconds"]
        return {"ok": True, "at": Clock.now - EPOCH}
    if cmd == "log":
        out, State.log = State.log, []
        return {"ok": True, "log": out}
    if cmd == "peek":
        return {"ok": True, "session": conformance.peek(State.cfg, c["key"])}
    if cmd == "inject":
        State.script = c.get("script")
        State.http_set_cookie = c.get("http_set_cookie")
        State.block_tls = bool(c.get("block_tls"))
        State.strip = bool(c.get("strip"))
        return {"ok": True}
    if cmd == "quit":
        return None
    return {"ok": False, "error": "unknown command %r" % cmd}


def read_commands():
    for line in sys.stdin:
        if line.strip():
            work.put(("command", json.loads(line), None))
    work.put(("command", {"cmd": "quit"}, None))


def main():
    cert, key = sys.argv[1:3]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server = Server(("127.0.0.1", 0), Handler)
    server.ssl_context = ctx
    server.set_app(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    runner = conformance.Runner()
    threading.Thread(target=read_commands, daemon=True).start()
    print("ready %d" % server.server_address[1], flush=True)
    try:
        while True:
            kind, payload, reply = work.get()
            if kind == "request":
                if State.handler is None:
                    reply.put(("503 Service Unavailable", [("Content-Type", "text/plain")], b"not configured"))
                    continue
                try:
                    reply.put(serve(payload))
                except Exception as e:  # never leave a connection hanging
                    reply.put(("500 Internal Server Error", [("Content-Type", "text/plain")], repr(e).encode()))
                continue
            try:
                out = command(runner, payload)
            except Exception as e:
                out = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
            if out is None:
                break
            sys.stdout.write(json.dumps(out) + "\n")
            sys.stdout.flush()
    finally:
        runner.close()
        server.shutdown()


if __name__ == "__main__":
    main()
