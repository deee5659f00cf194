"""Redacting credentials from URLs before anything prints or logs them.

A backend or secrets-provider URL can carry a secret: `https://user:token@host`,
`azblob://container?storage_account=a&access_key=...`, `s3://b?secret_access_key=...`.
The user-info part is replaced whole (a lone user name may be a token, as in Git URLs), and
so is the value of every query parameter not known to be harmless, so a new provider's
secret parameter is redacted too. The scheme, host and path stay: an error still says
where.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

MASK = "***"

SAFE_PARAMETERS = frozenset(
    {
        "storage_account",
        "region",
        "endpoint",
        "profile",
        "project",
        "location",
        "awssdk",
        "disableSSL",
        "s3ForcePathStyle",
        "version",
    }
)
"""Query parameters whose values name a place, never a credential."""

SECRET_IN_HOST = ("passphrase",)
"""Schemes whose "host" is the secret itself (`passphrase://<the passphrase>`)."""

_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>`]+")


def redact_url(url: str) -> str:
    """The URL with its user-info and non-place query values masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    netloc = parts.netloc
    if parts.scheme.lower() in SECRET_IN_HOST and netloc:
        netloc = MASK
    elif "@" in netloc:
        netloc = MASK + "@" + netloc.rsplit("@", 1)[1]
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = "&".join(
            f"{quote(key, safe='')}={value if key in SAFE_PARAMETERS else MASK}"
            for key, value in pairs
        )
    fragment = MASK if parts.fragment else ""
    return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))


def redact_text(text: str) -> str:
    """Every URL inside free text (an error message, a CLI's stderr) redacted."""
    return _URL.sub(lambda match: redact_url(match.group()), text)
