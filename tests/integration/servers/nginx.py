"""nginx with its dav module and dav-ext (Debian ``nginx`` + ``libnginx-mod-http-dav-ext``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tuiauth.testing import ServerProcess, free_port, require_binary, require_file

from . import PASSWORD, USER, DavServer, run_as_user, server_workdir

DAV_EXT = Path("/usr/lib/nginx/modules/ngx_http_dav_ext_module.so")
CONFIG = """\
{user}
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
load_module {dav_ext};
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        {tls}
        root {data};
        client_max_body_size 64m;
        location / {{
            dav_methods PUT DELETE MKCOL COPY MOVE;
            dav_ext_methods PROPFIND OPTIONS;
            dav_access user:rw;
            auth_basic "tuiauth";
            auth_basic_user_file {work}/htpasswd;
        }}
        location /read-only/ {{
            alias {data}/;
            dav_ext_methods PROPFIND OPTIONS;
            limit_except GET PROPFIND OPTIONS {{ deny all; }}
            auth_basic "tuiauth";
            auth_basic_user_file {work}/htpasswd;
        }}
    }}
}}
"""


def start_nginx() -> DavServer:
    nginx = require_binary("nginx", "apt-get install nginx libnginx-mod-http-dav-ext")
    htpasswd = require_binary("htpasswd", "apt-get install apache2-utils")
    require_file(DAV_EXT, "nginx's dav-ext module", "apt-get install libnginx-mod-http-dav-ext")
    workdir, data = server_workdir("nginx")
    port = free_port()
    subprocess.run([htpasswd, "-cb", str(workdir / "htpasswd"), USER, PASSWORD], check=True, capture_output=True)
    user = run_as_user()
    tls_port, tls = free_port(), ""
    if make_certificate(workdir):
        tls = (
            f"listen 127.0.0.1:{tls_port} ssl; "
            f"ssl_certificate {workdir}/cert.pem; ssl_certificate_key {workdir}/key.pem;"
        )
    (workdir / "nginx.conf").write_text(
        CONFIG.format(
            work=workdir, data=data, port=port, tls=tls, dav_ext=DAV_EXT, user=f"user {user};" if user else ""
        )
    )
    argv = [nginx, "-p", str(workdir), "-c", str(workdir / "nginx.conf"), "-g", "daemon off;"]
    process = ServerProcess(argv, log=workdir / "server.log")
    process.wait_for_port(port)
    server = DavServer("nginx", f"http://127.0.0.1:{port}/", process, workdir, data)
    if tls:
        server.tls_url, server.ca_file = f"https://127.0.0.1:{tls_port}/", str(workdir / "cert.pem")
    return server


def make_certificate(workdir: Path) -> bool:
    """A self-signed certificate for 127.0.0.1 (openssl), or False when openssl is missing."""
    if shutil.which("openssl") is None:
        return False
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(workdir / "key.pem"), "-out", str(workdir / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return True
