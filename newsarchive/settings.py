"""Settings for newsarchive, all read from the environment.

Every variable is documented in ``.env.example``. Debug is off unless asked
for, and a start with debug off refuses to run without a secret key.
"""

from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsarchive.embedded_db.server import DATABASE_NAME as EMBEDDED_DATABASE_NAME
from newsarchive.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for local work: export DJANGO_DEBUG=1, or set a key; see .env.example)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin under the archive's name (newsarchive/admin.py).
    "newsarchive.admin.ArchiveAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # sitemap.xml (articles/site/sitemaps.py).
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Serves the admin's and site's static files under gunicorn, compressed and cached.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag (a digest of the bytes sent) on GET responses and 304s to a matching
    # If-None-Match / If-Modified-Since; outside the others, so it sees the final body.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of each answer: Arabic for the admin (unless the switch chose
    # otherwise) and the reading site, the client's for the API (newsarchive/middleware.py).
    "newsarchive.middleware.LanguageByAreaMiddleware",
    # A NUL byte in the path or the query string is a 400 with a message (PostgreSQL
    # refuses NUL in text, so it would otherwise end as a 500 wherever it reached a query).
    "newsarchive.middleware.RefuseNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which editor made each revision.
    "simple_history.middleware.HistoryRequestMiddleware",
    # A GET whose database connection the server dropped half-way is run again, once.
    "newsarchive.middleware.RetryReadOnLostConnectionMiddleware",
    # Refuses logins for a username+address after too many failures (last, as axes asks).
    "axes.middleware.AxesMiddleware",
]

# The lockout check comes first: a locked-out login is refused before the password is tried.
# Every authenticate() call must then pass the request (tests: force_login, or the login page).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("NEWSARCHIVE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NEWSARCHIVE_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/login_locked_out.html"

ROOT_URLCONF = "newsarchive.urls"

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
            ],
            "libraries": {"site": "articles.site.template_library"},
        },
    },
]

WSGI_APPLICATION = "newsarchive.wsgi.application"

# DATABASE_URL set: use it (docker-compose, CI, production). Unset: the
# embedded PostgreSQL server from the pip wheel, started on first connection.
DATABASE_URL = env_str("DATABASE_URL")
# Connections are kept for a minute between requests and checked before reuse, so a
# connection the server dropped (a restart, pg_terminate_backend, a pooler) is replaced
# instead of failing the next request.
CONN_MAX_AGE = env_int("NEWSARCHIVE_DB_CONN_MAX_AGE", 60)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…).")
else:
    DATABASES = {
        "default": {
            "ENGINE": "newsarchive.embedded_db",
            "NAME": EMBEDDED_DATABASE_NAME,
            "USER": "postgres",
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
        }
    }

# The archive's queries are short (a page, an article, a file's import): PostgreSQL's JIT
# compiler, on by default, spent 33 ms compiling a 2 ms query whose estimate crossed
# its cost threshold. Off for this application's sessions.
_OPTIONS = DATABASES["default"].setdefault("OPTIONS", {})
_OPTIONS["options"] = f"{_OPTIONS.get('options', '')} -c jit=off".strip()
# Prepared statements: psycopg prepares a query the server has seen 5 times on a connection,
# so the API's page and detail queries are planned once per connection, not per request
# (planning was a third of their database time). Needs server-side parameter binding.
# Off for a pooler in transaction mode (PgBouncer without max_prepared_statements).
if env_bool("NEWSARCHIVE_DB_PREPARED_STATEMENTS", default=True):
    _OPTIONS.setdefault("server_side_binding", True)
    _OPTIONS.setdefault("prepare_threshold", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ar"
# Arabic for everyone; English for the API's clients and staff who switch the admin to it.
LANGUAGES = [("ar", "العربية"), ("en", "English")]
# The project's own Arabic catalogue (scripts/messages updates and compiles it).
LOCALE_PATHS = [BASE_DIR / "locale"]
# Staff who switch the admin to English keep it for a year (django.views.i18n.set_language).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))

SEEDS_DIR = Path(env_str("NEWSARCHIVE_SEEDS_DIR", str(BASE_DIR / "seeds")))

# A search ranks its newest N matches (by publication date) and lists them best first;
# older matches are found by date order (docs/performance.md#search). At least 1.
NEWSARCHIVE_SEARCH_RANKED_MATCHES = env_int("NEWSARCHIVE_SEARCH_RANKED_MATCHES", 1000)
if NEWSARCHIVE_SEARCH_RANKED_MATCHES < 1:
    raise ImproperlyConfigured("NEWSARCHIVE_SEARCH_RANKED_MATCHES must be 1 or more.")

# Requests per client address without a login, e.g. 120/min or 10/s; empty turns it off.
NEWSARCHIVE_API_ANON_RATE = env_str("NEWSARCHIVE_API_ANON_RATE", "120/min")

# Rendered API responses for anonymous clients, kept per gunicorn worker and keyed on the
# database snapshot, so never stale (articles/api/caching.py). 0 turns the cache off.
NEWSARCHIVE_API_CACHE_ENTRIES = env_int("NEWSARCHIVE_API_CACHE_ENTRIES", 2000)
# Throttle counters: in Redis when REDIS_URL is set, so every gunicorn worker (and every
# host) counts the same requests; else per process.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("NEWSARCHIVE_CACHE_KEY_PREFIX", "newsarchive"),
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api_responses": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "api-responses",
        # A key names its snapshot, so an entry is right for as long as it is kept.
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": max(NEWSARCHIVE_API_CACHE_ENTRIES, 1)},
    },
}

_NUM_PROXIES = env_int("NEWSARCHIVE_NUM_PROXIES", 0)
if _NUM_PROXIES < 0:
    raise ImproperlyConfigured("NEWSARCHIVE_NUM_PROXIES must be 0 or more (0: no proxy).")

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["articles.api.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.KeysetPagination",
    "PAGE_SIZE": env_int("NEWSARCHIVE_API_PAGE_SIZE", 20),
    "DEFAULT_THROTTLE_CLASSES": ["articles.api.throttling.AnonymousThrottle"],
    # The client's address for throttling: the socket's (0), or the address this many
    # proxies back in X-Forwarded-For, as the deployment says. (DRF's default, None, takes
    # X-Forwarded-For as the client sends it: any value bypassed the limit.)
    "NUM_PROXIES": _NUM_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Times as ISO 8601 with their offset (UTC is written Z).
    "DATETIME_FORMAT": "iso-8601",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "newsarchive API",
    "DESCRIPTION": "Read-only API of the Arabic news archive: articles in reading order, "
    "their images, the claims they attribute to speakers, sources. Lists use cursor "
    "pagination (follow `next`); `/api/v1/articles/export.ndjson` and `.csv` (and the same "
    "for claims) stream a whole filtered list. Anonymous clients are limited to "
    f"{NEWSARCHIVE_API_ANON_RATE or 'unlimited'} requests.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the drf-spectacular-sidecar package: no CDN needed.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ClaimRelationStatusEnum": "articles.models.ClaimRelation.Status",
        "ClaimRelationKindEnum": "articles.models.ClaimRelation.Kind",
    },
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=False)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS, for a deployment that serves it (.env.example shows a production set).
# Redirect every plain-HTTP request to HTTPS.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# Strict-Transport-Security max-age in seconds (0: no header).
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# Behind a proxy that terminates TLS: the header it sets and the value meaning HTTPS,
# as "X-Forwarded-Proto: https". Only when the proxy always sets (or strips) it.
_PROXY_SSL_HEADER = env_str("DJANGO_SECURE_PROXY_SSL_HEADER")
if _PROXY_SSL_HEADER:
    _header, _, _value = _PROXY_SSL_HEADER.partition(":")
    if not _header.strip() or not _value.strip():
        raise ImproperlyConfigured(
            f"DJANGO_SECURE_PROXY_SSL_HEADER={_PROXY_SSL_HEADER!r} is not 'Header-Name: value'."
        )
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _header.strip().upper().replace("-", "_"),
        _value.strip(),
    )

# Content-Security-Policy: scripts, styles, images and fonts from this origin only (the
# admin's, the site's and the API docs' files are all served here), no plugins, no framing.
# Inline styles are allowed: the admin and its widgets write style="" attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The API's Redoc page runs its search in a worker made from a blob.
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

# --- Operations: read replicas, pooler, logs, health and metrics (newsarchive/ops/) ---------

# Read replicas (PostgreSQL streaming replicas of DATABASE_URL), comma-separated URLs. Anonymous
# reads of the reading site and the API go to them, in turn; see newsarchive/ops/routing.py.
NEWSARCHIVE_REPLICA_ALIASES: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    _replica["OPTIONS"] = {
        **DATABASES["default"]["OPTIONS"],
        **_replica.get("OPTIONS", {}),
        # A stopped replica must cost a request little before its reads go to the primary.
        "connect_timeout": env_int("NEWSARCHIVE_REPLICA_CONNECT_TIMEOUT", 2),
    }
    # Tests: a replica has no test database of its own; it shows the primary's
    # (tests/topology.py points it at the test database once that exists).
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
    NEWSARCHIVE_REPLICA_ALIASES.append(f"replica_{_number}")
if NEWSARCHIVE_REPLICA_ALIASES:
    DATABASE_ROUTERS = ["newsarchive.ops.routing.ReplicaRouter"]
# A replica further behind than this (seconds) takes no reads until it catches up.
NEWSARCHIVE_REPLICA_MAX_LAG_SECONDS = float(env_str("NEWSARCHIVE_REPLICA_MAX_LAG_SECONDS", "5"))
# How long a process trusts what it last learnt of a replica (seconds).
NEWSARCHIVE_REPLICA_CHECK_SECONDS = float(env_str("NEWSARCHIVE_REPLICA_CHECK_SECONDS", "5"))
# /readyz answers 503 when a replica cannot take reads (off: its reads go to the primary).
NEWSARCHIVE_READY_REQUIRES_REPLICAS = env_bool("NEWSARCHIVE_READY_REQUIRES_REPLICAS", False)

# Behind PgBouncer in transaction mode a cursor cannot outlive its transaction: set
# NEWSARCHIVE_DB_SERVER_SIDE_CURSORS=0 (with NEWSARCHIVE_DB_PREPARED_STATEMENTS=0).
if not env_bool("NEWSARCHIVE_DB_SERVER_SIDE_CURSORS", default=True):
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True

# Outermost: picks the request's read database, then logs and counts the request.
MIDDLEWARE = ["newsarchive.ops.middleware.OperationsMiddleware", *MIDDLEWARE]

# /metrics: for a client sending "Authorization: Bearer <token>", or from these networks.
NEWSARCHIVE_METRICS_TOKEN = env_str("NEWSARCHIVE_METRICS_TOKEN")
NEWSARCHIVE_METRICS_ALLOWED_NETWORKS = [
    ip_network(network)
    for network in env_list("NEWSARCHIVE_METRICS_ALLOWED_IPS", ["127.0.0.1/32", "::1/128"])
]

# Logs on stderr: JSON lines (DJANGO_LOG_FORMAT=json, the default) or plain text (text).
# One line per request (newsarchive.requests: method, path, status, duration_ms, queries,
# database) unless NEWSARCHIVE_REQUEST_LOG=0.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "newsarchive.ops.logs.JsonLinesFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("DJANGO_LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "newsarchive.requests": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("NEWSARCHIVE_REQUEST_LOG", default=True) else "WARNING",
            "propagate": False,
        }
    },
}
if env_str("DJANGO_LOG_FORMAT", "json") not in ("json", "text"):
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be json or text.")
