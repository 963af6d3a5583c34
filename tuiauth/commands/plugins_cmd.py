"""``tuiauth plugins``: the installed plugins with their package, version, hooks, status and error;
``--all`` adds the built-in ones, ``--hook NAME`` keeps those implementing one hook."""

from __future__ import annotations

import argparse
import time

from .common import UsageError, print_json, services_from


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("plugins", help="list the installed plugins (--all: the built-in ones too)")
    p.add_argument("--all", action="store_true", help="include the built-in plugins")
    p.add_argument("--hook", metavar="NAME", help="only the plugins implementing the hook NAME (e.g. tuiauth_backends)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_plugins)


def cmd_plugins(args: argparse.Namespace) -> int:
    from .. import hookspecs

    hooks = sorted(name for name, value in vars(hookspecs).items() if hasattr(value, "tuiauth_spec"))
    if args.hook is not None and not args.hook.startswith("tuiauth_"):
        args.hook = f"tuiauth_{args.hook}"
    if args.hook is not None and args.hook not in hooks:
        raise UsageError(f"there is no hook {args.hook}: the hooks are {', '.join(hooks)}")
    plugins = services_from(args).plugins
    every = plugins.info()
    recorded = plugins.failure_log.read() if plugins.failure_log is not None else {}
    for info in every:
        last = recorded.get(info.name)
        if last is not None and not info.runtime_error:  # (a failure in an earlier run)
            when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(last.at))
            info.runtime_error = f"{last.message} ({when})"
    infos = [i for i in every if (args.all or not i.builtin) and (args.hook is None or args.hook in i.hooks)]
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
    if running := sum(1 for i in infos if i.runtime_error):
        also += f", {running} failed while running"
    which = "" if args.hook is None else f" implementing {args.hook}"
    kind = "plugin" if len(infos) == 1 else "plugins"
    print(f"\n{len(infos)} {kind if args.all else 'installed ' + kind}{which}, {failed} failed to load{also}.")
    if not args.all:
        builtin = sum(1 for i in every if i.builtin and (args.hook is None or args.hook in i.hooks))
        are = "plugin is" if builtin == 1 else "plugins are"
        print(f"{builtin} built-in {are} not shown: tuiauth plugins --all lists them.")
    return 0
