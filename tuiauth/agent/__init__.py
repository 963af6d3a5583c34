"""``tuiauth agent``: one process that holds the unlocked vault and answers codes over a UNIX socket.

- ``location``: where the socket lives (a 0700 folder under ``$XDG_RUNTIME_DIR``);
- ``protocol``: one JSON object a line, both ways; what a request and a reply hold;
- ``client``: talking to a running agent (imports nothing heavy: ``tuiauth code`` starts fast);
- ``fastpath``: ``tuiauth code`` and ``list`` answered by the agent before the full CLI is imported;
- ``server``: the agent itself (idle lock, lifetime, peer check, reload when the file changes);
- ``hardening``: no core dumps, no ptrace, memory locked where the platform allows.

docs/security.md says what the agent guarantees and what it does not.
"""
