"""``tuiauth plugins``: every plugin with its package, version, hooks, status and error."""

from __future__ import annotations

import argparse
import time

from .common import print_json, services_from


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("plugins", help="list the loaded plugins (built-in and installed)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_plugins)


def cmd_plugins(args: argparse.Namespace) -> int:
    plugins = services_from(args).plugins
    infos = plugins.info()
    recorded = plugins.failure_log.read() if plugins.failure_log is not None else {}
    for info in infos:
        last = recorded.get(info.name)
        if last is not None and not info.runtime_error:  # (a failure in an earlier run)
            when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(last.at))
            info.runtime_error = f"{last.message} ({when})"
    if args.json:
        print_json([i.to_dict() for i in infos])
        return 0
    for info in infos:
        origin = "built-in" if info.builtin else f"{info.package} {info.version}"
        provides = "; ".join(f"{cat}: {', '.join(names)}" for cat, names in info.provides.items())
        print(f"{info.name:<34} {info.status:<12} {origin}")
        if provides:
            print(f"    provides {provides}")
        if info.error:
            print(f"    error: {info.error}")
        if info.runtime_error:
            print(f"    failed while running: {info.runtime_error}")
    failed = sum(1 for i in infos if i.status == "failed")
    incompatible = sum(1 for i in infos if i.status == "incompatible")
    also = f", {incompatible} incompatible with this tuiauth" if incompatible else ""
    print(f"\n{len(infos)} plugins, {failed} failed{also}.")
    return 0
