"""Against a real server process on the SQLite default: a huge declared body is answered before it is sent, and
another user's reads go on while a hostile file is refused."""

import socket
import threading
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bench import servers
from bench.api import request_body
from bench.database import create_user_with_token
from tests.bundle.test_hostile_files import docx_bomb
from tests.migrate import migrate


def test_a_real_server_refuses_a_huge_body_before_it_arrives_and_reads_go_on(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    migrate(url)
    _, officer = create_user_with_token(url, "officer")
    auth = {"Authorization": f"Bearer {officer}"}
    env = {"FOI_DATABASE_URL": url, "FOI_STORAGE_DIR": str(tmp_path / "documents")}
    with servers.serve("app.main:create_app", env) as base:
        http = httpx.Client(base_url=base, timeout=60, headers=auth)
        case = http.post("/api/v1/requests", json=request_body(1)).json()
        doc = http.post(f"/api/v1/requests/{case['id']}/documents", json={"item": "1", "title": "Minutes"}).json()
        content = f"/api/v1/requests/{case['id']}/documents/{doc['id']}/content"

        # Headers only, declaring 2 GiB: the answer comes without a byte of the body being sent.
        address = urlsplit(base)
        with socket.create_connection((address.hostname, address.port), timeout=10) as raw:
            raw.sendall(
                f"PUT {content} HTTP/1.1\r\nHost: {address.netloc}\r\nAuthorization: Bearer {officer}\r\n"
                f"Content-Type: application/octet-stream\r\nContent-Length: {2**31}\r\n\r\n".encode()
            )
            answer = _whole_answer(raw)
        assert answer.startswith("HTTP/1.1 413"), answer
        assert "FOI_UPLOAD_MAX_BYTES" in answer

        # While bombs are refused, another user's reads keep answering (none waits for a lock).
        refusals: list[int] = []

        def upload_bombs() -> None:
            with httpx.Client(base_url=base, timeout=60, headers=auth) as uploader:
                refusals.extend(uploader.put(content, content=docx_bomb(200)).status_code for _ in range(3))

        thread = threading.Thread(target=upload_bombs)
        thread.start()
        reads = []
        while thread.is_alive():
            reads.append(http.get(f"/api/v1/requests/{case['id']}").status_code)
        thread.join()
        assert refusals == [422, 422, 422]
        assert reads
        assert set(reads) == {200}
        assert http.get(content).status_code == 409  # nothing was stored


def _whole_answer(raw: socket.socket) -> str:
    """Headers and the whole body: a loaded machine may deliver them in separate packets."""
    data = b""
    while b"\r\n\r\n" not in data and (chunk := raw.recv(65536)):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")),
        0,
    )
    while len(body) < length and (chunk := raw.recv(65536)):
        body += chunk
    return (head + b"\r\n\r\n" + body).decode("latin-1")
