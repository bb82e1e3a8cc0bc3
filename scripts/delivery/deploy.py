"""Server configuration for the built site: nginx (tested with a real nginx) and IIS (web.config).

docs/部署指南.md shows the same text; tests/test_delivery_nginx.py runs nginx with it.
"""

from __future__ import annotations

# MIME types that stock nginx (Debian's /etc/nginx/mime.types) does not know, at http level.
NGINX_HTTP = """\
# /etc/nginx/conf.d/xuexi.conf — read inside http { } after mime.types
types {
    text/calendar                   ics;
    application/manifest+json       webmanifest;
    text/javascript                 mjs;
    text/markdown                   md;
}
"""


def nginx_location(prefix: str = "/xuexi/", parent: str = "/var/www") -> str:
    """The `location` block for a site copied to <parent><prefix> (e.g. /var/www/xuexi/)."""
    prefix = "/" + prefix.strip("/") + "/"
    return f"""\
# inside server {{ }}: the site folder is {parent}{prefix}
location = {prefix.rstrip("/")} {{
    return 301 {prefix};
}}
location {prefix} {{
    root {parent};
    index index.html;
    charset utf-8;
    charset_types text/css text/javascript application/javascript application/json text/calendar text/plain;
    add_header Cache-Control "no-cache";
    # Compress text (Debian's nginx.conf already says `gzip on;` at http level; this also works without it).
    gzip on;
    gzip_comp_level 5;
    gzip_min_length 256;
    gzip_vary on;
    gzip_proxied any;
    gzip_types text/css text/javascript application/javascript application/json application/manifest+json
               image/svg+xml text/calendar text/plain text/xml application/xml;
    # Material's files carry a content hash in their name: cache them for a year.
    location ~* "/assets/(javascripts|stylesheets)/.+\\.[0-9a-f]{{8}}\\.min\\.(js|css)$" {{
        add_header Cache-Control "public, max-age=31536000, immutable";
    }}
    # Pictures, audio, video and downloads change rarely: a day, then revalidate.
    location ~* \\.(png|jpe?g|webp|gif|svg|ico|mp3|m4a|mp4|webm|pdf|docx?|xlsx?|woff2?)$ {{
        add_header Cache-Control "public, max-age=86400";
    }}
}}
"""


IIS_WEB_CONFIG = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- IIS 7.5 and later: MIME types, compression and caching for the study site (written by the build). -->
<configuration>
  <system.webServer>
    <staticContent>
      <remove fileExtension=".json" />
      <mimeMap fileExtension=".json" mimeType="application/json" />
      <remove fileExtension=".svg" />
      <mimeMap fileExtension=".svg" mimeType="image/svg+xml" />
      <remove fileExtension=".ics" />
      <mimeMap fileExtension=".ics" mimeType="text/calendar" />
      <remove fileExtension=".webmanifest" />
      <mimeMap fileExtension=".webmanifest" mimeType="application/manifest+json" />
      <remove fileExtension=".woff2" />
      <mimeMap fileExtension=".woff2" mimeType="font/woff2" />
      <remove fileExtension=".webp" />
      <mimeMap fileExtension=".webp" mimeType="image/webp" />
      <remove fileExtension=".mjs" />
      <mimeMap fileExtension=".mjs" mimeType="text/javascript" />
      <remove fileExtension=".md" />
      <mimeMap fileExtension=".md" mimeType="text/markdown" />
      <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="1.00:00:00" />
    </staticContent>
    <urlCompression doStaticCompression="true" doDynamicCompression="false" />
    <httpCompression>
      <staticTypes>
        <add mimeType="text/*" enabled="true" />
        <add mimeType="application/javascript" enabled="true" />
        <add mimeType="application/json" enabled="true" />
        <add mimeType="image/svg+xml" enabled="true" />
        <add mimeType="*/*" enabled="false" />
      </staticTypes>
    </httpCompression>
    <defaultDocument>
      <files>
        <clear />
        <add value="index.html" />
      </files>
    </defaultDocument>
  </system.webServer>
  <location path="assets/javascripts">
    <system.webServer>
      <staticContent>
        <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="365.00:00:00" />
      </staticContent>
    </system.webServer>
  </location>
  <location path="assets/stylesheets">
    <system.webServer>
      <staticContent>
        <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="365.00:00:00" />
      </staticContent>
    </system.webServer>
  </location>
</configuration>
"""


def nginx_test_conf(tmp: str, port: int, prefix: str, parent: str, mime_types: str = "/etc/nginx/mime.types") -> str:
    """A whole nginx.conf for a non-root, non-daemon nginx in a temp folder (tests and trials)."""
    temp = "\n".join(
        f"    {name}_temp_path {tmp}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""\
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
{temp}
    include {mime_types};
    default_type application/octet-stream;
{_indent(NGINX_HTTP, 4)}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        error_page 404 {prefix}404.html;
{_indent(nginx_location(prefix, parent), 8)}
    }}
}}
"""


def _indent(text: str, spaces: int) -> str:
    return "\n".join((" " * spaces + line) if line else line for line in text.splitlines())
