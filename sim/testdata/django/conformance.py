#!/usr/bin/python3
"""Drive a real Django (5.2: sim/django_real_test.go) through conformance cases.

    PYTHONPATH=$SESSIONLAB_DJANGO /usr/bin/python3 conformance.py < cases.json > observations.json

Input: {"cases": [case, ...], "secret_key": ..., "password_fields": {...}}
(the last two optional: the Go test sends the model's SECRET_KEY and its
users' password fields, so that signatures and auth hashes are the same on
both sides). A case is
    {"name", "source", "config": {Field key: value}, "settings": {...},
     "engines": [...], "steps": [step, ...]}
"config" holds the keys of sim.Fields (sim/fields.go) that differ from
sim.Defaults(); "settings", when present (the Go test sends it), is the whole
resolved Config and wins over bank.settings.DEFAULTS. "engines" runs the case
once per SESSION_ENGINE, named "name/engine".

A step is one of
    {"advance": seconds}                      the virtual clock moves on
    {"copy": "victim", "to": "attacker"}      copy the session cookie
    {"client": c, "set_session": "value"}     plant a session cookie value
    {"client": c, "method", "path", "query", "scheme", "host", "form", "origin",
     "referer", "x_csrftoken", "cookie_header",
     "expect": {...}, "expect_engine": {engine: {...}}}   an HTTP request
Form values "$token" (the client's last form token), "$cookie_token" (its
CSRF cookie, named by CSRF_COOKIE_NAME) and "$password" (the form username's password) are filled in,
in x_csrftoken too. cookie_header replaces the client's Cookie header: "$jar"
stands for its own cookies, "$session:name" for client name's session cookie
value (duplicate names: Django keeps the last).

Clients are raw HTTP clients, not browsers: they keep every cookie they are
sent, whatever its attributes or expiry, and drop one only when a Set-Cookie
has Max-Age<=0. That tests the server on its own; browsers are modelled and
tested elsewhere.

The clock is virtual: time.time and django.utils.timezone.now read it, and the
file backend's session files get it as their mtime, so "advance 301" is exact
and nothing sleeps. It starts at sim.Epoch, 2026-03-02 09:00:00 UTC, and every
request runs half a second into its second (PHASE).

Output: {"django": version, "cases": [{"name", "steps": [observation]}],
"failures": [...]}; a request's observation has at (seconds since the
start), status, set_cookies (exact lines), location, hsts, vary, user, did,
token (whether the page carried a form token) and sessions: for every client
holding a session cookie, its key, whether the engine would honour it now
and, if so, its data.

    /usr/bin/python3 conformance.py --loads < {"secret_key", "items": [{"value", "at", "max_age"}]}

decodes signed_cookies values as that engine's load() does and prints
[{"ok": true, "data": {...}} or {"ok": false, "error": "..."}]. The exit status is 1 when a
step's "expect" does not hold.
"""
import calendar
import datetime
import json
import os
import shutil
import sys
import tempfile
import time
from importlib import import_module
from io import BytesIO
from urllib.parse import urlencode

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

EPOCH = calendar.timegm((2026, 3, 2, 9, 0, 0))  # sim.Epoch (sim/run.go)
HOST = "bank.example.com"
PASSWORDS = {"alice": "alice-password", "mallory": "mallory-password"}


class Clock:
    now = EPOCH


# Requests run half a second into each virtual second, as sim's inSecond:
# TimestampSigner stamps int(time.time()), so a signed_cookies value read
# exactly SESSION_COOKIE_AGE after it was signed is older than max_age, as it
# is on any real clock.
PHASE = 0.5


def _time():
    return Clock.now + PHASE


def _now():
    return datetime.datetime.fromtimestamp(Clock.now + PHASE, tz=datetime.timezone.utc)


time.time = _time  # sessions middleware, set_cookie, signing, locmem cache

import django  # noqa: E402
from django.conf import settings  # noqa: E402

from bank import settings as bank_settings  # noqa: E402

settings.configure(**bank_settings.BASE)
django.setup()

from django.utils import timezone  # noqa: E402

timezone.now = _now  # base.py get_expiry_*, db.py load/save

from django.contrib.auth.models import User  # noqa: E402
from django.core.exceptions import SuspiciousOperation  # noqa: E402
from django.contrib.sessions.backends import file as file_backend  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core import signing  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

_file_save = file_backend.SessionStore.save


def _file_save_at_virtual_time(self, must_create=False):
    """file.py dates a session by its file's mtime (_last_modification)."""
    _file_save(self, must_create)
    if self.session_key:
        path = self._key_to_file()
        if os.path.exists(path):
            os.utime(path, (Clock.now + PHASE, Clock.now + PHASE))


file_backend.SessionStore.save = _file_save_at_virtual_time


class Runner:
    def __init__(self, secret_key=None, password_fields=None):
        import logging

        self.secret_key = secret_key
        self.password_fields = password_fields or {}
        logging.disable(logging.CRITICAL)  # 403/500 log lines are expected
        call_command("migrate", verbosity=0, interactive=False)
        self.file_dir = tempfile.mkdtemp(prefix="sessionlab-conformance-")

    def close(self):
        shutil.rmtree(self.file_dir, ignore_errors=True)

    def reset(self):
        Clock.now = EPOCH
        Session.objects.all().delete()
        caches["default"].clear()
        for name in os.listdir(self.file_dir):
            os.unlink(os.path.join(self.file_dir, name))
        User.objects.all().delete()
        for i, (name, pw) in enumerate(sorted(PASSWORDS.items()), 1):
            if name in self.password_fields:
                User.objects.create(id=i, username=name, password=self.password_fields[name])
            else:
                User.objects.create_user(id=i, username=name, password=pw)

    def run_case(self, case, cfg, engine):
        self.reset()
        name = case["name"] + ("/" + engine if engine else "")
        sid = cfg["SESSION_COOKIE_NAME"]
        jars, tokens, out, failures = {}, {}, [], []
        over = bank_settings.from_config(cfg, self.file_dir)
        over["CSRF_FAILURE_VIEW"] = "bank.views.csrf_failure"
        if self.secret_key:
            over["SECRET_KEY"] = self.secret_key
        with override_settings(**over):
            handler = WSGIHandler()
            for i, step in enumerate(case["steps"]):
                if "advance" in step:
                    Clock.now += step["advance"]
                    out.append({"at": Clock.now - EPOCH})
                    continue
                if "copy" in step:
                    src, dst = jars.setdefault(step["copy"], {}), jars.setdefault(step["to"], {})
                    if sid in src:
                        dst[sid] = src[sid]
                    else:
                        dst.pop(sid, None)
                    out.append({"at": Clock.now - EPOCH})
                    continue
                client = step.get("client", "victim")
                jar = jars.setdefault(client, {})
                if "set_session" in step:
                    jar[sid] = step["set_session"]
                    out.append({"at": Clock.now - EPOCH})
                    continue
                sent = jar.get(sid)
                obs = self.request(handler, step, jar, tokens.get(client, ""), jars, sid)
                if obs.pop("form_token", None) is not None:
                    tokens[client] = obs["form_token_value"]
                obs.pop("form_token_value", None)
                obs["sessions"] = {
                    c: peek(cfg, j[sid]) for c, j in sorted(jars.items()) if sid in j
                }
                out.append(obs)
                expect = dict(step.get("expect", {}))
                expect.update(step.get("expect_engine", {}).get(engine, {}))
                for field, want in expect.items():
                    got = session_change(obs, sid, sent) if field == "session" else obs.get(field)
                    if got != want:
                        failures.append("%s step %d: %s = %r, want %r" % (name, i, field, got, want))
        return {"name": name, "steps": out}, failures

    def request(self, handler, step, jar, token, jars, sid):
        method = step.get("method", "GET")
        scheme = step.get("scheme", "https")
        host = step.get("host", HOST)
        form = {k: fill(v, jar, token, step.get("form", {})) for k, v in step.get("form", {}).items()}
        body = urlencode(form).encode() if method == "POST" else b""
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": step["path"],
            "QUERY_STRING": step.get("query", ""),
            "SERVER_NAME": host,
            "SERVER_PORT": "443" if scheme == "https" else "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": host,
            "wsgi.url_scheme": scheme,
            "wsgi.input": BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
        }
        cookie = "; ".join("%s=%s" % kv for kv in jar.items())
        if "cookie_header" in step:
            cookie = cookie_header(step["cookie_header"], cookie, jars, sid)
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        # A value that fills to "" ($cookie_token without a CSRF cookie) sends
        # no header, as sim.Request's XCSRFToken "" stands for.
        x_csrftoken = fill(step.get("x_csrftoken", ""), jar, token, {})
        if x_csrftoken:
            environ["HTTP_X_CSRFTOKEN"] = x_csrftoken
        if step.get("origin"):
            environ["HTTP_ORIGIN"] = step["origin"]
        if step.get("referer"):
            environ["HTTP_REFERER"] = step["referer"]

        got = {}

        def start_response(status, headers):
            got["status"], got["headers"] = int(status.split()[0]), headers

        try:
            result = handler(environ, start_response)
        except Exception as e:
            # The exception left Django (e.g. an error view's own
            # @requires_csrf_token raising): the WSGI server answers 500 with
            # no header of Django's, as wsgiref's handle_error does.
            result = [b""]
            got["status"], got["headers"] = 500, [("X-Sim-Did", "uncaught %s" % type(e).__name__)]
        try:
            b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = got["headers"]
        one = lambda name: next((v for k, v in headers if k == name), None)  # noqa: E731
        set_cookies = [v.strip() for k, v in headers if k == "Set-Cookie"]
        for line in set_cookies:
            apply_set_cookie(jar, line)
        form_token = one("X-Sim-CSRF")
        return {
            "at": Clock.now - EPOCH,
            "client": step.get("client", "victim"),
            "request": "%s %s://%s%s%s" % (method, scheme, host, step["path"], "?" + step["query"] if step.get("query") else ""),
            "status": got["status"],
            "set_cookies": set_cookies,
            "location": one("Location") or "",
            "hsts": one("Strict-Transport-Security") or "",
            "vary": one("Vary") or "",
            "user": one("X-Sim-User") or "",
            "did": one("X-Sim-Did") or "",
            "token": form_token is not None,
            "csrf_reason": one("X-Sim-CSRF-Reason") or "",
            "form_token": form_token,
            "form_token_value": form_token,
        }


def peek(cfg, key):
    """What the store holds for key and whether the engine would honour it
    now, read without load()'s side effects (file.py deletes and re-creates,
    cached_db refills the cache). Values are strings, as sim.Site.Session
    returns them."""
    engine = cfg["SESSION_ENGINE"]
    store = import_module("django.contrib.sessions.backends." + engine).SessionStore(key)
    data = None
    if engine == "signed_cookies":
        try:
            data = signing.loads(
                key,
                serializer=store.serializer,
                max_age=int(cfg["SESSION_COOKIE_AGE"]),
                salt="django.contrib.sessions.backends.signed_cookies",
            )
        except Exception:
            data = None
    elif engine == "file":
        try:
            path = store._key_to_file()
            with open(path, encoding="ascii") as f:
                data = store.decode(f.read())
            if store.get_expiry_age(expiry=store._expiry_date(data)) <= 0:
                data = None
        except (OSError, SuspiciousOperation):
            data = None
    else:
        if engine in ("cache", "cached_db"):
            data = caches["default"].get(store.cache_key_prefix + key)
        if data is None and engine in ("db", "cached_db"):
            row = Session.objects.filter(session_key=key, expire_date__gt=timezone.now()).first()
            data = store.decode(row.session_data) if row else None
    if data is None:
        return {"alive": False, "key": key}
    return {"alive": True, "key": key, "data": {k: str(v) for k, v in data.items()}}


def cookie_header(template, own, jars, sid):
    """A hand-made Cookie header: "$jar" is the client's own cookies and
    "$session:name" another client's session cookie value."""
    out = template.replace("$jar", own)
    for name, j in jars.items():
        out = out.replace("$session:" + name, j.get(sid, ""))
    return out


def fill(v, jar, token, form):
    if v == "$token":
        return token
    if v == "$cookie_token":
        return jar.get(settings.CSRF_COOKIE_NAME, "")
    if v == "$password":
        return PASSWORDS[form["username"]]
    return v


def parse_set_cookie(line):
    """name, value and lower-cased attributes of a Set-Cookie line."""
    parts = [p.strip() for p in line.split(";")]
    name, _, value = parts[0].partition("=")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    attrs = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip()
    return name, value, attrs


def apply_set_cookie(jar, line):
    name, value, attrs = parse_set_cookie(line)
    if "max-age" in attrs and int(attrs["max-age"]) <= 0:
        jar.pop(name, None)
    else:
        jar[name] = value


def session_change(obs, sid, sent):
    """What the response did to the session cookie the client sent:
    "none", "deleted", "same" (re-sent unchanged) or "new"."""
    for line in obs["set_cookies"]:
        name, value, attrs = parse_set_cookie(line)
        if name != sid:
            continue
        if "max-age" in attrs and int(attrs["max-age"]) <= 0:
            return "deleted"
        return "same" if value == sent else "new"
    return "none"


def loads(req):
    """--loads: signing.loads each signed_cookies value at its time, as the
    engine's load() does; the Go test feeds the model's cookies through it."""
    out = []
    with override_settings(SECRET_KEY=req["secret_key"]):
        store = import_module("django.contrib.sessions.backends.signed_cookies").SessionStore()
        for item in req["items"]:
            Clock.now = EPOCH + item["at"]
            try:
                data = signing.loads(
                    item["value"],
                    serializer=store.serializer,
                    max_age=item["max_age"],
                    salt="django.contrib.sessions.backends.signed_cookies",
                )
                out.append({"ok": True, "data": {k: str(v) for k, v in data.items()}})
            except Exception as e:
                out.append({"ok": False, "error": "%s: %s" % (type(e).__name__, e)})
    json.dump(out, sys.stdout)
    return 0


def main():
    req = json.load(sys.stdin)
    if sys.argv[1:] == ["--loads"]:
        return loads(req)
    cases = req["cases"]
    runner = Runner(req.get("secret_key"), req.get("password_fields"))
    out, failures = [], []
    try:
        for case in cases:
            for engine in case.get("engines") or [None]:
                cfg = dict(bank_settings.DEFAULTS)
                cfg.update(case.get("settings", {}))
                cfg.update(case.get("config", {}))
                if engine:
                    cfg["SESSION_ENGINE"] = engine
                obs, fails = runner.run_case(case, cfg, engine)
                out.append(obs)
                failures += fails
    finally:
        runner.close()
    json.dump({"django": django.get_version(), "cases": out, "failures": failures}, sys.stdout, indent=1)
    sys.stdout.write("\n")
    for f in failures:
        print("expectation failed:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
