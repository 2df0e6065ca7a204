"""Settings for Lvzhi. Everything that differs between machines comes from the environment (docs/configuration.md)."""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("LVZHI_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("LVZHI_DEBUG", False)
TESTING = env_bool("LVZHI_TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "lvzhi-insecure-development-key-do-not-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "请设置环境变量 SECRET_KEY (SECRET_KEY is required when LVZHI_DEBUG is off)."
        )

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "lvzhi.core",
    "lvzhi.accounts",
    "lvzhi.audit",
    "lvzhi.registry",
    "lvzhi.schemes",
    "lvzhi.campaigns",
    "lvzhi.plans",
    "lvzhi.findings",
    "lvzhi.duties",
    "lvzhi.workcal",
    "lvzhi.surveys",
    "lvzhi.reports",
    "lvzhi.goals",
    "lvzhi.workflows",
    "lvzhi.supervision",
    "lvzhi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lvzhi.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lvzhi.audit.middleware.AuditActorMiddleware",
    "lvzhi.core.middleware.ErrorMiddleware",
    "axes.middleware.AxesMiddleware",
    "lvzhi.accounts.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "lvzhi.urls"
WSGI_APPLICATION = "lvzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lvzhi.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lvzhi.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lvzhi.accounts.validators.CharacterClassValidator"},
    {"NAME": "lvzhi.accounts.validators.VarietyValidator"},
]

# Lockout after repeated failures (django-axes).
# Office hours for durations in working hours (工作日历): periods of a working day.
LVZHI_OFFICE_HOURS = os.environ.get("LVZHI_OFFICE_HOURS", "08:30-12:00,13:30-17:30")

AXES_FAILURE_LIMIT = int(os.environ.get("LVZHI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LVZHI_LOGIN_COOLOFF_HOURS", "0.5"))
# The account name is locked, not the address: behind nginx every user of the office shares one address.
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns that an address is not locked: on purpose, see above (an address behind nginx is the whole office).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_CLIENT_IP_CALLABLE = "lvzhi.core.clientip.client_ip"
# Proxies (addresses or networks) whose X-Forwarded-For is believed; empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("LVZHI_TRUSTED_PROXIES", "").split(",") if p.strip()]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("LVZHI_AXES_ENABLED", True)

# The API docs page and /api/openapi.json: public only in development (LVZHI_DEBUG) or when asked for.
API_DOCS_PUBLIC = env_bool("LVZHI_API_DOCS_PUBLIC", DEBUG)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("LVZHI_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("LVZHI_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("LVZHI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# lvzhi/static is not an app's static folder: vendored front-end files and the site's own CSS/JS live there.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if DEBUG or TESTING:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

# Uploaded evidence: never under STATIC, never served directly; see lvzhi.core.files.
MEDIA_ROOT = Path(os.environ.get("LVZHI_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/files/"
# The supervision store: append-only Parquet partitioned by month (lvzhi.supervision.store).
SUPERVISION_DIR = Path(os.environ.get("LVZHI_SUPERVISION_DIR", VAR_DIR / "supervision"))
if TESTING and "LVZHI_SUPERVISION_DIR" not in os.environ:  # tests never write into var/
    SUPERVISION_DIR = Path(tempfile.gettempdir()) / f"lvzhi-supervision-test-{os.getpid()}"
# The largest upload the product accepts (a registry import); nginx's client_max_body_size in docs/deployment.md
# must be the same.
UPLOAD_MAX_BYTES = int(os.environ.get("LVZHI_UPLOAD_MAX_MB", "300")) * 1024 * 1024
REGISTRY_IMPORT_MAX_BYTES = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

TASKS = {
    "default": {
        "BACKEND": os.environ.get("LVZHI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# How much the background worker yields the CPU to people's requests (Unix niceness added at its start, 0 to 19).
WORKER_NICENESS = int(os.environ.get("LVZHI_WORKER_NICENESS", "10"))
# Workflow exports above this many workflows run as a background job instead of in the request.
WORKFLOWS_INLINE_EXPORT = int(os.environ.get("LVZHI_WORKFLOWS_INLINE_EXPORT", "200"))
# The background job of every unit report (docs/reports.md) renders in this many processes (the machine's cores,
# at most 2: one render process holds about 300 MB), from a job of this many units on.
REPORTS_RENDER_PROCESSES = int(os.environ.get("LVZHI_REPORT_PROCESSES", str(min(2, os.cpu_count() or 1))))
REPORTS_RENDER_PARALLEL_FROM = 8

# Surveys (docs/surveys.md): requests per 10 minutes on the public answering pages, per address and per invitation.
SURVEY_RATE_PER_ADDRESS = int(os.environ.get("LVZHI_SURVEY_RATE_PER_ADDRESS", "120"))
SURVEY_RATE_PER_INVITATION = int(os.environ.get("LVZHI_SURVEY_RATE_PER_INVITATION", "20"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LVZHI_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

if TESTING:
    # Hashing each fixture user's password with PBKDF2 costs ~0.4 s; tests check behaviour, not hash strength.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
