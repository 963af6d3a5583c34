"""Apache httpd with mod_dav (Debian ``apache2``), its own configuration in a temp folder."""

from __future__ import annotations

import subprocess

from tuiauth.testing import ServerProcess, free_port, require_binary

from . import PASSWORD, USER, DavServer, run_as_user, server_workdir

MODULES = "/usr/lib/apache2/modules"
CONFIG = """\
ServerRoot "{work}"
DefaultRuntimeDir "{work}"
PidFile "{work}/apache.pid"
Mutex file:{work} default
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
{user}
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authn_core_module {modules}/mod_authn_core.so
LoadModule authn_file_module {modules}/mod_authn_file.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule authz_user_module {modules}/mod_authz_user.so
LoadModule auth_basic_module {modules}/mod_auth_basic.so
LoadModule dav_module {modules}/mod_dav.so
LoadModule dav_fs_module {modules}/mod_dav_fs.so
LoadModule alias_module {modules}/mod_alias.so
ErrorLog "{work}/error.log"
LogLevel warn
DAVLockDB "{work}/lock/DAVLock"
LimitRequestBody 0
DocumentRoot "{data}"
<Directory "{data}">
    Dav On
    AuthType Basic
    AuthName "tuiauth"
    AuthUserFile "{work}/htpasswd"
    Require valid-user
</Directory>
Alias /read-only "{data}"
<Location "/read-only">
    <LimitExcept GET HEAD OPTIONS PROPFIND>
        Require all denied
    </LimitExcept>
</Location>
"""


def start_apache() -> DavServer:
    apache = require_binary("apache2", "apt-get install apache2 apache2-utils")
    htpasswd = require_binary("htpasswd", "apt-get install apache2-utils")
    workdir, data = server_workdir("apache")
    (workdir / "lock").mkdir(mode=0o777)
    (workdir / "lock").chmod(0o777)
    port = free_port()
    subprocess.run([htpasswd, "-cb", str(workdir / "htpasswd"), USER, PASSWORD], check=True, capture_output=True)
    user = run_as_user()
    (workdir / "apache.conf").write_text(
        CONFIG.format(
            work=workdir,
            data=data,
            port=port,
            modules=MODULES,
            user=f"User {user}\nGroup {user}" if user else "",
        )
    )
    process = ServerProcess([apache, "-f", str(workdir / "apache.conf"), "-DFOREGROUND"], log=workdir / "server.log")
    process.wait_for_port(port)
    return DavServer("apache", f"http://127.0.0.1:{port}/", process, workdir, data)
