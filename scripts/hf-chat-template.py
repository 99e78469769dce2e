#!/usr/bin/env python3
"""Renders chat templates exactly as Hugging Face transformers does, as the oracle for Tether's renderer.

Reads a JSON array of {"template": "...", "context": {...}} from stdin and writes a JSON array of
{"prompt": "..."} or {"error": "..."} in the same order. The environment is transformers' own
(_compile_jinja_template): an immutable sandbox with trim_blocks and lstrip_blocks, the loopcontrols
extension, a {% generation %} tag that only marks a region, its tojson, raise_exception and strftime_now.
Needs python3 with jinja2 (3.1).
"""
import json
import sys
from datetime import datetime

from jinja2 import nodes
from jinja2.exceptions import TemplateError
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment


class AssistantTracker(Extension):
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def raise_exception(message):
    raise TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(format):
    return datetime.now().strftime(format)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[AssistantTracker, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def main():
    env = environment()
    results = []
    for case in json.load(sys.stdin):
        try:
            results.append({"prompt": env.from_string(case["template"]).render(**case["context"])})
        except Exception as e:  # the renderer under test must fail too; the kind of failure is not compared
            results.append({"error": type(e).__name__ + ": " + str(e)})
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
