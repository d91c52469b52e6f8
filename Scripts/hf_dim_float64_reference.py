#!/usr/bin/env python3
"""Float64 reference outputs of the tiny audEERING-shaped fixture (Tests/Fixtures/hf_w2v2_dim_tiny).

Not run by the tests; it made Tests/Fixtures/refs/hf_w2v2_dim_tiny/float64.json, which
HFAudioClassifierParityTests reads. The stored transformers references are float32 computations, themselves
up to ~9e-6 away from the exact result on one-frame inputs; this file gives the exact result (to float64
rounding) of the same model on the same float32 input, so a port's own accuracy can be checked.

The model is audEERING's public `EmotionModel` (model card of audeering/wav2vec2-large-robust-12-ft-emotion-msp-dim):
transformers' Wav2Vec2Model -> mean over time of the last hidden state -> dense -> tanh -> out_proj, loaded
strictly (no missing or unused weight) from the fixture directory with `from_pretrained`, then `model.double()`.
Input per file: the float32 samples (soundfile; the 16 kHz fixture files, or for the resampled ones the
reference's 16 kHz waveform refs/hf_w2v2_tiny_base/<key>.input16k.npy) through the fixture's official
feature extractor (AutoFeatureExtractor: Wav2Vec2FeatureExtractor, which normalises in float32 numpy whatever
it is given; emoeval reproduces that bit for bit), then `input_values` widened to float64. So only the model is
computed in float64: the reference checks the port's encoder and head, not the feature extractor's definition.

Environment (PyPI, Python 3.11): torch==2.11.0 transformers==5.23.0 soundfile numpy
    python3.11 -m venv /tmp/venv && /tmp/venv/bin/pip install torch==2.11.0 transformers==5.23.0 soundfile numpy
    /tmp/venv/bin/python Scripts/hf_dim_float64_reference.py            # from the repository root
"""
import argparse
import json
import os

import numpy as np

SIXTEEN_K = ["n400", "n401", "n719", "n720", "speech_0p5s", "speech_1p7s", "speech_3s", "speech_6s",
             "speech_1p7s_24bit"]
RESAMPLED = ["stereo_44k1_2s", "mono_8k_1p5s"]


def emotion_model_class():
    import torch
    import torch.nn as nn
    from transformers.models.wav2vec2.modeling_wav2vec2 import Wav2Vec2Model, Wav2Vec2PreTrainedModel

    class RegressionHead(nn.Module):
        def __init__(self, config):
            super().__init__()
            self.dense = nn.Linear(config.hidden_size, config.hidden_size)
            self.dropout = nn.Dropout(config.final_dropout)
            self.out_proj = nn.Linear(config.hidden_size, config.num_labels)

        def forward(self, x):
            return self.out_proj(self.dropout(torch.tanh(self.dense(self.dropout(x)))))

    class EmotionModel(Wav2Vec2PreTrainedModel):
        def __init__(self, config):
            super().__init__(config)
            self.config = config
            self.wav2vec2 = Wav2Vec2Model(config)
            self.classifier = RegressionHead(config)
            self.post_init()

        def forward(self, input_values):
            hidden = self.wav2vec2(input_values)[0]
            pooled = torch.mean(hidden, dim=1)
            return pooled, self.classifier(pooled)

    return EmotionModel


def main():
    import soundfile as sf
    import torch
    import transformers
    from transformers import AutoFeatureExtractor

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--fixtures", default="Tests/Fixtures", help="the repository's Tests/Fixtures")
    p.add_argument("--out", default=None, help="default: FIXTURES/refs/hf_w2v2_dim_tiny/float64.json")
    a = p.parse_args()
    model_dir = os.path.join(a.fixtures, "hf_w2v2_dim_tiny")
    out = a.out or os.path.join(a.fixtures, "refs", "hf_w2v2_dim_tiny", "float64.json")

    torch.set_num_threads(1)
    model, info = emotion_model_class().from_pretrained(model_dir, output_loading_info=True)
    bad = {k: v for k, v in info.items() if v and k != "error_msgs"}
    if bad:
        raise SystemExit(f"{model_dir}: weights not loaded exactly: {bad}")
    model = model.double().eval()
    fe = AutoFeatureExtractor.from_pretrained(model_dir)
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]

    results = {}
    for key in SIXTEEN_K + RESAMPLED:
        if key in RESAMPLED:
            x32 = np.load(os.path.join(a.fixtures, "refs", "hf_w2v2_tiny_base", f"{key}.input16k.npy"))
        else:
            name = key + (".flac" if key.endswith("24bit") else ".wav")
            x32, sr = sf.read(os.path.join(a.fixtures, "audio", name), dtype="float32", always_2d=True)
            assert sr == 16000 and x32.shape[1] == 1, key
            x32 = x32[:, 0]
        x = fe(x32, sampling_rate=16000, return_tensors="np")["input_values"][0].astype(np.float64)
        with torch.inference_mode():
            pooled, outputs = model(torch.from_numpy(np.ascontiguousarray(x))[None])
        results[key] = {"n_samples_16k": int(x.shape[0]),
                        "outputs": [float(v) for v in outputs[0]], "pooled": [float(v) for v in pooled[0]]}
        print(key, np.round(outputs[0].numpy(), 6).tolist())

    doc = {"what": "hf_w2v2_dim_tiny in float64: AutoFeatureExtractor input_values (float32) widened to float64, "
                   "model.double(); made by Scripts/hf_dim_float64_reference.py",
           "labels": labels, "torch": torch.__version__, "transformers": transformers.__version__,
           "numpy": np.__version__, "threads": 1, "results": results}
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote", out)


if __name__ == "__main__":
    main()
