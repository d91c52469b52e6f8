#!/usr/bin/env python3
"""The `emoeval serve` page in a real browser: headless Chromium driven through WebDriver (plain JSON over HTTP).

Starts `emoeval serve` with the demo model and a demo database (made here by running the demo recipe), then:
uploads a fixture through the file input and checks the label and bars equal `classify --json`; uploads a
non-audio file and checks the page shows classify's error line; records through the microphone (Chromium's
fake capture device fed a fixture WAV) and checks a result appears; opens the demo run, clicks a confusion cell
and checks the listed utterances equal the database's (decoded here independently from the stored scores).
Takes a screenshot of each state (printed paths). Standard library only.

Usage: Scripts/test-browser.py [--binary .build/debug/emoeval] [--screenshots DIR]
"""
import argparse, base64, json, os, signal, socket, sqlite3, struct, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "Recipes/demo/e2v_tiny_plus")
RECIPE = os.path.join(ROOT, "Recipes/demo.yaml")
CLIP = os.path.join(ROOT, "Tests/Fixtures/audio/speech_1p7s.wav")
DEMO_LABELS = ["neu", "hap", "ang", "sad"]
DEMO_MAP = {"neutral": "neu", "happy": "hap", "angry": "ang", "sad": "sad"}   # Recipes/demo.yaml, restricted


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    """The few WebDriver commands the test needs (W3C protocol, chromedriver on loopback)."""

    def __init__(self, port, chrome_args):
        self.base = f"http://127.0.0.1:{port}"
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium", "args": chrome_args}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"WebDriver {method} {path}: {e.read().decode()[:500]}")

    def s(self, path):
        return f"/session/{self.session}{path}"

    def go(self, url):
        self.call("POST", self.s("/url"), {"url": url})

    def find(self, css):
        found = self.call("POST", self.s("/element"), {"using": "css selector", "value": css})
        return list(found.values())[0]

    def click(self, css):
        self.call("POST", self.s(f"/element/{self.find(css)}/click"))

    def send_keys(self, css, text):
        self.call("POST", self.s(f"/element/{self.find(css)}/value"), {"text": text})

    def js(self, script, *args):
        return self.call("POST", self.s("/execute/sync"), {"script": script, "args": list(args)})

    def wait(self, script, what, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.js(script)
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}")

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.call("GET", self.s("/screenshot"))))
        print(f"test-browser: screenshot {path}")

    def quit(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        except Exception:
            pass


def run(binary, *args, cwd=None):
    return subprocess.run([binary, *args], capture_output=True, text=True, cwd=cwd)


def expected_cell(database, run_id, truth, predicted, model_labels):
    """Keys of the run's utterances with this truth and restricted-argmax prediction, decoded from the stored
    Float32 scores here (an independent re-implementation of the recipe's decoding)."""
    mapped = [DEMO_LABELS.index(DEMO_MAP[l]) if l in DEMO_MAP else None for l in model_labels]
    keys = []
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT u.key, u.label, p.scores FROM prediction p JOIN utterance u ON u.id = p.utteranceId "
                          "WHERE p.runId = ? ORDER BY u.key", (run_id,)).fetchall()
    for key, label, blob in rows:
        scores = struct.unpack(f"<{len(blob) // 4}f", blob)
        best = max((m for m in range(len(scores)) if mapped[m] is not None), key=lambda m: (scores[m], -m))
        if DEMO_LABELS.index(label) == truth and mapped[best] == predicted:
            keys.append(key)
    return sorted(keys)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/emoeval"))
    parser.add_argument("--screenshots", default=None)
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    work = tempfile.mkdtemp(prefix="emoeval-browser-")
    shots = options.screenshots or os.path.join(work, "screenshots")
    os.makedirs(shots, exist_ok=True)
    database = os.path.join(work, "demo.sqlite")
    made = run(binary, "run", RECIPE, "--db", database, "--progress", "none")
    assert made.returncode == 0, made.stderr

    server = subprocess.Popen([binary, "serve", "--model", MODEL, "--db", database, "--recipe", RECIPE, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver_port = free_port()
    chromedriver = subprocess.Popen(["chromedriver", f"--port={driver_port}"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
    driver = None
    try:
        line = server.stdout.readline()
        assert "http://127.0.0.1:" in line, f"serve did not start: {line} {server.stderr.read()}"
        url = line.split()[2]
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", driver_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        driver = WebDriver(driver_port, [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1100",
            "--use-fake-device-for-media-stream", f"--use-file-for-fake-audio-capture={CLIP}",
            "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"])
        driver.go(url)
        driver.wait("return document.body.dataset.ready === 'true'", "the page to load")
        driver.screenshot(os.path.join(shots, "1-models.png"))

        # 1. Upload through the file input: the label and every bar equal classify --json.
        cli = json.loads(run(binary, "classify", "--model", MODEL, "--json", "--no-feats", CLIP).stdout)
        driver.send_keys("#file", CLIP)
        driver.wait("return !document.getElementById('recognise').disabled", "the Recognise button")
        driver.click("#recognise")
        driver.wait("return document.querySelector('.result .top-label')", "a result")
        shown = driver.js("""
            const card = document.querySelector('.result');
            return {top: card.querySelector('.top-label').textContent,
                    bars: [...card.querySelectorAll(':scope > svg .bar-row')].map(g => [g.dataset.label, Number(g.dataset.score)]),
                    mapped: card.querySelector('.mapped-label').textContent};""")
        english = [label.split("/")[-1] for label in cli["labels"]]
        assert [b[0] for b in shown["bars"]] == english, shown["bars"]
        assert [b[1] for b in shown["bars"]] == cli["scores"], (shown["bars"], cli["scores"])
        assert shown["top"] == english[max(range(len(english)), key=lambda i: (cli["scores"][i], -i))], shown
        restricted = max((i for i, l in enumerate(english) if l in DEMO_MAP), key=lambda i: (cli["scores"][i], -i))
        assert shown["mapped"] == DEMO_MAP[english[restricted]], shown
        driver.screenshot(os.path.join(shots, "2-upload-result.png"))
        print(f"test-browser: upload OK (top {shown['top']}, {len(shown['bars'])} bars equal classify --json)")

        # 2. A file that is not audio: the page shows the line classify prints for it.
        bad = os.path.join(work, "notes.wav")
        with open(bad, "w") as f:
            f.write("this is a text file, not audio\n")
        expected = run(binary, "classify", "--model", MODEL, "notes.wav", cwd=work).stderr.strip()
        driver.send_keys("#file", bad)
        driver.click("#recognise")
        message = driver.wait("const e = document.getElementById('try-error'); return !e.hidden && e.textContent",
                              "the error line")
        assert message == expected, (message, expected)
        driver.screenshot(os.path.join(shots, "3-bad-upload.png"))
        print(f"test-browser: bad upload OK ({message})")

        # 3. The microphone (Chromium's fake capture device plays the fixture WAV).
        driver.click("#record")
        driver.wait("return /recording… [1-9]/.test(document.getElementById('record-status').textContent)",
                    "recording to run for a second")
        time.sleep(1.0)
        driver.click("#stop")
        driver.wait("return document.getElementById('input-name').textContent.startsWith('recording.wav')",
                    "the recording")
        driver.click("#recognise")
        summary = driver.wait("const s = document.getElementById('input-summary'); "
                              "return s && s.textContent.startsWith('recording.wav') && s.textContent", "a result")
        assert "16000 Hz" in summary and driver.js("return document.querySelectorAll('.result .bar-row').length") > 0
        driver.screenshot(os.path.join(shots, "4-microphone-result.png"))
        print(f"test-browser: microphone OK ({summary})")

        # 4. Browse: open the demo run, click the fullest confusion cell, compare its utterances with the database.
        driver.click("#tab-browse")
        driver.wait("return document.querySelector('.open-run')", "the runs table")
        driver.click(".open-run[data-run='1']")
        driver.wait("return document.querySelector('#run-metrics') && document.querySelector('svg.confusion')",
                    "the run view")
        driver.screenshot(os.path.join(shots, "5-run.png"))
        cell = driver.js("""
            const cells = [...document.querySelectorAll('svg.confusion .cell')];
            cells.sort((a, b) => Number(b.dataset.count) - Number(a.dataset.count));
            return [Number(cells[0].dataset.row), Number(cells[0].dataset.column), Number(cells[0].dataset.count)];""")
        driver.click(f"svg.confusion .cell[data-row='{cell[0]}'][data-column='{cell[1]}']")
        driver.wait("return document.querySelector('#cell-table')", "the cell's utterances")
        listed = driver.js("return [...document.querySelectorAll('#cell-table tr.utterance')].map(r => r.dataset.key)")
        with sqlite3.connect(database) as db:
            model_labels = json.loads(db.execute("SELECT m.labels FROM run r JOIN model m ON m.id = r.modelId "
                                                 "WHERE r.id = 1").fetchone()[0])
        expected_keys = expected_cell(database, 1, cell[0], cell[1], model_labels)
        assert sorted(listed) == expected_keys and len(listed) == cell[2], (listed, expected_keys, cell)
        # Sorted by confidence, descending; one click on the header reverses it.
        confidences = driver.js("return [...document.querySelectorAll('#cell-table tr.utterance td:nth-child(5)')]"
                                ".map(td => Number(td.textContent))")
        assert confidences == sorted(confidences, reverse=True), confidences
        driver.click("#sort-confidence")
        again = driver.js("return [...document.querySelectorAll('#cell-table tr.utterance td:nth-child(5)')]"
                          ".map(td => Number(td.textContent))")
        assert again == sorted(confidences), again
        # Every player's source answers with WAV audio.
        statuses = driver.js("""return [...document.querySelectorAll('#cell-table audio')].map(a => {
            const x = new XMLHttpRequest(); x.open('GET', a.src, false); x.send();
            return x.status + ' ' + x.getResponseHeader('Content-Type'); });""")
        assert statuses and all(s == "200 audio/wav" for s in statuses), statuses
        driver.js("document.querySelector('#cell-utterances').scrollIntoView()")
        driver.screenshot(os.path.join(shots, "6-cell-utterances.png"))
        print(f"test-browser: confusion cell OK ({len(listed)} utterances = the database's: {', '.join(listed)})")
        print(f"test-browser: all checks passed; screenshots in {shots}")
    finally:
        if driver:
            driver.quit()
        chromedriver.terminate()
        chromedriver.wait()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 0, f"serve exited with {server.returncode}: {server.stderr.read()}"


if __name__ == "__main__":
    main()
