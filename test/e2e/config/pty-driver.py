"""Drives a command in a pseudo-terminal like a person would: waits for each prompt, types
the answer. Usage: pty-driver.py SCRIPT_JSON -- command args...
SCRIPT_JSON is a list of [text to wait for, keys to type]. Prints the whole transcript and
exits with the command's exit code (or 124 when a prompt never came)."""
import json, os, pty, re, select, sys, time

steps = json.loads(sys.argv[1])
argv = sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)

ANSI = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\r')
transcript = b''
seen = 0

def read(timeout):
    global transcript
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        return False
    if not chunk:
        return False
    transcript += chunk
    return True

for wait_for, keys in steps:
    deadline = time.time() + 120
    while True:
        text = ANSI.sub('', transcript.decode('utf8', 'replace'))
        at = text.find(wait_for, seen)
        if at >= 0:
            seen = at + len(wait_for)
            break
        if time.time() > deadline or not read(1):
            sys.stdout.write(ANSI.sub('', transcript.decode('utf8', 'replace')))
            sys.stdout.write('\n[pty-driver] never saw: %r\n' % wait_for)
            os.kill(pid, 9)
            sys.exit(124)
    time.sleep(0.3)
    os.write(fd, keys.encode('utf8'))

while read(120):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(ANSI.sub('', transcript.decode('utf8', 'replace')))
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)
