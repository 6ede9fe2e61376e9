"""Django settings for the conformance site, built from a Session Lab Config.

A Config here is what sim.Config.Get returns for every key of sim.Fields
(sim/fields.go): Django setting names and the app's own lower-case keys,
all values as strings ("True"/"False", whole numbers, choice values).
"""

# sim.Defaults() (sim/presets.go) in Field string form. The Go test sends the
# fully resolved Config with every case, so these only serve stand-alone runs.
DEFAULTS = {
    "SESSION_COOKIE_NAME": "sessionid",
    "SESSION_COOKIE_AGE": "1209600",
    "SESSION_COOKIE_DOMAIN": "",
    "SESSION_COOKIE_PATH": "/",
    "SESSION_COOKIE_SECURE": "False",
    "SESSION_COOKIE_HTTPONLY": "True",
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_SAVE_EVERY_REQUEST": "False",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE": "False",
    "SESSION_ENGINE": "db",
    "csrf_middleware": "True",
    "CSRF_COOKIE_NAME": "csrftoken",
    "CSRF_COOKIE_SECURE": "False",
    "CSRF_COOKIE_HTTPONLY": "False",
    "CSRF_COOKIE_SAMESITE": "Lax",
    "CSRF_COOKIE_DOMAIN": "",
    "CSRF_COOKIE_PATH": "/",
    "CSRF_USE_SESSIONS": "False",
    "CSRF_TRUSTED_ORIGINS": "",
    "security_middleware": "True",
    "SECURE_SSL_REDIRECT": "False",
    "SECURE_HSTS_SECONDS": "0",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "False",
    "SECURE_HSTS_PRELOAD": "False",
    "login": "auth",
    "set_expiry": "-1",
    "logout": "auth",
    "password_change_keeps_session": "True",
    "transfer_csrf_exempt": "False",
    "state_changing_get": "False",
}

# Settings every case shares. MD5PasswordHasher only keeps the suite fast:
# the session auth hash is an HMAC of whatever the password field holds.
BASE = dict(
    DEBUG=False,
    SECRET_KEY="session-lab-conformance-suite-not-a-secret-0123456789",
    ALLOWED_HOSTS=["bank.example.com"],
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    USE_TZ=True,
    ROOT_URLCONF="bank.urls",
    LOGGING_CONFIG=None,
)

_TRUE = ("true", "1", "on", "yes")  # sim/fields.go parseBool


def _bool(cfg, key):
    return cfg[key].lower() in _TRUE


def middleware(cfg):
    """The startproject MIDDLEWARE (settings.py-tpl 42-50), with Security and
    CSRF as the Config says."""
    mw = []
    if _bool(cfg, "security_middleware"):
        mw.append("django.middleware.security.SecurityMiddleware")
    mw += [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
    ]
    if _bool(cfg, "csrf_middleware"):
        mw.append("django.middleware.csrf.CsrfViewMiddleware")
    mw += [
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
    return mw


def from_config(cfg, file_path):
    """The settings a Config stands for. file_path is SESSION_FILE_PATH.
    SECURE_CSP (Django 6.0) has no 5.2 counterpart and is ignored (live.py
    adds its header)."""
    return dict(
        MIDDLEWARE=middleware(cfg),
        SESSION_COOKIE_NAME=cfg["SESSION_COOKIE_NAME"],
        SESSION_COOKIE_AGE=int(cfg["SESSION_COOKIE_AGE"]),
        SESSION_COOKIE_DOMAIN=cfg["SESSION_COOKIE_DOMAIN"] or None,
        SESSION_COOKIE_PATH=cfg["SESSION_COOKIE_PATH"],
        SESSION_COOKIE_SECURE=_bool(cfg, "SESSION_COOKIE_SECURE"),
        SESSION_COOKIE_HTTPONLY=_bool(cfg, "SESSION_COOKIE_HTTPONLY"),
        SESSION_COOKIE_SAMESITE=cfg["SESSION_COOKIE_SAMESITE"] or False,
        SESSION_SAVE_EVERY_REQUEST=_bool(cfg, "SESSION_SAVE_EVERY_REQUEST"),
        SESSION_EXPIRE_AT_BROWSER_CLOSE=_bool(cfg, "SESSION_EXPIRE_AT_BROWSER_CLOSE"),
        SESSION_ENGINE="django.contrib.sessions.backends." + cfg["SESSION_ENGINE"],
        SESSION_FILE_PATH=file_path,
        CSRF_COOKIE_NAME=cfg["CSRF_COOKIE_NAME"],
        CSRF_COOKIE_SECURE=_bool(cfg, "CSRF_COOKIE_SECURE"),
        CSRF_COOKIE_HTTPONLY=_bool(cfg, "CSRF_COOKIE_HTTPONLY"),
        CSRF_COOKIE_SAMESITE=cfg["CSRF_COOKIE_SAMESITE"] or False,
        CSRF_COOKIE_DOMAIN=cfg["CSRF_COOKIE_DOMAIN"] or None,
        CSRF_COOKIE_PATH=cfg["CSRF_COOKIE_PATH"],
        CSRF_USE_SESSIONS=_bool(cfg, "CSRF_USE_SESSIONS"),
        CSRF_TRUSTED_ORIGINS=[e for e in cfg["CSRF_TRUSTED_ORIGINS"].split(",") if e],
        SECURE_SSL_REDIRECT=_bool(cfg, "SECURE_SSL_REDIRECT"),
        SECURE_HSTS_SECONDS=int(cfg["SECURE_HSTS_SECONDS"]),
        SECURE_HSTS_INCLUDE_SUBDOMAINS=_bool(cfg, "SECURE_HSTS_INCLUDE_SUBDOMAINS"),
        SECURE_HSTS_PRELOAD=_bool(cfg, "SECURE_HSTS_PRELOAD"),
        # The app's code (views.py reads these).
        ROOT_URLCONF="bank.urls_exempt" if _bool(cfg, "transfer_csrf_exempt") else "bank.urls",
        BANK_LOGIN=cfg["login"],
        BANK_SET_EXPIRY=int(cfg["set_expiry"]),
        BANK_LOGOUT=cfg["logout"],
        BANK_PASSWORD_CHANGE_KEEP=_bool(cfg, "password_change_keeps_session"),
        BANK_STATE_CHANGING_GET=_bool(cfg, "state_changing_get"),
    )
