"""The bank site's views: plain function views, as the Config describes them.

Each response carries three harness headers that the runner strips and
reports: X-Sim-User (the user the view acted as, "" for anonymous), X-Sim-Did
(what the view did) and X-Sim-CSRF (the token a rendered form carries).
Responses made by middleware (CSRF 403, SSL 301, 500) have none.
"""
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.models import User
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.views import csrf
from django.views.decorators.http import require_GET, require_http_methods, require_POST


def _page(did, user=None, status=200, token=None):
    r = HttpResponse("<p>%s</p>" % did, status=status)
    r["X-Sim-Did"] = did
    r["X-Sim-User"] = user.username if user else ""
    if token is not None:
        r["X-Sim-CSRF"] = token
    return r


def _redirect(to, did, user=None):
    r = HttpResponseRedirect(to)
    r["X-Sim-Did"] = did
    r["X-Sim-User"] = user.username if user else ""
    return r


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW for conformance.py: Django's own 403 page, with the
    reason CsrfViewMiddleware gave in X-Sim-CSRF-Reason."""
    r = csrf.csrf_failure(request, reason)
    r["X-Sim-CSRF-Reason"] = reason
    return r


def _current_user(request):
    """The logged-in user as the Config's login code knows it: auth's
    request.user, or the hand-written session['user_id']."""
    if settings.BANK_LOGIN == "auth":
        return request.user if request.user.is_authenticated else None
    uid = request.session.get("user_id")
    return User.objects.filter(pk=uid).first() if uid is not None else None


@require_GET
def index(request):
    """Reads request.user (AuthenticationMiddleware's lazy user)."""
    u = request.user
    return _page("home", u if u.is_authenticated else None)


@require_http_methods(["GET", "POST"])
def login(request):
    if request.method == "GET":
        return _page("login form", token=get_token(request))
    user = authenticate(
        request,
        username=request.POST.get("username", ""),
        password=request.POST.get("password", ""),
    )
    if user is None:
        return _page("login failed", token=get_token(request))
    if settings.BANK_LOGIN == "auth":
        auth_login(request, user)  # cycle_key or flush, rotate_token
    else:
        request.session["user_id"] = user.id  # the learning card's login
    if settings.BANK_SET_EXPIRY != -1:
        request.session.set_expiry(settings.BANK_SET_EXPIRY)
    return _redirect("/account/", "login", user)


@require_GET
def account(request):
    """The user's page, with the transfer, password and logout forms."""
    user = _current_user(request)
    if user is None:
        return _redirect("/login/", "redirect to login")
    return _page("account", user, token=get_token(request))


def transfer(request):
    """POST moves money; GET does too only when the app has a state-changing
    GET, otherwise 405 before the session is touched."""
    allowed = ["GET", "POST"] if settings.BANK_STATE_CHANGING_GET else ["POST"]
    if request.method not in allowed:
        return HttpResponseNotAllowed(allowed)
    user = _current_user(request)
    if user is None:
        return _redirect("/login/", "redirect to login")
    return _page("transfer", user)


@require_POST
def logout(request):
    user = _current_user(request)
    if settings.BANK_LOGOUT == "auth":
        auth_logout(request)  # session.flush()
    else:
        del request.session["user_id"]  # KeyError (500) when it is not there
    return _redirect("/", "logout", user)


@require_POST
def password(request):
    user = _current_user(request)
    if user is None:
        return _redirect("/login/", "redirect to login")
    user.set_password(request.POST.get("new_password", ""))
    user.save()
    if settings.BANK_PASSWORD_CHANGE_KEEP:
        update_session_auth_hash(request, user)  # cycle_key + new hash
    return _redirect("/account/", "password", user)


@require_GET
def cart_add(request):
    """An anonymous session write: creates a session before any login."""
    request.session["cart"] = request.session.get("cart", 0) + 1
    return _page("cart")
