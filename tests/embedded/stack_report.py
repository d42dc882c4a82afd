#!/usr/bin/env python3
"""Report the worst-case stack of every public boooply.h call on Cortex-M4
at -Os, and fail on recursion, on a frame of unbounded size, or on a call
that the call graph does not explain.

It compiles tests/impl_core.c with -fstack-usage -fcallgraph-info=su (GCC
12), which gives each function's frame size and its direct calls, and links
it into the whole-SDK program of tests/embedded/size_main.c. Then:

- Frames of the compiler helpers and C library functions that the library
  calls (64-bit division, soft-float double, memcpy...) come from the
  linked image's disassembly. Each is the sum of every push, stmdb, vpush,
  sub sp and pre-decrement store to sp in the function, which is at least
  its frame.
- Indirect calls inside the library go through function pointers that the
  library takes itself (the JSON body writers of the POST and PATCH calls,
  and the step that reads and parses a response) or that the caller
  supplies (the port's functions and the header callback). The library's
  own pointers are called only in the functions of POINTER_CALLERS; there,
  an indirect call may reach every library function whose address the
  public call's own code takes. Everywhere else an indirect call reaches
  the port or the callback, which count as 0 bytes, so every figure
  excludes them. If GCC inlined boooply__perform, the check fails, since
  its calls would then hide in another function.
- Recursion anywhere in the library makes a worst case unbounded, so any
  cycle in the call graph fails the check, as does a frame GCC reports as
  dynamic without a bound.
- A bl, blx or tail branch in the image's copy of a library function that
  GCC's call graph lacks is added to the graph and listed, so that a call
  emitted after the graph was written cannot go uncounted.

An ARM call pushes nothing by itself (the return address goes to lr), so a
chain's depth is the sum of its frames. Exception entry (32 bytes or more
on Cortex-M) is not counted.

Usage: stack_report.py [--build DIR] [--limit BYTES]
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import size_report  # noqa: E402  (run, target_config, ROOT)

ROOT = size_report.ROOT
TARGET = "m4"
INDIRECT = "__indirect_call"
# The functions that call through a pointer the library itself took: the
# body writer in boooply__start, the finish step in boooply__perform.
# Only boooply__perform calls boooply__start. So where GCC inlines it, its
# indirect calls still land in a listed function, as long as
# boooply__perform stays a function of its own, which the check requires.
POINTER_CALLERS = ("boooply__start", "boooply__perform")
POINTER_ROOT = "boooply__perform"
# The project's aim for the worst-case stack of any public call, in bytes.
AIM_BYTES = 1024

CALL_RELOCS = ("R_ARM_THM_CALL", "R_ARM_THM_JUMP24", "R_ARM_CALL", "R_ARM_JUMP24",
               "R_ARM_THM_JUMP19", "R_ARM_THM_JUMP11", "R_ARM_THM_JUMP8")


def run(cmd):
    return size_report.run(cmd)


def build(work):
    """Compiles the library with stack usage and call graph output and links
    the whole-SDK program. Returns (ci path, object path, image path, tool)."""
    cc, flags, tool, _ = size_report.target_config(TARGET)
    include = os.path.join(work, "..", "include")
    common = flags + ["-Os", "-ffunction-sections", "-fdata-sections"]
    obj = os.path.join(work, "boooply.o")
    main_o = os.path.join(work, "main.o")
    elf = os.path.join(work, "all.elf")
    run([cc] + common + ["-std=c99", "-I.", "-I" + include, "-fstack-usage", "-fcallgraph-info=su",
                         "-c", "tests/impl_core.c", "-o", obj])
    run([cc] + common + ["-std=c99", "-I.", "-I" + include, "-DSIZE_LAYER_ALL",
                         "-c", "tests/embedded/size_main.c", "-o", main_o])
    run([cc] + common + ["-Wl,--gc-sections", "-nostartfiles", "-Wl,-e,main",
                         "--specs=nano.specs", "--specs=nosys.specs", "-o", elf, main_o, obj])
    return os.path.join(work, "boooply.ci"), obj, elf, tool


def node_name(title):
    """GCC titles local functions "file:name" and global ones "name"."""
    return title.rsplit(":", 1)[-1]


def parse_callgraph(path):
    """Returns ({name: (bytes, qualifier)}, {name: set of callees}, set of
    external names) from a -fcallgraph-info=su file."""
    frames = {}
    calls = {}
    external = set()
    with open(path) as f:
        for line in f:
            m = re.match(r'node: \{ title: "([^"]+)" label: "([^"]*)"', line)
            if m:
                name = node_name(m.group(1))
                size = re.search(r"\\n(\d+) bytes \(([^)]*)\)", m.group(2))
                if size:
                    frames[name] = (int(size.group(1)), size.group(2))
                elif name != INDIRECT:
                    external.add(name)
                calls.setdefault(name, set())
                continue
            m = re.match(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"', line)
            if m:
                calls.setdefault(node_name(m.group(1)), set()).add(node_name(m.group(2)))
    return frames, calls, external


def parse_disassembly(elf, tool):
    """Returns {function: (stack bytes, set of called functions)} for every
    function of the image, from its disassembly."""
    functions = {}
    current = None
    for line in run([tool + "objdump", "-d", "--no-show-raw-insn", elf]).splitlines():
        m = re.match(r"^[0-9a-f]+ <([^>]+)>:$", line)
        if m:
            current = m.group(1)
            functions[current] = [0, set()]
            continue
        if current is None or "\t" not in line:
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        mnemonic = parts[1].strip()
        operands = parts[2].strip() if len(parts) > 2 else ""
        entry = functions[current]
        base = mnemonic.split(".")[0]
        if re.match(r"^(push|stmdb)", base) and (base.startswith("push") or operands.startswith("sp!")):
            entry[0] += 4 * count_registers(operands)
        elif base.startswith("vpush"):
            entry[0] += 8 * count_registers(operands)
        elif re.match(r"^sub", base) and re.match(r"^sp,\s*(sp,\s*)?#(\d+)", operands):
            entry[0] += int(re.match(r"^sp,\s*(sp,\s*)?#(\d+)", operands).group(2))
        elif re.match(r"^str", base):
            pre = re.search(r"\[sp, #-(\d+)\]!", operands)
            if pre:
                entry[0] += int(pre.group(1))
        target = re.search(r"<([^>+]+)>$", operands)
        if target and re.match(r"^(bl|blx)$", base):
            entry[1].add(target.group(1))
        elif target and re.match(r"^b(eq|ne|cs|cc|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?$", base) \
                and target.group(1) != current:
            entry[1].add(target.group(1))  # a tail call into another function
    return {name: (v[0], v[1]) for name, v in functions.items()}


def count_registers(operands):
    """Counts the registers of a list such as {r4, r5, lr} or {d8-d15}."""
    inner = operands[operands.find("{") + 1:operands.find("}")]
    count = 0
    for item in inner.split(","):
        item = item.strip()
        m = re.match(r"^([a-z]+)(\d+)-[a-z]+(\d+)$", item)
        count += int(m.group(3)) - int(m.group(2)) + 1 if m else 1
    return count


def address_taken(obj, tool):
    """Returns {function: set of functions whose address it takes}, from the
    relocations of each function's section that are not calls."""
    func_symbols = set()
    for line in run([tool + "readelf", "-sW", obj]).splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[3] == "FUNC":
            func_symbols.add(parts[7])
    taken = {}
    section = None
    for line in run([tool + "readelf", "-rW", obj]).splitlines():
        m = re.match(r"^Relocation section '\.rel[a]?\.text\.([^']+)'", line)
        if m:
            section = m.group(1)
            continue
        if line.startswith("Relocation section"):
            section = None
            continue
        parts = line.split()
        if section is None or len(parts) < 5 or parts[2] in CALL_RELOCS:
            continue
        symbol = parts[4]
        if symbol.startswith(".text."):
            symbol = symbol[len(".text."):]
        if symbol in func_symbols and symbol != section:
            taken.setdefault(section, set()).add(symbol)
    return taken


class Graph:
    def __init__(self, frames, calls, helpers, taken):
        self.frames = frames
        self.calls = calls
        self.helpers = helpers
        self.taken = taken

    def frame(self, name):
        if name in self.frames:
            return self.frames[name][0]
        if name in self.helpers:
            return self.helpers[name][0]
        return 0

    def callees(self, name, indirect_targets):
        if name in self.frames:
            result = set(self.calls.get(name, ()))
        elif name in self.helpers:
            result = set(self.helpers[name][1])
        else:
            result = set()
        if INDIRECT in result and name in POINTER_CALLERS:
            result.discard(INDIRECT)
            result |= indirect_targets
            result.add(INDIRECT)
        return result

    def indirect_targets(self, root):
        """Library functions whose address the code reachable from root
        takes: the only ones its indirect calls can reach."""
        targets = set()
        while True:
            seen, stack = set(), [root]
            while stack:
                name = stack.pop()
                if name in seen:
                    continue
                seen.add(name)
                stack.extend(self.callees(name, targets))
            grown = set()
            for name in seen:
                grown |= self.taken.get(name, set())
            if grown <= targets:
                return targets
            targets |= grown

    def worst(self, root):
        """Returns (bytes, chain) of the deepest chain from root, or raises
        ValueError with the cycle when the graph recurses."""
        targets = self.indirect_targets(root)
        memo = {}
        on_path = []

        def visit(name):
            if name in on_path:
                cycle = on_path[on_path.index(name):] + [name]
                raise ValueError(" -> ".join(cycle))
            if name in memo:
                return memo[name]
            on_path.append(name)
            best = (0, [])
            for callee in sorted(self.callees(name, targets)):
                if callee == INDIRECT:
                    continue
                depth = visit(callee)
                if depth[0] > best[0]:
                    best = depth
            on_path.pop()
            memo[name] = (self.frame(name) + best[0], [name] + best[1])
            return memo[name]

        depth, chain = visit(root)
        reaches_port = any(INDIRECT in self.callees(n, targets) for n in memo)
        return depth, chain, reaches_port


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default="build/embedded",
                        help="build directory; the stack build goes to BUILD/stack (default build/embedded)")
    parser.add_argument("--limit", type=int, default=AIM_BYTES,
                        help="fail when a public call needs more stack than this (default %d)" % AIM_BYTES)
    args = parser.parse_args()

    work = os.path.join(ROOT, args.build, "stack")
    os.makedirs(work, exist_ok=True)
    if not os.path.exists(os.path.join(ROOT, args.build, "include", "jsmn.h")):
        raise SystemExit("missing %s/include/jsmn.h: run make cross first" % args.build)
    ci, obj, elf, tool = build(work)
    frames, calls, external = parse_callgraph(ci)
    image = parse_disassembly(elf, tool)
    failures = []

    unbounded = [n for n, (_, qualifier) in frames.items() if "dynamic" in qualifier and "bounded" not in qualifier]
    for name in sorted(unbounded):
        failures.append("%s has a frame of unbounded size (%s)" % (name, frames[name][1]))

    helpers = {}
    pending = sorted(external)
    while pending:
        name = pending.pop()
        if name in helpers:
            continue
        if name not in image:
            failures.append("%s is called but is not in the linked image, so its stack is unknown" % name)
            continue
        helpers[name] = image[name]
        pending.extend(sorted(image[name][1]))

    added = []
    for name in sorted(frames):
        if name not in image:
            continue  # inlined everywhere or dropped by the linker
        missing = image[name][1] - calls.get(name, set()) - {name}
        for target in sorted(missing):
            if target not in frames and target not in helpers:
                if target not in image:
                    failures.append("%s calls %s, which is neither in the call graph nor in the image"
                                    % (name, target))
                    continue
                helpers[target] = image[target]
            added.append("%s -> %s" % (name, target))
        calls.setdefault(name, set()).update(missing)

    if POINTER_ROOT not in frames:
        failures.append("%s is not a function of its own in the build (inlined?), so the "
                        "indirect calls it makes cannot be placed" % POINTER_ROOT)
    graph = Graph(frames, calls, helpers, address_taken(obj, tool))
    public = sorted(n for n in frames if n.startswith("boooply_") and not n.startswith("boooply__"))
    # Recursion anywhere, also in functions no public call reaches today.
    cycles = set()
    for name in sorted(frames):
        try:
            graph.worst(name)
        except ValueError as cycle:
            cycles.add(str(cycle))
    for cycle in sorted(cycles):
        failures.append("recursion makes the stack unbounded: %s" % cycle)

    results = []
    for name in public:
        try:
            depth, chain, port = graph.worst(name)
        except ValueError:
            continue  # reported above
        results.append((name, depth, chain, port))

    if added:
        print("Calls found in the image but not in GCC's call graph, added: " + ", ".join(added))
    print("Worst-case stack of each public call, Cortex-M4 -Os, bytes (aim: %d)." % AIM_BYTES)
    print("The port's functions and the header callback are not included (\"+ port\").")
    for name, depth, chain, port in results:
        verdict = "ok" if depth <= args.limit else "OVER"
        print("  %-40s %5d%s  %s" % (name, depth, " + port" if port else "       ", verdict))
        if depth > args.limit:
            failures.append("%s needs %d bytes of stack, over %d" % (name, depth, args.limit))
    if results:
        name, depth, chain, _ = max(results, key=lambda r: r[1])
        print()
        print("Deepest chain, %d bytes, from %s:" % (depth, name))
        for fn in chain:
            print("  %5d  %s" % (graph.frame(fn), fn))
    for failure in failures:
        sys.stderr.write("stack: %s\n" % failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
