"""Drives a command in a pseudo-terminal like a person would: waits for each prompt, types.

Usage: python3 pty-driver.py CMD [ARGS...]   (test/support/pty.ts is the TypeScript side)

The script comes on stdin as JSON, so answers (passwords) never show in argv or the child's
environment:
  {"steps": [["regex", "keys"], ...], "stepTimeout": 120, "exitTimeout": 120,
   "rows": 30, "cols": 120}
For each step it waits (up to stepTimeout seconds) until the regex matches the terminal output
that came after the previous match (ANSI escapes and carriage returns removed), then types the
keys as given, one character at a time (so "\r" is Enter, "\x7f" Backspace, "\x03" Ctrl-C).
After the last step it reads until the command ends; a command still running exitTimeout
seconds later is killed (a hang is a result, not a stuck test).

Prints one JSON object: {"code": exit code or null when killed, "transcript": the output
without escapes, "failedStep": index of the prompt that never came, or null,
"timedOut": true when the command had to be killed after the steps}. The driver itself
exits 0 unless it was called wrongly.
"""
import fcntl, json, os, pty, re, select, signal, struct, sys, termios, time

# CSI sequences (colours, cursor moves, erase), charset selection, keypad modes, and the
# carriage returns prompts use to redraw a line.
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")

if len(sys.argv) < 2:
    sys.stderr.write("usage: pty-driver.py CMD [ARGS...] < script.json\n")
    sys.exit(2)
script = json.load(sys.stdin)
steps = script.get("steps", [])
step_timeout = float(script.get("stepTimeout", 120))
exit_timeout = float(script.get("exitTimeout", 120))
rows, cols = int(script.get("rows", 30)), int(script.get("cols", 120))

pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])

# A real terminal has a size; without one, spinners and prompts see 0 columns.
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
raw = b""


def pump(wait):
    """Reads what the command wrote within `wait` seconds; False once the terminal closed."""
    global raw
    ready, _, _ = select.select([fd], [], [], wait)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 4096)
    except OSError:  # EIO: the command exited and closed its side
        return False
    if not chunk:
        return False
    raw += chunk
    return True


def clean(data):
    return ANSI.sub("", data.decode("utf-8", "replace"))


def kill():
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


failed = None
seen_upto = 0  # bytes of output already matched by an earlier step
alive = True
for index, (pattern, keys) in enumerate(steps):
    regex = re.compile(pattern)
    deadline = time.time() + step_timeout
    while not regex.search(clean(raw[seen_upto:])):
        if not alive or time.time() > deadline:
            failed = index
            break
        alive = pump(0.2)
    if failed is not None:
        break
    seen_upto = len(raw)
    time.sleep(0.2)  # let the prompt finish drawing before typing
    for ch in keys:
        os.write(fd, ch.encode("utf-8"))

timed_out = False
if failed is not None:
    kill()
else:
    deadline = time.time() + exit_timeout
    while alive:
        if time.time() > deadline:
            timed_out = True
            kill()
            break
        alive = pump(0.2)
drain_until = time.time() + 5
while time.time() < drain_until and pump(0.2):  # what is left after an exit or a kill
    pass
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
print(json.dumps({
    "code": None if (failed is not None or timed_out) else code,
    "transcript": clean(raw),
    "failedStep": failed,
    "timedOut": timed_out,
}))
