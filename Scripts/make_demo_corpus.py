#!/usr/bin/env python3
"""Regenerates the bundled demo corpus in Recipes/demo/ (wav/ and data/).

Twelve short English phrases synthesised with espeak-ng 1.51 (apt-get install espeak-ng): three fake
"speakers" (different espeak voices) x four labels (neu, hap, ang, sad). The labels are assigned by this
script, not perceived: each label gets its own phrase and a crude prosody (speed, pitch, amplitude) so
the clips differ, but nothing here is real emotional speech. Audio: espeak's 22,050 Hz output resampled
to 16 kHz with scipy.signal.resample_poly(320, 441), leading/trailing silence trimmed, peak-normalised to
0.5, 16-bit mono PCM WAV. Deterministic: same espeak-ng version -> same bytes.

Usage: python3 Scripts/make_demo_corpus.py   (from the repository root; needs numpy, scipy, espeak-ng)
"""
import io
import os
import subprocess
import tempfile
import wave

import numpy as np
from scipy.signal import resample_poly

OUT = os.path.join(os.path.dirname(__file__), "..", "Recipes", "demo")

# speaker id -> espeak voice
SPEAKERS = {"spk1": "en-us", "spk2": "en-gb+f3", "spk3": "en-gb-scotland+m3"}
# speaker id -> (gender of the espeak voice: en-us is espeak's default male voice, +f3 female, +m3 male;
# accent of the voice), written as utt2gender and utt2accent so reports show group breakdowns
GROUPS = {"spk1": ("male", "us"), "spk2": ("female", "gb"), "spk3": ("male", "scottish")}
# label -> (phrase, words per minute, pitch 0-99, amplitude 0-200)
LABELS = {
    "neu": ("The meeting is at noon.", 165, 45, 100),
    "hap": ("We won the prize today!", 185, 70, 120),
    "ang": ("Give that back right now!", 195, 35, 180),
    "sad": ("Nobody came to see me.", 120, 25, 80),
}


def synthesise(text, voice, speed, pitch, amplitude):
    # -w (not --stdout): the streamed header carries no valid frame count.
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "out.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-a", str(amplitude),
                        "-w", path, text], check=True)
        with open(path, "rb") as f:
            wav_bytes = f.read()
    with wave.open(io.BytesIO(wav_bytes)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == 22050
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
    y = resample_poly(x, 320, 441)
    loud = np.nonzero(np.abs(y) > 0.01 * np.max(np.abs(y)))[0]
    y = y[max(loud[0] - 800, 0):loud[-1] + 800]  # keep 50 ms around the speech
    y = 0.5 * y / np.max(np.abs(y))
    return np.round(y * 32767).astype("<i2")


def write_wav(path, samples):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(samples.tobytes())


def main():
    os.makedirs(os.path.join(OUT, "wav"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "data"), exist_ok=True)
    rows = []
    for speaker, voice in SPEAKERS.items():
        for label, (text, speed, pitch, amplitude) in LABELS.items():
            utt = f"{speaker}_{label}"
            samples = synthesise(text, voice, speed, pitch, amplitude)
            write_wav(os.path.join(OUT, "wav", utt + ".wav"), samples)
            rows.append((utt, label, speaker, len(samples) / 16000))
    rows.sort()
    with open(os.path.join(OUT, "data", "wav.scp"), "w") as f:
        f.writelines(f"{utt} ../wav/{utt}.wav\n" for utt, _, _, _ in rows)
    with open(os.path.join(OUT, "data", "utt2emo"), "w") as f:
        f.writelines(f"{utt} {label}\n" for utt, label, _, _ in rows)
    with open(os.path.join(OUT, "data", "utt2spk"), "w") as f:
        f.writelines(f"{utt} {speaker}\n" for utt, _, speaker, _ in rows)
    with open(os.path.join(OUT, "data", "utt2gender"), "w") as f:
        f.writelines(f"{utt} {GROUPS[speaker][0]}\n" for utt, _, speaker, _ in rows)
    with open(os.path.join(OUT, "data", "utt2accent"), "w") as f:
        f.writelines(f"{utt} {GROUPS[speaker][1]}\n" for utt, _, speaker, _ in rows)
    for utt, _, _, seconds in rows:
        print(f"{utt}\t{seconds:.2f} s")


if __name__ == "__main__":
    main()
