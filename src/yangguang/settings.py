"""Settings for every environment; the environment chooses the database and secrets.

DATABASE_URL picks the database (``sqlite:///path`` or ``postgres://…``); without it the
platform uses SQLite under ``var/``.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("YANGGUANG_VAR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("YANGGUANG_SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("YANGGUANG_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("YANGGUANG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "django_tasks_db",
    "yangguang.core",
    "yangguang.org",
    "yangguang.worktime",
    "yangguang.catalog",
    "yangguang.flows",
    "yangguang.discretion",
    "yangguang.cases",
    "yangguang.supervision",
    "yangguang.legal",
    "yangguang.portal",
    "yangguang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yangguang.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a login refused by django-axes into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yangguang.urls"
WSGI_APPLICATION = "yangguang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yangguang.core.context.navigation",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'yangguang.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at
        # BEGIN so that two writers queue instead of failing half-way.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
        # Tests use a file too, not Django's shared in-memory database, so that concurrent
        # writers queue on the real lock as they do in production; one file per test process.
        database = Path(config["NAME"])
        config["TEST"] = {"NAME": str(database.with_name(f"test_{os.getpid()}_{database.name}"))}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["OPTIONS"] = {"pool": {"min_size": 1, "max_size": int(os.environ.get("DATABASE_POOL_SIZE", "8"))}}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after_login"
LOGOUT_REDIRECT_URL = "catalog:public_list"

# Login throttling (django-axes): 5 failed logins of one username from one address lock that
# pair out for 15 minutes, even with the right password; the lockout page is the public hall's.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "yangguang.portal.accounts.views.locked_out"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = True

# Every page is served with a policy that allows scripts from our own origin only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (django.tasks) is stored in the database and run by ``yangguang worker``, which
# is also the one scheduler of the periodic jobs (see ``yangguang.core.schedule``).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# How often the worker enqueues the incremental supervision sweep (seconds).
YANGGUANG_SWEEP_SECONDS = int(os.environ.get("YANGGUANG_SWEEP_SECONDS", "60"))

# Graphviz renders flowcharts; the CJK font makes the Chinese labels legible.
GRAPHVIZ_DOT = os.environ.get("YANGGUANG_DOT", "dot")
FLOWCHART_FONT = os.environ.get("YANGGUANG_FLOWCHART_FONT", "WenQuanYi Micro Hei")

SITE_TITLE = _("Yangguang administrative power platform")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("YANGGUANG_LOG_LEVEL", "WARNING")},
}

# Electronic supervision [DERIVED] defaults (DOMAIN.md §4.6): working days the department has to
# explain or correct an alert, and to give feedback on a supervision order (督办反馈时限).
YANGGUANG_CORRECTION_WORKDAYS = int(os.environ.get("YANGGUANG_CORRECTION_WORKDAYS", "3"))
YANGGUANG_ORDER_FEEDBACK_WORKDAYS = int(os.environ.get("YANGGUANG_ORDER_FEEDBACK_WORKDAYS", "3"))
# Complaints (投诉): accepted or refused within 5 working days (DOMAIN.md §4.6), answered within 15 [DERIVED].
YANGGUANG_COMPLAINT_ACCEPT_WORKDAYS = int(os.environ.get("YANGGUANG_COMPLAINT_ACCEPT_WORKDAYS", "5"))
YANGGUANG_COMPLAINT_REPLY_WORKDAYS = int(os.environ.get("YANGGUANG_COMPLAINT_REPLY_WORKDAYS", "15"))
DEFAULT_FROM_EMAIL = os.environ.get("YANGGUANG_FROM_EMAIL", "yangguang@localhost")
# Legal-affairs supervision (政府法制监督, DOMAIN.md §10, §6.2): a major penalty is filed within 15
# working days of its decision and reviewed within 30 days; a rule or normative document is filed
# within 30 days of publication; reconsideration is decided within 60 days; a suit is answered
# within 15 days of service of the complaint.
YANGGUANG_PENALTY_FILING_WORKDAYS = int(os.environ.get("YANGGUANG_PENALTY_FILING_WORKDAYS", "15"))
YANGGUANG_PENALTY_REVIEW_DAYS = int(os.environ.get("YANGGUANG_PENALTY_REVIEW_DAYS", "30"))
YANGGUANG_PENALTY_TRANSFER_DAYS = int(os.environ.get("YANGGUANG_PENALTY_TRANSFER_DAYS", "7"))
YANGGUANG_PENALTY_CORRECTION_DAYS = int(os.environ.get("YANGGUANG_PENALTY_CORRECTION_DAYS", "15"))
YANGGUANG_DOCUMENT_FILING_DAYS = int(os.environ.get("YANGGUANG_DOCUMENT_FILING_DAYS", "30"))
YANGGUANG_RECONSIDERATION_DAYS = int(os.environ.get("YANGGUANG_RECONSIDERATION_DAYS", "60"))
YANGGUANG_LITIGATION_ANSWER_DAYS = int(os.environ.get("YANGGUANG_LITIGATION_ANSWER_DAYS", "15"))
# An enforcement certificate (执法证) due to expire within this many days prompts its holder, the
# department's head and the legal office once per validity date [DERIVED: a month ahead of the 年检].
YANGGUANG_CERTIFICATE_PROMPT_DAYS = int(os.environ.get("YANGGUANG_CERTIFICATE_PROMPT_DAYS", "30"))
